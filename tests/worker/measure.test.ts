import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ProbeResult } from '../../src/core/measurements.ts';
import type { Plan } from '../../src/core/plan.ts';
import { CONSOLE_MAX_LINES } from '../../src/worker/console-capture.ts';
import { measureInSandbox } from '../support/sandbox.ts';

const plan: Plan = {
  entry: 'f',
  factory: false,
  seed: 'test',
  probes: [
    { id: 'forward', kind: 'forward', label: 'f(x)', args: [{ shape: [2], values: [4, 9] }] },
    { id: 'vjp', kind: 'vjp', label: 'grad', args: [{ shape: [2], values: [4, 9] }], cotangent: { shape: [2], values: [1, 2] }, loss: 'output' },
  ],
};

/** Measures in a locked-down sandbox thread, as the CLI does, and returns what the judge would get. */
async function measureSource(source: string, planned: Plan['probes'] = plan.probes) {
  const outcome = await measureInSandbox(source, { ...plan, probes: planned });
  return {
    load: outcome.load,
    probes: [...outcome.probes],
    lines: outcome.console.lines.map((line) => line.text),
    dropped: outcome.console.droppedLines,
  };
}

const fixture = (name: string) => readFileSync(new URL(`../fixtures/measure/${name}`, import.meta.url), 'utf8');

type Measured = Awaited<ReturnType<typeof measureSource>>;
const outputOf = (measured: Measured, index = 0) => {
  const result = measured.probes[index];
  return result?.status === 'returned' ? result.values[0] : undefined;
};
const costOf = (measured: Measured, index = 0) => {
  const result = measured.probes[index];
  return result?.status === 'returned' ? result.cost : undefined;
};

