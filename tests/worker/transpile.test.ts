import { describe, expect, it } from 'vitest';
import { TranspileError, transpile } from '../../src/worker/transpile.ts';

describe('transpile', () => {
  it('strips types and turns imports and exports into require/exports, keeping every line in place', () => {
    const source = [
      "import * as tf from '@tensorflow/tfjs';",
      'export const f = (x: tf.Tensor): tf.Tensor => {',
      '  const y: tf.Tensor = tf.neg(x);',
      '  return y;',
      '};',
    ].join('\n');
    const { code } = transpile(source);
    expect(code).toContain("require('@tensorflow/tfjs')");
    expect(code).toContain('exports.f = f');
    expect(code).not.toMatch(/: tf\.Tensor/);
    expect(code.split('\n')).toHaveLength(source.split('\n').length);
  });

  it('maps a position in the output back to the TypeScript source, columns included', () => {
    const source = 'export const f = (x: number, y: number): number => x.foo.bar;';
    const transpiled = transpile(source);
    const generatedColumn = transpiled.code.indexOf('x.foo') + 1;
    expect(transpiled.toSource({ line: 1, column: generatedColumn })).toEqual({
      line: 1,
      column: source.indexOf('x.foo') + 1,
    });
  });

  it('reports a syntax error with a 1-based position', () => {
    try {
      transpile('const a = 1;\nconst b = ;');
      expect.unreachable('a syntax error must throw');
    } catch (error) {
      expect(error).toBeInstanceOf(TranspileError);
      expect((error as TranspileError).position).toEqual({ line: 2, column: 11 });
      expect((error as TranspileError).message).toBe('Unexpected token');
    }
  });
});
