import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

/**
 * Writes `<file>.br` and `<file>.gz` beside each compressible file of `dist/`, for hosts that serve them as
 * they are (nginx `gzip_static` and `brotli_static`, see the README's "Hosting it"): the host then spends no
 * time compressing, and sends brotli, 15-20% smaller than gzip on our JavaScript, where it could only
 * gzip on the fly.
 *
 * Our own plugin, not a compression plugin from the registry: those compress the bundle as Rollup writes
 * it, and the service worker (sw.js and workbox-*.js) is written later, by vite-plugin-pwa's closeBundle.
 * This runs after it (`order: 'post'`) and takes whatever `dist/` holds.
 *
 * The service worker's precache does not list the copies: its globPatterns (vite.config.ts) name the
 * original extensions only, and tests/build/bundle-budget.test.ts checks that.
 */

/** Text and uncompressed binary formats. woff2, woff and png are compressed formats already. */
export const COMPRESSIBLE_EXTENSIONS = ['.js', '.mjs', '.css', '.html', '.svg', '.json', '.wasm', '.ttf', '.txt'] as const;

/** Below this the copies would save less than the headers and a request's overhead are worth. */
export const MIN_COMPRESSED_SIZE_BYTES = 1024;

export const GZIP_LEVEL = 9;
export const BROTLI_QUALITY = 11;

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

export function isCompressible(fileName: string, sizeBytes: number): boolean {
  return sizeBytes >= MIN_COMPRESSED_SIZE_BYTES && COMPRESSIBLE_EXTENSIONS.some((ext) => fileName.endsWith(ext));
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

export async function compress(content: Buffer, fileName: string): Promise<{ gzip: Buffer; brotli: Buffer }> {
  const text = !fileName.endsWith('.ttf') && !fileName.endsWith('.wasm');
  const [gzipped, brotli] = await Promise.all([
    gzipAsync(content, { level: GZIP_LEVEL }),
    brotliAsync(content, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
        [constants.BROTLI_PARAM_MODE]: text ? constants.BROTLI_MODE_TEXT : constants.BROTLI_MODE_GENERIC,
        [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
      },
    }),
  ]);
  return { gzip: gzipped, brotli };
}

/** Compresses every compressible file under `dir`; returns how many it compressed. */
export async function compressDirectory(dir: string): Promise<number> {
  const files: string[] = [];
  for (const file of await filesUnder(dir)) {
    if (isCompressible(file, (await stat(file)).size)) files.push(file);
  }
  // All at once: zlib runs in libuv's thread pool, so the two big workers compress side by side.
  await Promise.all(
    files.map(async (file) => {
      const compressed = await compress(await readFile(file), file);
      await Promise.all([writeFile(`${file}.gz`, compressed.gzip), writeFile(`${file}.br`, compressed.brotli)]);
    }),
  );
  return files.length;
}

export function compressPlugin(): Plugin {
  let outDir = '';
  return {
    name: 'implicit-kata:compress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      async handler(error) {
        // A failed build leaves a partial dist/: nothing to serve, nothing to compress.
        if (error) return;
        const count = await compressDirectory(outDir);
        this.info(`wrote .br and .gz beside ${count} files`);
      },
    },
  };
}
