/**
 * The lib map that build/typescript-libs-plugin.ts puts in Monaco's TypeScript worker: the learner's code
 * type-checks against it as it would against all of TypeScript's libs (ES2022 and a worker's globals, no
 * DOM), and nothing the options reach is missing.
 */
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import { libClosure, loadLibFileMap, trimmedLibFileMapModule } from '../../build/typescript-libs-plugin.ts';
import { learnerCompilerOptions } from '../../src/ui/editor/learnerCompilerOptions.ts';
import { toMonacoCompilerOptions } from '../../src/ui/editor/monacoCompilerOptions.ts';
import { memoryCompilerHost } from '../ui/editor/virtualProgram.ts';

const options = toMonacoCompilerOptions(learnerCompilerOptions) as unknown as ts.CompilerOptions;
const LEARNER_FILE = 'file:///submission.ts';
/** A program over the full libs takes seconds on a busy machine. */
const PROGRAM_TIMEOUT_MS = 60_000;

/** The plugin's module, imported as the worker would import it. */
async function trimmedLibs(): Promise<Map<string, string>> {
  const code = trimmedLibFileMapModule(await loadLibFileMap(), learnerCompilerOptions.lib);
  const module = (await import(`data:text/javascript,${encodeURIComponent(code)}`)) as { libFileMap: Record<string, string> };
  return new Map(Object.entries(module.libFileMap));
}

/** Diagnostics of `source` in a program that, like Monaco's worker, finds libs by bare file name only in `libs`. */
function diagnostics(source: string, libs: ReadonlyMap<string, string>): string[] {
  const readFile = (fileName: string) => (fileName === LEARNER_FILE ? source : libs.get(fileName));
  // What the worker answers for ES2022; only its directory ('') matters once `lib` is set.
  const host = memoryCompilerHost(readFile, () => 'lib.es2022.full.d.ts');
  const program = ts.createProgram({ rootNames: [LEARNER_FILE], options, host });
  const file = program.getSourceFile(LEARNER_FILE);
  return [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...(file ? program.getSemanticDiagnostics(file) : []),
  ].map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
}

const USES_ES2022_AND_WORKER_GLOBALS = `
const values = [3, 1, 2];
const last: number | undefined = values.at(-1);
const own: boolean = Object.hasOwn({ a: 1 }, 'a');
const error = new Error('failed', { cause: last });
const copy = structuredClone(values);
const map = new Map<string, number>([['a', 1]]);
for (const [key, value] of map) console.log(key, value, own, error.cause, copy);
setTimeout(() => self.postMessage({ done: true }), 0);
export const doubled = async () => (await Promise.all(values.map(async (v) => v * 2))).flatMap((v) => [v]);
`;

describe('the trimmed TypeScript libs', () => {
  test('are fewer than half of the libs Monaco bundles, and include what the options name', async () => {
    const all = await loadLibFileMap();
    const libs = await trimmedLibs();
    expect(libs.size).toBeLessThan(all.size / 2 + 10);
    expect([...libs.keys()]).toEqual(expect.arrayContaining(['lib.es5.d.ts', 'lib.es2022.d.ts', 'lib.webworker.d.ts']));
    expect(libs.has('lib.dom.d.ts')).toBe(false);
    for (const [name, text] of libs) expect(text, name).toBe(all.get(name));
  }, PROGRAM_TIMEOUT_MS);

  test('type-check ES2022 code with a worker global scope, as all the libs do', async () => {
    expect(diagnostics(USES_ES2022_AND_WORKER_GLOBALS, await trimmedLibs())).toEqual([]);
    expect(diagnostics(USES_ES2022_AND_WORKER_GLOBALS, await loadLibFileMap())).toEqual([]);
  }, PROGRAM_TIMEOUT_MS);

  test('still report what the options exclude: the DOM, ES2023 and later', async () => {
    const libs = await trimmedLibs();
    expect(diagnostics('document.body.append("x");', libs)).toEqual([expect.stringContaining("Cannot find name 'document'")]);
    expect(diagnostics('[1, 2].findLast((x: number) => x > 1);', libs)).toEqual([
      expect.stringContaining("Property 'findLast' does not exist"),
    ]);
  }, PROGRAM_TIMEOUT_MS);

  test('a lib the map lacks fails loudly, at build time and in the editor', async () => {
    const all = await loadLibFileMap();
    expect(() => libClosure(all, ['NoSuchLib'])).toThrow('lib.nosuchlib.d.ts');
    const withoutEs2021 = new Map([...(await trimmedLibs())].filter(([name]) => name !== 'lib.es2021.d.ts'));
    // Without one link of the chain, es5 and everything under it are gone: every file shows errors.
    expect(diagnostics('export {};', withoutEs2021)).toEqual(
      expect.arrayContaining([expect.stringContaining("Cannot find global type 'Object'")]),
    );
  }, PROGRAM_TIMEOUT_MS);
});
