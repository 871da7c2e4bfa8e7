import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { learnerCompilerOptions } from '../../../src/ui/editor/learnerCompilerOptions.ts';
import { editorCompilerOptions, typeCheck } from './virtualProgram.ts';

const problemFile = (name: string) =>
  readFileSync(new URL(`../../../src/problems/fixed-point-sqrt/${name}`, import.meta.url), 'utf8');

describe('learnerCompilerOptions', () => {
  it('maps to exactly what TypeScript makes of them as tsconfig options', () => {
    const { options, errors } = ts.convertCompilerOptionsFromJson(learnerCompilerOptions, '');
    expect(errors).toEqual([]);
    expect(editorCompilerOptions).toEqual(options);
  });

  it.each(['starter.ts', 'solution.ts'])('accepts fixed-point-sqrt/%s without a diagnostic', (name) => {
    expect(typeCheck(problemFile(name))).toEqual([]);
  });

  it('reports a real type error in the learner code', () => {
    const findings = typeCheck(
      ["import * as tf from '@tensorflow/tfjs';", 'export const n: number = tf.ones([2]);'].join('\n'),
    );
    expect(findings).toEqual([expect.objectContaining({ code: 2322, line: 2 })]);
  });

  it('knows the chained methods the sandbox registers, and only real ones', () => {
    const source = (body: string) => `import * as tf from '@tensorflow/tfjs';\nexport const f = (x: tf.Tensor) => ${body};`;
    expect(typeCheck(source('x.square().mul(0.5).add(x)'))).toEqual([]);
    expect(typeCheck(source('x.squared()'))).toEqual([expect.objectContaining({ code: 2551 })]);
  });

  it('is strict: implicit any is an error', () => {
    const findings = typeCheck('export const twice = (x) => x * 2;');
    expect(findings).toEqual([expect.objectContaining({ code: 7006 })]);
  });

  it('checks function parameters strictly, and the customGrad callback of the starter passes', () => {
    expect(editorCompilerOptions.strictFunctionTypes).toBeUndefined();
    const narrower = "import * as tf from '@tensorflow/tfjs';\nexport const f: (x: tf.Tensor | number) => void = (x: tf.Tensor) => x.print();";
    expect(typeCheck(narrower)).toEqual([expect.objectContaining({ code: 2322, line: 2 })]);
    expect(typeCheck(problemFile('starter.ts'))).toEqual([]);
  });

  it('has console but no DOM, as in the worker the code runs in', () => {
    expect(typeCheck("console.log('hi'); export {};")).toEqual([]);
    expect(typeCheck('document.title = "x"; export {};')).toEqual([expect.objectContaining({ code: 2584 })]);
  });
});
