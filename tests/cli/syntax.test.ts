import { describe, expect, it } from 'vitest';
import { firstSyntaxError } from '../../src/cli/syntax.ts';

describe('firstSyntaxError', () => {
  it("finds the mistake inside a typed arrow function, where Sucrase points at the arrow's head", async () => {
    const source = [
      "import * as tf from '@tensorflow/tfjs';",
      'export const f = (x: tf.Tensor): tf.Tensor => {',
      '  let y = x;',
      '  for (let i = 0; i < 10; i++ y = tf.mul(y, 2);',
      '  return y;',
      '};',
    ].join('\n');
    expect(await firstSyntaxError(source)).toEqual({ line: 4, column: 31, message: "')' expected." });
  });

  it('finds nothing in valid code', async () => {
    expect(await firstSyntaxError('export const f = (x: number): number => x * 2;\n')).toBeNull();
  });
});
