/**
 * The README's nginx snippet, taken from README.md itself (so that what instructors copy is what is tested),
 * in a real nginx serving the built dist/ under /course/implicit/: the redirect of the path without its
 * slash, the cache lifetimes, the build's .gz copies sent as they are, and the Content-Security-Policy of
 * the page, the sandbox worker and the service worker.
 *
 * nginx is Debian's (`apt-get install nginx`; .ci/run installs it). Without it this test fails: the snippet
 * would otherwise go untested.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIST_DIR, freePort } from '../../scripts/browser.ts';

const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
const PREFIX = '/course/implicit';
/** Where the README puts dist/: `root /var/www;` with dist/ copied to /var/www/course/implicit/. */
const README_ROOT = '/var/www';
const STARTUP_TIMEOUT_MS = 10_000;

const IMMUTABLE = 'public, max-age=31536000, immutable';
const PAGE_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const SANDBOX_POLICY = "default-src 'none'; script-src 'unsafe-eval'";
const SERVICE_WORKER_POLICY = "default-src 'none'; script-src 'self'; connect-src 'self'";

/** The README's one ```nginx block. */
function readmeNginxSnippet(): string {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const blocks = [...readme.matchAll(/^```nginx\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? '');
  if (blocks.length !== 1) throw new Error(`README.md has ${blocks.length} nginx blocks, not 1`);
  return blocks[0] ?? '';
}

type Response = { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer };

let work: string | undefined;
let nginx: ChildProcess | undefined;
let origin = '';
let nginxLog = '';

/** A GET with explicit request headers and no decompression: what a browser would be sent, byte for byte. */
function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = request(`${origin}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function waitUntilServing(): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    try {
      await get(`${PREFIX}/`);
      return;
    } catch (error) {
      if (Date.now() > deadline || nginx?.exitCode !== null) {
        throw new Error(`nginx did not start: ${String(error)}\n${nginxLog}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

const assetNamed = (pattern: RegExp): string => {
  const name = readdirSync(join(DIST_DIR, 'assets')).find((file) => pattern.test(file));
  if (!name) throw new Error(`dist/assets has no file matching ${pattern}: run npm run build first`);
  return `assets/${name}`;
};

beforeAll(async () => {
  if (!existsSync(NGINX)) {
    throw new Error(`${NGINX} is missing: install nginx (Debian: apt-get install nginx) or set NGINX_PATH`);
  }
  if (!existsSync(join(DIST_DIR, 'index.html'))) throw new Error('dist/ has no build: run npm run build first');
  work = mkdtempSync(join(tmpdir(), 'kata-nginx-'));
  // nginx started as root runs its workers as nobody: they must be able to read the copy.
  chmodSync(work, 0o755);
  const www = join(work, 'www');
  cpSync(DIST_DIR, join(www, PREFIX), { recursive: true });
  for (const dir of [www, join(www, 'course')]) chmodSync(dir, 0o755);
  for (const temp of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(work, temp));
  const snippet = readmeNginxSnippet().replaceAll(`root ${README_ROOT};`, `root ${www};`);
  if (!snippet.includes(`root ${www};`)) throw new Error(`the README's snippet has no "root ${README_ROOT};"`);
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  writeFileSync(
    join(work, 'nginx.conf'),
    [
      'worker_processes 1;',
      `pid ${join(work, 'nginx.pid')};`,
      `error_log ${join(work, 'error.log')} warn;`,
      'events {}',
      'http {',
      '  include /etc/nginx/mime.types;',
      '  default_type application/octet-stream;',
      '  access_log off;',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((temp) => `  ${temp}_temp_path ${join(work ?? '', temp)};`),
      '  server {',
      `    listen 127.0.0.1:${port};`,
      snippet,
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  nginx = spawn(NGINX, ['-p', work, '-c', join(work, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  nginx.stdout?.on('data', (chunk: Buffer) => (nginxLog += chunk.toString()));
  nginx.stderr?.on('data', (chunk: Buffer) => (nginxLog += chunk.toString()));
  await waitUntilServing();
});

afterAll(async () => {
  if (nginx && nginx.exitCode === null) {
    const exited = new Promise((resolve) => nginx?.once('exit', resolve));
    nginx.kill('SIGTERM');
    await exited;
  }
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the README's nginx snippet", () => {
  test('redirects the path without its slash to the page', async () => {
    const response = await get(PREFIX);
    expect(response.status).toBe(301);
    expect(new URL(String(response.headers.location), origin).pathname).toBe(`${PREFIX}/`);
  });

  test("serves index.html at the path, revalidated on each load, under the page's policy", async () => {
    const response = await get(`${PREFIX}/`, { 'Accept-Encoding': 'gzip' });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['content-security-policy']).toBe(PAGE_POLICY);
    // Compressed, from its .gz copy or (while it is under 1 kB) on the fly: text/html is always in gzip_types.
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(response.body).equals(readFileSync(join(DIST_DIR, 'index.html')))).toBe(true);
  });

  test.each([
    ['the page script', /^index-.+\.js$/, /^(?:application|text)\/javascript/],
    ['a stylesheet', /^ProblemWorkspace-.+\.css$/, /^text\/css/],
    ['the TypeScript worker', /^ts\.worker-.+\.js$/, /^(?:application|text)\/javascript/],
    ["Monaco's font", /^codicon-.+\.ttf$/, /^font\/ttf/],
  ])('sends %s from its .gz copy, cached for a year', async (_what, pattern, type) => {
    const asset = assetNamed(pattern);
    const response = await get(`${PREFIX}/${asset}`, { 'Accept-Encoding': 'gzip' });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(type);
    expect(response.headers['content-encoding']).toBe('gzip');
    // gzip_static sends the file the build wrote, byte for byte; on-the-fly gzip would differ (and be chunked).
    expect(response.body.equals(readFileSync(join(DIST_DIR, `${asset}.gz`)))).toBe(true);
    expect(response.headers['cache-control']).toBe(IMMUTABLE);
    expect(response.headers['content-security-policy']).toBe(PAGE_POLICY);
    expect(String(response.headers.vary)).toMatch(/Accept-Encoding/i);
  });

  test('sends the original to a client that takes no gzip', async () => {
    const asset = assetNamed(/^index-.+\.js$/);
    const response = await get(`${PREFIX}/${asset}`, { 'Accept-Encoding': 'identity' });
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.body.length).toBe(statSync(join(DIST_DIR, asset)).size);
  });

  test('gives the sandbox worker its own policy only, and the long cache', async () => {
    const response = await get(`${PREFIX}/${assetNamed(/^sandbox\.worker-.+\.js$/)}`, { 'Accept-Encoding': 'gzip' });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.headers['content-security-policy']).toBe(SANDBOX_POLICY);
    expect(response.headers['cache-control']).toBe(IMMUTABLE);
  });

  test('revalidates the service worker on each load, under its own policy', async () => {
    const response = await get(`${PREFIX}/sw.js`, { 'Accept-Encoding': 'gzip' });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['content-security-policy']).toBe(SERVICE_WORKER_POLICY);
  });

  test('revalidates the other unhashed files too', async () => {
    const workbox = readdirSync(DIST_DIR).find((file) => /^workbox-.+\.js$/.test(file));
    for (const path of ['favicon.svg', workbox ?? 'workbox-missing.js']) {
      const response = await get(`${PREFIX}/${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers['cache-control'], path).toBe('no-cache');
    }
  });
});