describe('measure', () => {
  it('snapshots outputs and vector-Jacobian products as plain data', async () => {
    const { load, probes } = await measureSource(
      "import * as tf from '@tensorflow/tfjs';\nexport const f = (x: tf.Tensor) => tf.mul(x, x);",
    );
    expect(load).toMatchObject({ status: 'loaded', exports: { f: 'function' } });
    expect(probes).toMatchObject([
      { probeId: 'forward', status: 'returned', values: [{ kind: 'tensor', shape: [2], dtype: 'float32', values: [16, 81] }], inputIntact: true },
      // d/dx sum(w * x^2) = 2 w x
      { probeId: 'vjp', status: 'returned', values: [{ kind: 'tensor', values: [8, 36] }] },
    ]);
  });

  it('points a runtime error at the line and column of the TypeScript source', async () => {
    // V8 points at `add` (column 28); the non-null `!` before it is gone from the JavaScript, so only the
    // source map gets the column right.
    const source = [
      "import * as tf from '@tensorflow/tfjs';",
      'export const f = (x: tf.Tensor): tf.Tensor => {',
      '  const table: Record<string, tf.Tensor> = {};',
      "  return table['missing']!.add(x);",
      '};',
    ].join('\n');
    const { probes } = await measureSource(source);
    expect(probes[0]).toMatchObject({ status: 'threw', error: { name: 'TypeError', line: 4, column: 28 } });
  });

  it('refuses imports other than @tensorflow/tfjs, at the import line', async () => {
    const { load } = await measureSource("\nimport fs from 'fs';\nexport const f = () => fs;");
    expect(load).toMatchObject({ status: 'threw', error: { name: 'ImportError', line: 2 } });
  });

  it('allows top-level await and tells an async function from a plain one', async () => {
    const { load } = await measureSource('await Promise.resolve();\nexport const f = async (x: unknown) => x;');
    expect(load).toMatchObject({ status: 'loaded', exports: { f: 'async-function' } });
  });

  it('describes what came back when it is not a tensor', async () => {
    const { probes } = await measureSource('export const f = () => ({ value: 1, gradFunc: 2 });');
    expect(probes[0]).toMatchObject({ values: [{ kind: 'other', description: 'an object with keys value, gradFunc' }] });
  });

  it('notices an input tensor that the code disposed', async () => {
    const { probes } = await measureSource("import * as tf from '@tensorflow/tfjs';\nexport const f = (x: tf.Tensor) => { const y = x.clone(); x.dispose(); return y; };");
    expect(probes[0]).toMatchObject({ status: 'returned', inputIntact: false });
  });

  it('counts tape nodes and backward kernels, which grow with an unrolled loop', async () => {
    const costProbe: Plan['probes'] = [
      { id: 'cost', kind: 'vjp', label: 'cost', args: [{ shape: [2], values: [4, 9] }], cotangent: null, loss: 'output' },
    ];
    const oneOp = await measureSource("import * as tf from '@tensorflow/tfjs';\nexport const f = (x: tf.Tensor) => tf.mul(x, x);", costProbe);
    const unrolled = await measureSource(
      "import * as tf from '@tensorflow/tfjs';\nexport const f = (x: tf.Tensor) => { let y = tf.onesLike(x); for (let i = 0; i < 10; i++) y = tf.mul(0.5, tf.add(y, tf.div(x, y))); return y; };",
      costProbe,
    );
    const costOf = (probes: Awaited<ReturnType<typeof measureSource>>['probes']) => (probes[0]?.status === 'returned' ? probes[0].cost : undefined);
    expect(costOf(oneOp.probes)!.tapeNodes).toBeLessThanOrEqual(3);
    expect(costOf(oneOp.probes)!.backwardKernels).toBeLessThan(10);
    expect(costOf(unrolled.probes)!.tapeNodes).toBeGreaterThanOrEqual(30);
    expect(costOf(unrolled.probes)!.backwardKernels).toBeGreaterThan(100);
  });

  it('differentiates through f(x)^2 and f(f(x)) when the probe asks', async () => {
    const source = "import * as tf from '@tensorflow/tfjs';\nexport const f = (x: tf.Tensor) => tf.mul(x, 3);";
    const probe = (loss: 'square' | 'twice') => ({ id: loss, kind: 'vjp' as const, label: loss, args: [{ shape: [1], values: [2] }], cotangent: null, loss });
    const { probes } = await measureSource(source, [probe('square'), probe('twice')]);
    // d/dx (3x)^2 = 18x = 36 at x = 2; d/dx 3(3x) = 9.
    expect(probes.map((result) => (result.status === 'returned' && result.values[0]?.kind === 'tensor' ? result.values[0].values : null))).toEqual([[36], [9]]);
  });

  it('caps the console and counts what it dropped', async () => {
    const { lines, dropped } = await measureSource(
      "for (let i = 0; i < 1000; i++) console.log('line', i);\nexport const f = (x: unknown) => x;",
    );
    expect(lines).toHaveLength(CONSOLE_MAX_LINES);
    expect(lines[0]).toBe('line 0');
    expect(dropped).toBe(1000 - CONSOLE_MAX_LINES);
  });

  it('hands out and takes in copies: writes through dataSync() or into a source array change nothing measured', async () => {
    const measured = await measureSource(fixture('writes-through-data-sync.ts'), plan.probes.slice(0, 1));
    expect(measured.probes[0]).toMatchObject({
      status: 'returned',
      inputIntact: true,
      values: [{ kind: 'tensor', values: [5, 11] }],
    });
  });

  it('tells outputs computed by ops from outputs made of JavaScript numbers, also through ops', async () => {
    const forward = plan.probes.slice(0, 1);
    const kinds = await Promise.all(
      ['fromOps', 'fromNumbers', 'throughOps', 'throughEye', 'smuggledThroughEye'].map(async (entry) => {
        const outcome = await measureInSandbox(fixture('provenance.ts'), { ...plan, entry, probes: forward });
        const result = outcome.probes[0];
        const value = result?.status === 'returned' ? result.values[0] : undefined;
        return value?.kind === 'tensor' ? value.fromJavaScript : null;
      }),
    );
    expect(kinds).toEqual([false, true, true, false, true]);
  });

  it('counts what gradFunc reads back into JavaScript, per call', async () => {
    const vjp = plan.probes.slice(1);
    const [all, one] = await Promise.all(
      ['readsAll', 'readsOne'].map((entry) => measureInSandbox(fixture('gradfunc-reads-back.ts'), { ...plan, entry, probes: vjp })),
    );
    const readback = (outcome: typeof all) => {
      const result = outcome?.probes[0];
      return result?.status === 'returned' ? result.cost?.largestReadbackValues : undefined;
    };
    expect([readback(all), readback(one)]).toEqual([2, 1]);
  });

  it('reports an exports Proxy that throws as the learner\'s error, at their line', async () => {
    const measured = await measureSource(
      "export {};\nmodule.exports = new Proxy({}, { ownKeys() { throw new Error('no keys'); } });",
    );
    expect(measured.load).toMatchObject({ status: 'threw', error: { name: 'Error', message: 'no keys', line: 2 } });
  });

  it('reads a look-alike tensor as no tensor, and cuts what it says to size', async () => {
    const measured = await measureSource(
      "export const f = () => ({ shape: new Array(100000).fill(1), data() {}, dataSync() {}, throwIfDisposed() {} });",
      plan.probes.slice(0, 1),
    );
    expect(outputOf(measured)).toEqual({ kind: 'other', description: 'an object that looks like a tensor but was not made by TF.js' });
    expect(costOf(measured)).toBeUndefined();
  });

  describe('functions of several tensors, and factories', () => {
    const a = { shape: [2], values: [1, 3] };
    const scalar = (value: number) => ({ shape: [], values: [value] });
    /** Each value as [shape, values] when it is a tensor. */
    const tensorValues = (result: ProbeResult | undefined) =>
      result?.status === 'returned' ? result.values.map((value) => (value.kind === 'tensor' ? [value.shape, value.values] : value)) : result;

    it('takes the gradient with respect to every argument, a scalar argument\'s as a scalar', async () => {
      const outcome = await measureInSandbox(fixture('two-inputs.ts'), {
        entry: 'scaledSquare',
        factory: false,
        seed: 'test',
        probes: [
          { id: 'forward', kind: 'forward', label: 'f(a, s)', args: [a, scalar(2)] },
          { id: 'vjp', kind: 'vjp', label: 'grads', args: [a, scalar(2)], cotangent: { shape: [2], values: [1, -1] }, loss: 'output' },
          { id: 'twice', kind: 'vjp', label: 'f(f(a, s), s)', args: [scalar(1), scalar(2)], cotangent: null, loss: 'twice' },
        ],
      });
      expect(tensorValues(outcome.probes[0])).toEqual([[[2], [2, 18]]]);
      // d/da sum(w·s·a²) = 2·w·s·a = [4, -12]; d/ds = sum(w·a²) = 1 - 9 = -8.
      expect(tensorValues(outcome.probes[1])).toEqual([[[2], [4, -12]], [[], [-8]]]);
      // f(f(a, s), s) = s·(s·a²)² = s³a⁴: d/da = 4s³a³ = 32, d/ds = 3s²a⁴ = 12 at a = 1, s = 2.
      expect(tensorValues(outcome.probes[2])).toEqual([[[], [32]], [[], [12]]]);
    });

    it('calls a factory with its data and differentiates the function it returns', async () => {
      const data = [{ shape: [2], values: [1, 2] }, { shape: [2], values: [0, 1] }];
      const outcome = await measureInSandbox(fixture('two-inputs.ts'), {
        entry: 'makeLoss',
        factory: true,
        seed: 'test',
        probes: [
          { id: 'forward', kind: 'forward', label: 'g(s)', args: [scalar(1)], factoryArgs: data },
          { id: 'vjp', kind: 'vjp', label: 'dg/ds', args: [scalar(1)], factoryArgs: data, cotangent: scalar(3), loss: 'output' },
        ],
      });
      // g(1) = (1 - 0)² + (2 - 1)² = 2; dg/ds = sum(2(sX - y)X) = 2 + 4 = 6, times w = 3.
      expect(tensorValues(outcome.probes[0])).toEqual([[[], [2]]]);
      expect(tensorValues(outcome.probes[1])).toEqual([[[], [18]]]);
      expect(outcome.probes.every((result) => result.status === 'returned' && result.inputIntact)).toBe(true);
    });

    it('says what a factory returned when it is not a function, and notices data it disposed', async () => {
      const probes = [{ id: 'forward', kind: 'forward' as const, label: 'g(s)', args: [scalar(1)], factoryArgs: [a] }];
      const nothing = await measureInSandbox(fixture('two-inputs.ts'), { entry: 'makeNothing', factory: true, seed: 'test', probes });
      expect(nothing.probes[0]).toMatchObject({
        status: 'returned',
        values: [{ kind: 'not-a-function', description: 'a tensor' }],
      });
      const disposing = await measureInSandbox(fixture('two-inputs.ts'), { entry: 'makeDisposing', factory: true, seed: 'test', probes });
      expect(disposing.probes[0]).toMatchObject({ status: 'returned', inputIntact: false });
    });
  });
});
