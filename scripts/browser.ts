/**
 * Shared by the end-to-end tests and the benchmark: Debian's Chromium driven by playwright-core, and the
 * built site served from a sub-path by a plain static file server, as an instructor would host it.
 */
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import sirv from 'sirv';

export const DIST_DIR = fileURLToPath(new URL('../dist/', import.meta.url));
/** Not the root: proves the build works from any sub-path. */
export const SITE_PREFIX = '/course/implicit/';

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  const found = CHROMIUM_CANDIDATES.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new Error(`No Chromium found (tried ${CHROMIUM_CANDIDATES.join(', ')}); install it or set CHROMIUM_PATH`);
  }
  return found;
}

/** A problem's own address on the site: what a learner bookmarks or is sent (see src/ui/route.ts). */
export function problemUrl(site: Pick<StaticSite, 'url'>, slug: string): string {
  return `${site.url}#/${slug}`;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
}

export type StaticSite = {
  /** The site's address, ending in its prefix (SITE_PREFIX for dist/). */
  readonly url: string;
  readonly origin: string;
  close(): Promise<void>;
};

/**
 * Serves a request under the site itself, before the files do: returns true when it has answered. `path` is
 * the request's path from the site's root, `/` included.
 */
export type SiteHandler = (path: string, request: IncomingMessage, response: ServerResponse) => boolean;

/**
 * Serves dist/ (or another build's `dir`) under SITE_PREFIX only; anything else is a 404, so a wrong absolute
 * path shows up. `handle` may answer a request first (a test's extra endpoint) or set headers on it.
 */
export async function serveDist(handle: SiteHandler = () => false, dir = DIST_DIR): Promise<StaticSite> {
  if (!existsSync(dir)) throw new Error(`${dir} does not exist: run \`npm run build\` first`);
  return serveFolder(() => dir, { prefix: SITE_PREFIX, handle });
}

export type ServeFolderOptions = {
  /** Where the folder appears on the server, `/` at both ends; outside it everything is a 404. */
  prefix?: string;
  handle?: SiteHandler;
};

/**
 * Serves a folder as a plain static host does, under `prefix` (the origin's root by default). `folder` is read
 * on every request: a test that returns another folder from then on has redeployed the site under the open
 * page, every old file gone at once, as a copy over the old folder leaves it.
 */
export async function serveFolder(folder: () => string, options: ServeFolderOptions = {}): Promise<StaticSite> {
  const prefix = options.prefix ?? '/';
  const handle = options.handle ?? (() => false);
  // sirv lists a folder's files once, when it is created: one instance per folder served.
  const servers = new Map<string, ReturnType<typeof sirv>>();
  const filesOf = (root: string) => {
    let files = servers.get(root);
    if (!files) {
      files = sirv(root, { dev: false, etag: true });
      servers.set(root, files);
    }
    return files;
  };
  const server: Server = createServer((request, response) => {
    const url = request.url ?? '/';
    if (!url.startsWith(prefix)) {
      response.statusCode = 404;
      response.end('outside the site');
      return;
    }
    const path = `/${url.slice(prefix.length)}`;
    if (handle(path, request, response)) return;
    request.url = path;
    filesOf(folder())(request, response, () => {
      response.statusCode = 404;
      response.end('not found');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}${prefix}`,
    origin,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // A browser may hold keep-alive connections open; they must not keep the server from closing.
        server.closeAllConnections();
      }),
  };
}

/**
 * A TCP port on 127.0.0.1 that was free a moment ago, for a program that must be told its port before it
 * listens (nginx's config, Chromium's remote debugging).
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createTcpServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}
