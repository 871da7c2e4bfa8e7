/**
 * The built site (`dist/`, which `npm test` builds first) against a byte budget, and its compressed copies.
 *
 * What a cold visit to a kata needs, by rule: every file of dist/ a browser fetches for the page, its
 * workers and its service worker, i.e. everything but
 *   - what is fetched only when the learner asks for it: a reference solution (`solution-*`), the "Why it
 *     matters" panel and its worker (`insight*`, `InsightChunk-*`), the comparison with the reference
 *     (`referenceDiffEditor-*`);
 *   - the compressed copies themselves and `_headers` (read by the host, never fetched).
 * KaTeX's fonts all count, although a statement's page fetches only the families its math uses: a bound
 * from above, so that a statement with new math cannot push the page over without the test seeing it.
 * Each file counts at its gzip size (its `.gz`, gzip -9, which is what nginx's gzip_static sends; woff2
 * and other files without a copy at their own size). `npm run bench` measures what one visit really fetches.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { COMPRESSIBLE_EXTENSIONS, isCompressible } from '../../build/compress-plugin.ts';

const DIST = join(import.meta.dirname, '../../dist');

/**
 * About 10% above the 3.10 MB this rule counted when it was set (all twenty KaTeX fonts, 0.25 MB, and the
 * service worker included; Monaco's register.all and all of TypeScript's libs made it about 3.48 MB before).
 */
const COLD_VISIT_GZIP_BUDGET_BYTES = 3_400_000;

/** Fetched only when the learner asks for them; see the rule above. */
const ON_DEMAND = /^assets\/(?:solution-|insight|InsightChunk-|referenceDiffEditor-)/;
const COMPRESSED_COPY = /\.(?:br|gz)$/;
const NOT_FETCHED = new Set(['_headers']);

function distFiles(): string[] {
  if (!existsSync(join(DIST, 'index.html'))) {
    throw new Error(`${DIST} has no build: run npm run build first`);
  }
  return readdirSync(DIST, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(DIST, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

const sizeOf = (file: string) => statSync(join(DIST, file)).size;
const originals = () => distFiles().filter((file) => !COMPRESSED_COPY.test(file));

function coldVisitFiles(): string[] {
  return originals().filter((file) => !ON_DEMAND.test(file) && !NOT_FETCHED.has(file));
}

function gzipSizeOf(file: string): number {
  return existsSync(join(DIST, `${file}.gz`)) ? sizeOf(`${file}.gz`) : sizeOf(file);
}

/** The precache manifest that vite-plugin-pwa writes into sw.js: `{url:"assets/x.js",revision:…}`. */
function precachedUrls(): string[] {
  const sw = readFileSync(join(DIST, 'sw.js'), 'utf8');
  return [...sw.matchAll(/\{url:"([^"]+)",revision:/g)].map((match) => match[1] ?? '');
}

describe('the cold visit', () => {
  test(`fits in ${COLD_VISIT_GZIP_BUDGET_BYTES} bytes of gzip`, () => {
    const files = coldVisitFiles();
    // The rule must not empty the set: the editor and the TypeScript worker are in it.
    expect(files.some((file) => /^assets\/ts\.worker-.+\.js$/.test(file))).toBe(true);
    expect(files.some((file) => /^assets\/editor\.api-.+\.js$/.test(file))).toBe(true);
    const sizes = files.map((file) => ({ file, gzip: gzipSizeOf(file) })).sort((a, b) => b.gzip - a.gzip);
    const total = sizes.reduce((sum, { gzip }) => sum + gzip, 0);
    const largest = sizes.slice(0, 8).map(({ file, gzip }) => `${file} ${gzip}`);
    expect(total, `cold visit ${total} bytes gzip; largest: ${largest.join(', ')}`).toBeLessThanOrEqual(
      COLD_VISIT_GZIP_BUDGET_BYTES,
    );
  });
});

describe('compressed copies', () => {
  test('every large compressible file has a .br and a .gz that decompress to it', () => {
    const files = originals().filter((file) => isCompressible(file, sizeOf(file)));
    // The workers and the editor at least; a rule that matched nothing would pass vacuously.
    expect(files.length).toBeGreaterThan(10);
    expect(files).toContain('sw.js');
    for (const file of files) {
      const original = readFileSync(join(DIST, file));
      for (const [ext, decompress] of [['.gz', gunzipSync], ['.br', brotliDecompressSync]] as const) {
        const copy = `${file}${ext}`;
        expect(existsSync(join(DIST, copy)), `${copy} is missing`).toBe(true);
        const restored = decompress(readFileSync(join(DIST, copy)));
        expect(restored.equals(original), `${copy} does not decompress to ${file}`).toBe(true);
        if (original.length > 10_000) {
          expect(readFileSync(join(DIST, copy)).length, `${copy} is not smaller`).toBeLessThan(original.length);
        }
      }
    }
  });

  test('exist only beside a compressible original (no woff2, no small file, no copy of a copy)', () => {
    for (const copy of distFiles().filter((file) => COMPRESSED_COPY.test(file))) {
      const original = copy.replace(COMPRESSED_COPY, '');
      expect(existsSync(join(DIST, original)), `${copy} has no original`).toBe(true);
      expect(isCompressible(original, sizeOf(original)), `${copy}: ${original} is not to be compressed`).toBe(true);
    }
    expect(COMPRESSIBLE_EXTENSIONS).not.toContain('.woff2');
  });

  test("are not in the service worker's precache", () => {
    const urls = precachedUrls();
    // The manifest as the page's offline mode needs it: the page and the TypeScript worker are in it.
    expect(urls).toContain('index.html');
    expect(urls.some((url) => /^assets\/ts\.worker-.+\.js$/.test(url))).toBe(true);
    expect(urls.filter((url) => COMPRESSED_COPY.test(url))).toEqual([]);
  });
});
