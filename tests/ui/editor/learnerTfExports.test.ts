/**
 * The editor's `@tensorflow/tfjs` promises what the sandbox's gives: the values it declares are exactly the
 * names the learner's code gets in a run (the CLI's locked-down sandbox thread, the same code as the page's
 * worker), but for tfjs-core's kernel names, which the types leave out; and so are the members of each
 * namespace that the sandbox gives without some of its members (`tf.util`, without `fetch`).
 */
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { WITHHELD_EXPORTS, WITHHELD_MEMBERS } from '../../../src/worker/withheld-exports.ts';
import { measureInSandbox } from '../../support/sandbox.ts';
import { createLearnerProgram } from './virtualProgram.ts';

const KERNEL_NAMES_FILE = 'file:///node_modules/@tensorflow/tfjs-core/dist/kernel_names.d.ts';

/** The module's exports as the editor's TypeScript sees them: values (functions, classes, namespaces) and types. */
function editorExports(): { values: string[]; typesOnly: string[]; kernelNames: string[] } {
  const source = "import * as tf from '@tensorflow/tfjs';\nexport {};\n";
  const { program, learnerFile } = createLearnerProgram(source);
  const checker = program.getTypeChecker();
  const [importDeclaration] = learnerFile.statements;
  if (!importDeclaration || !ts.isImportDeclaration(importDeclaration)) throw new Error('no import');
  const tfModule = checker.getSymbolAtLocation(importDeclaration.moduleSpecifier);
  const kernelNamesFile = program.getSourceFile(KERNEL_NAMES_FILE);
  const kernelNamesModule = kernelNamesFile && checker.getSymbolAtLocation(kernelNamesFile);
  if (!tfModule || !kernelNamesModule) throw new Error('a module did not resolve');

  const resolve = (symbol: ts.Symbol) => (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);
  const isValue = (symbol: ts.Symbol) => (resolve(symbol).flags & ts.SymbolFlags.Value) !== 0;
  const exports = checker.getExportsOfModule(tfModule);
  return {
    values: exports.filter(isValue).map((symbol) => symbol.name).sort(),
    typesOnly: exports.filter((symbol) => !isValue(symbol)).map((symbol) => symbol.name).sort(),
    kernelNames: checker.getExportsOfModule(kernelNamesModule).filter(isValue).map((symbol) => symbol.name).sort(),
  };
}

/** The values that the editor's TypeScript sees in `tf.<namespace>`. */
function editorNamespaceValues(namespace: string): string[] {
  const source = `import * as tf from '@tensorflow/tfjs';\nexport const members = tf.${namespace};\n`;
  const { program, learnerFile } = createLearnerProgram(source);
  const checker = program.getTypeChecker();
  const [, statement] = learnerFile.statements;
  const declaration = statement && ts.isVariableStatement(statement) ? statement.declarationList.declarations[0] : undefined;
  if (!declaration?.initializer) throw new Error('no initializer');
  return checker
    .getTypeAtLocation(declaration.initializer)
    .getProperties()
    .map((symbol) => symbol.name)
    .sort();
}

/** What `Object.keys(tf)` gives learner code in the sandbox. */
function sandboxTfKeys(): Promise<string[]> {
  return sandboxKeysPrintedBy('print-learner-tf.ts');
}

/** The keys that a fixture of tests/fixtures/editor-types/sandbox/ prints from inside the sandbox. */
async function sandboxKeysPrintedBy(fixture: string): Promise<string[]> {
  const source = readFileSync(new URL(`../../fixtures/editor-types/sandbox/${fixture}`, import.meta.url), 'utf8');
  const outcome = await measureInSandbox(source, { entry: 'f', factory: false, seed: 'test', probes: [] });
  expect(outcome.load).toMatchObject({ status: 'loaded' });
  expect(outcome.console.droppedLines).toBe(0);
  return outcome.console.lines.flatMap((line) => line.text.split(' ')).sort();
}

describe("the editor's @tensorflow/tfjs", () => {
  const editor = editorExports();

  it('declares exactly the values the sandbox gives learner code, but for the kernel names', async () => {
    const sandbox = await sandboxTfKeys();
    const kernelNames = new Set(editor.kernelNames);
    // Strings such as `Abs = "Abs"`: keys of the kernel and gradient registries, which are withheld, and two
    // hundred capitalised entries at the top of every `tf.` completion list.
    expect(editor.kernelNames.length).toBeGreaterThan(100);
    expect(sandbox).toEqual(expect.arrayContaining(editor.kernelNames));
    // No tfjs names either: `__esModule`, which the sandbox sets so that the transpiled `import * as tf` takes
    // its namespace as it is, and in the CLI `default`, Node's key for the CommonJS bundle it loads (undefined).
    expect(sandbox).toContain('__esModule');
    const interop = new Set(['__esModule', 'default']);
    expect(editor.values).toEqual(sandbox.filter((name) => !kernelNames.has(name) && !interop.has(name)));
  }, 60_000);

  it('has what a custom gradient is written with, and neither the kernel names nor the engine', () => {
    for (const name of ['customGrad', 'grad', 'grads', 'mul', 'div', 'add', 'scalar', 'tensor', 'tidy', 'Tensor', 'train']) {
      expect(editor.values).toContain(name);
    }
    expect(editor.typesOnly).toEqual(expect.arrayContaining(['GradSaveFunc', 'NamedTensorMap', 'Scalar', 'TensorLike']));
    for (const name of ['Abs', 'Acos', 'Sqrt', 'engine', 'env', 'backend', 'registerKernel', 'io', 'kernel_impls']) {
      expect([...editor.values, ...editor.typesOnly]).not.toContain(name);
    }
  });

  it('declares nothing the sandbox withholds, not even as a type', () => {
    expect([...editor.values, ...editor.typesOnly].filter((name) => WITHHELD_EXPORTS.has(name))).toEqual([]);
  });

  it('declares exactly the members of tf.util that the sandbox gives learner code: all but fetch', async () => {
    // The fixture prints tf.util; this test must change with the list if another namespace loses members.
    expect(Object.keys(WITHHELD_MEMBERS)).toEqual(['util']);
    const sandbox = await sandboxKeysPrintedBy('print-learner-tf-util.ts');
    const editorUtil = editorNamespaceValues('util');
    expect(sandbox).not.toContain('fetch');
    expect(editorUtil).not.toContain('fetch');
    for (const name of ['now', 'sizeFromShape', 'encodeString', 'assert']) expect(editorUtil).toContain(name);
    expect(editorUtil).toEqual(sandbox);
  }, 60_000);
});
