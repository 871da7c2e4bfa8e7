import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { tfjsCoreDeclarations } from '../../../src/ui/editor/tfjsCoreDeclarations.ts';
import { TFJS_CORE_ENTRIES, tfjsVirtualFiles } from '../../../src/ui/editor/tfjsTypes.ts';
import { createLearnerProgram, editorCompilerOptions } from './virtualProgram.ts';

const coreDist = `${dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-core/package.json'))}/dist/`;

/** The declaration files TypeScript reaches from the sandbox's tfjs-core entry points on disk. */
function reachableFromEntries(): string[] {
  const roots = TFJS_CORE_ENTRIES.map((entry) => `${coreDist}${entry}.d.ts`);
  const program = ts.createProgram(roots, editorCompilerOptions);
  return program
    .getSourceFiles()
    .map((file) => file.fileName)
    .filter((fileName) => fileName.startsWith(coreDist))
    .map((fileName) => fileName.slice(coreDist.length))
    .sort();
}

describe('the shipped tfjs declarations', () => {
  it('are exactly the files reachable from the tfjs-core entry points', () => {
    expect(Object.keys(tfjsCoreDeclarations).sort()).toEqual(reachableFromEntries());
  });

  it('promise only what the sandbox loads', () => {
    const sandboxTf = readFileSync(new URL('../../../src/worker/tf.ts', import.meta.url), 'utf8');
    for (const entry of TFJS_CORE_ENTRIES.filter((entry) => entry !== 'index')) {
      expect(sandboxTf).toContain(`import '@tensorflow/tfjs-core/dist/${entry}';`);
    }
  });

  it('type-check on their own, with the stubs standing in for WebGPU, DOM and Long', () => {
    const { program } = createLearnerProgram('export {};', { ...editorCompilerOptions, skipLibCheck: false });
    const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => ({
      file: diagnostic.file?.fileName,
      message: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
    }));
    expect(problems).toEqual([]);
  });

  it('carry the doc comment of tf.customGrad through the @tensorflow/tfjs mapping', () => {
    const source = "import * as tf from '@tensorflow/tfjs';\nexport const op = tf.customGrad;\n";
    const { program, learnerFile } = createLearnerProgram(source);
    const checker = program.getTypeChecker();
    const position = source.indexOf('customGrad');
    const node = findIdentifierAt(learnerFile, position);
    const symbol = checker.getSymbolAtLocation(node);
    const resolved = symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;

    expect(ts.displayPartsToString(resolved?.getDocumentationComment(checker))).toMatch(
      /^Overrides the gradient computation of a function `f`\./,
    );
    // One signature, rewritten from tfjs-core's (see tfjsTypes.ts): the first parameter is an input, the
    // later ones may be inputs or `save`.
    const signatures = checker.getTypeAtLocation(node).getCallSignatures();
    expect(signatures.map((signature) => checker.signatureToString(signature, undefined, ts.TypeFormatFlags.NoTruncation))).toEqual([
      '<T extends Tensor>(f: (x: Tensor<Rank>, ...inputsThenSave: (Tensor<Rank> & GradSaveFunc)[]) => { value: T; gradFunc: (dy: T, saved: Tensor<Rank>[]) => Tensor<Rank> | Tensor<Rank>[]; }): (...args: Tensor<Rank>[]) => T',
    ]);
  });

  it("leave tf.util.fetch out of util.d.ts, doc comment and all, and keep the next function's own", () => {
    const onDisk = readFileSync(`${coreDist}util.d.ts`, 'utf8');
    const served = tfjsVirtualFiles(tfjsCoreDeclarations).find((file) => file.path.endsWith('/tfjs-core/dist/util.d.ts'));
    expect(onDisk).toContain('export declare function fetch(');
    expect(served?.content).not.toMatch(/fetch/i);
    // Only that: from the doc comment before the declaration to the end of its line.
    const declaration = onDisk.indexOf('export declare function fetch(');
    const withoutFetch = onDisk.slice(0, onDisk.lastIndexOf('/**', declaration)) + onDisk.slice(onDisk.indexOf('\n', declaration) + 1);
    expect(served?.content).toBe(withoutFetch);

    const source = "import * as tf from '@tensorflow/tfjs';\nexport const encode = tf.util.encodeString;\n";
    const { program, learnerFile } = createLearnerProgram(source);
    const checker = program.getTypeChecker();
    const symbol = checker.getSymbolAtLocation(findIdentifierAt(learnerFile, source.indexOf('encodeString')));
    expect(ts.displayPartsToString(symbol?.getDocumentationComment(checker))).toMatch(/^Encodes the provided string into bytes/);
  });
});

function findIdentifierAt(file: ts.SourceFile, position: number): ts.Node {
  const visit = (node: ts.Node): ts.Node | undefined =>
    node.getStart(file) <= position && position < node.getEnd()
      ? (ts.forEachChild(node, visit) ?? node)
      : undefined;
  const found = visit(file);
  if (!found || !ts.isIdentifier(found)) throw new Error(`no identifier at ${position}`);
  return found;
}
