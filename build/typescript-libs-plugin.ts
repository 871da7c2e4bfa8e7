import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'vite';
import { learnerCompilerOptions } from '../src/ui/editor/learnerCompilerOptions.ts';

/**
 * Monaco's TypeScript worker bundles every lib .d.ts TypeScript ships (`lib.dom.d.ts`, `lib.esnext.*`, the
 * `scripthost` and `webworker` variants: 100 files, 3.1 MB, 430 kB gzip) as strings in one module, its
 * `libFileMap`. A program whose options set `lib` reads only those libs and the ones they reference
 * (`/// <reference lib="…" />`); with `lib` set, TypeScript never loads the target's default lib. So the
 * worker needs the closure of the learner's `lib` option and nothing else: this plugin replaces the module
 * with that subset. A lib outside it would make TypeScript report "Cannot find lib definition", so a new
 * `lib` in learnerCompilerOptions.ts changes the subset with it (tests/build/typescript-libs-plugin.test.ts
 * type-checks against the subset).
 */

const require = createRequire(import.meta.url);

/** The module that holds `libFileMap`, as Vite resolves it (monaco-editor's `exports` map). */
export const LIB_FILE_MAP_ID = /monaco-editor\/esm\/vs\/languages\/features\/typescript\/lib\/lib\.js$/;

export function libFileMapPath(): string {
  return require.resolve('monaco-editor/languages/features/typescript/lib/lib.js');
}

/** The lib file name of a `lib` option value or a `/// <reference lib>` name: `ES2022` -> `lib.es2022.d.ts`. */
export function libFileName(name: string): string {
  return `lib.${name.toLowerCase()}.d.ts`;
}

/** The worker's own lib map, file name -> text, read by importing monaco's module (plain data, no imports). */
export async function loadLibFileMap(): Promise<Map<string, string>> {
  const module = (await import(pathToFileURL(libFileMapPath()).href)) as { libFileMap?: Record<string, string> };
  if (!module.libFileMap) throw new Error(`${libFileMapPath()} no longer exports libFileMap: has monaco-editor changed?`);
  return new Map(Object.entries(module.libFileMap));
}

/** The libs `roots` name and every lib they reference, transitively, as file names. */
export function libClosure(libs: ReadonlyMap<string, string>, roots: readonly string[]): string[] {
  const kept = new Set<string>();
  const pending = roots.map(libFileName);
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (kept.has(file)) continue;
    const text = libs.get(file);
    if (text === undefined) throw new Error(`${file} is not among the TypeScript worker's libs`);
    kept.add(file);
    for (const reference of text.matchAll(/^\/\/\/\s*<reference\s+lib="([^"]+)"\s*\/>/gm)) {
      pending.push(libFileName(reference[1] ?? ''));
    }
  }
  return [...kept].sort();
}

/** The replacement module: the same export, with only the libs the learner's options reach. */
export function trimmedLibFileMapModule(libs: ReadonlyMap<string, string>, roots: readonly string[]): string {
  const entries = libClosure(libs, roots).map((file) => `libFileMap[${JSON.stringify(file)}] = ${JSON.stringify(libs.get(file))};`);
  return ['const libFileMap = {};', ...entries, 'export { libFileMap };', ''].join('\n');
}

/** Must be among the worker bundle's plugins too (vite.config.ts `worker.plugins`): that is where the module is. */
export function typescriptLibsPlugin(): Plugin {
  return {
    name: 'implicit-kata:typescript-libs',
    apply: 'build',
    load: {
      filter: { id: LIB_FILE_MAP_ID },
      async handler() {
        const libs = await loadLibFileMap();
        return { code: trimmedLibFileMapModule(libs, learnerCompilerOptions.lib), map: null };
      },
    },
  };
}
