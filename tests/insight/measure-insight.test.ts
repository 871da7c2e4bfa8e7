/**
 * src/insight/measure-insight.ts in Node, on the page's TensorFlow.js (tfjs-core and the cpu backend): the
 * figures that tell implicit from unrolled, the memory budget, nothing left behind, the convergence study.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { convergenceStudy, gradientValues, measureInsight, measureRun, MIN_COST_SIZE } from '../../src/insight/measure-insight.ts';
import type { CostPoint } from '../../src/insight/protocol.ts';
import { insight as deq } from '../../src/problems/deq-layer/insight.ts';
import { insight as kepler } from '../../src/problems/kepler-equation/insight.ts';
import { insight as ridge } from '../../src/problems/ridge-hypergradient/insight.ts';
import { insight as sqrt } from '../../src/problems/fixed-point-sqrt/insight.ts';
import { implicitGradients } from '../../src/problems/deq-layer/grader/reference.ts';
import { readyTf, type Tf } from '../../src/worker/tf.ts';

let tf: Tf;
beforeAll(async () => {
  tf = await readyTf();
});

const GB = 2 ** 30;
const held = () => ({ tensors: tf.memory().numTensors, bytes: tf.memory().numBytes });

describe('one run', () => {
  const input = () => sqrt.costInput(2_000);

  it('implicit: tape nodes, backward kernels and memory do not grow with N', () => {
    const runs = [10, 30, 100].map((steps) => measureRun(tf, sqrt, 'implicit', steps, input(), GB));
    const [first] = runs;
    for (const run of runs) {
      expect(run.tapeNodes).toBe(first?.tapeNodes);
      expect(run.backwardKernels).toBe(first?.backwardKernels);
      expect(run.peakBytes).toBe(first?.peakBytes);
    }
    expect(first?.tapeNodes).toBeLessThanOrEqual(3);
    expect(first?.backwardKernels).toBeLessThanOrEqual(5);
  });

  it('unrolled: about 9 tape nodes, 12 backward kernels and one iterate’s worth of memory more per step', () => {
    const [ten, hundred] = [10, 100].map((steps) => measureRun(tf, sqrt, 'unrolled', steps, input(), GB));
    if (!ten || !hundred) throw new Error('missing runs');
    expect(ten.tapeNodes).toBe(91);
    expect(hundred.tapeNodes).toBe(901);
    expect(hundred.backwardKernels - ten.backwardKernels).toBeGreaterThanOrEqual(90 * 10);
    expect(hundred.peakBytes / ten.peakBytes).toBeGreaterThan(8);
    const implicit = measureRun(tf, sqrt, 'implicit', 100, input(), GB);
    expect(hundred.peakBytes).toBeGreaterThan(50 * implicit.peakBytes);
  });

  it('the DEQ layer: the same contrast, with the adjoint solve constant in N', () => {
    const small = deq.costInput(1_000);
    const implicit = [10, 100].map((steps) => measureRun(tf, deq, 'implicit', steps, small, GB));
    const unrolled = [10, 100].map((steps) => measureRun(tf, deq, 'unrolled', steps, small, GB));
    expect(implicit[0]?.tapeNodes).toBe(implicit[1]?.tapeNodes);
    expect(implicit[0]?.backwardKernels).toBe(implicit[1]?.backwardKernels);
    expect(unrolled[1]!.tapeNodes).toBeGreaterThan(9 * unrolled[0]!.tapeNodes);
    expect(unrolled[1]!.peakBytes).toBeGreaterThan(5 * unrolled[0]!.peakBytes);
  });

  it("the DEQ layer's adjoint solve holds a few tensors, however many steps it takes", () => {
    // n = 100 (past the squaring's size) and ‖W‖₂ near 1: hundreds of adjoint steps.
    const n = 100;
    const [x, W] = deq.costInput(n * n + n).map((data) => tf.tensor(data.values as number[], data.shape as number[]));
    if (!x || !W) throw new Error('no input');
    const slowW = tf.mul(W, 0.95 / 0.5);
    const zStar = tf.tanh(x);
    const dy = tf.onesLike(x);
    const before = tf.memory().numTensors;
    const gradients = deq.iteration.implicitBackward(tf, dy, zStar, [x, slowW]);
    const made = tf.memory().numTensors - before;
    tf.dispose([x, W, slowW, zStar, dy, ...gradients]);
    // The two gradients and a handful of intermediates (s, u, s ⊙ u, the outer product's operands).
    expect(made).toBeLessThanOrEqual(10);
  });

  it("the DEQ layer's implicit gradients are the float64 reference's", () => {
    const [x, W] = deq.costInput(90);
    if (!x || !W) throw new Error('no input');
    const [dx, dW] = gradientValues(tf, deq, 'implicit', 30, [x, W]);
    const reference = implicitGradients(x.values, W.values, x.values.map(() => 1));
    for (const [got, want] of [
      [dx, reference.dx],
      [dW, reference.dW],
    ] as const) {
      expect(got?.length).toBe(want.length);
      got?.forEach((value, index) => expect(Math.abs(value - want[index]!)).toBeLessThanOrEqual(1e-5 + 1e-4 * Math.abs(want[index]!)));
    }
  });

  it('leaves no tensor behind', () => {
    const before = held();
    measureRun(tf, sqrt, 'unrolled', 30, input(), GB);
    measureRun(tf, deq, 'implicit', 30, deq.costInput(1_000), GB);
    expect(held()).toEqual(before);
  });
});

describe('the memory budget', () => {
  it('stops a run that passes it, disposes what it made, and the next run works', async () => {
    const before = held();
    const points: CostPoint[] = [];
    const result = await measureInsight(tf, sqrt, {
      slug: 'fixed-point-sqrt',
      // 2 000 elements unrolled over 100 steps hold about 3.6 MB: over 1 MB.
      budgetBytes: 2 ** 20,
      size: 2_000,
      iterations: [100],
      onPoint: (point) => points.push(point),
    });
    expect(points).toEqual(result.points);
    const unrolled = result.points.find((point) => point.method === 'unrolled');
    expect(unrolled).toMatchObject({ status: 'out-of-memory', how: 'stopped', budgetBytes: 2 ** 20 });
    if (unrolled?.status === 'out-of-memory' && unrolled.how !== 'crashed') expect(unrolled.heldBytes).toBeGreaterThan(2 ** 20);
    expect(result.points.find((point) => point.method === 'implicit')).toMatchObject({ status: 'measured' });
    expect(held()).toEqual(before);
    // The engine is in a state to go on: the tape was dropped, no profile or scope left open.
    const next = measureRun(tf, sqrt, 'unrolled', 10, sqrt.costInput(2_000), GB);
    expect(next.tapeNodes).toBe(91);
    expect(held()).toEqual(before);
  });

  it('stops the implicit method too, inside its customGrad forward, and leaves the engine clean', async () => {
    const before = held();
    const result = await measureInsight(tf, deq, { slug: 'deq-layer', budgetBytes: 1_000, size: 1_000, iterations: [10] });
    expect(result.points.map((point) => `${point.method} ${point.status}`)).toEqual(['implicit out-of-memory', 'unrolled out-of-memory']);
    expect(result.points.every((point) => point.status === 'out-of-memory' && point.how === 'stopped')).toBe(true);
    expect(held()).toEqual(before);
    expect(measureRun(tf, deq, 'implicit', 10, deq.costInput(1_000), GB).tapeNodes).toBe(4);
    expect(held()).toEqual(before);
  });

  it('does not start a larger count once the first one ran out, with nothing measured to predict from', async () => {
    // 2 000 elements: the implicit method holds about 56 kB, the unrolled one about 860 kB at 10 steps.
    const budgetBytes = 200_000;
    const result = await measureInsight(tf, sqrt, { slug: 'fixed-point-sqrt', budgetBytes, size: 2_000, iterations: [10, 30] });
    const unrolled = result.points.filter((point) => point.method === 'unrolled');
    expect(unrolled.map((point) => point.status === 'out-of-memory' && point.how)).toEqual(['stopped', 'predicted']);
    const [ten, thirty] = unrolled;
    if (ten?.status !== 'out-of-memory' || thirty?.status !== 'out-of-memory' || ten.how === 'crashed' || thirty.how === 'crashed') {
      throw new Error('not out of memory by the budget');
    }
    // What 30 steps would need is at least what stopped 10, and over the budget it ran out of.
    expect(ten.heldBytes).toBeGreaterThan(budgetBytes);
    expect(thirty.heldBytes).toBeGreaterThanOrEqual(ten.heldBytes);
    expect(result.points.filter((point) => point.method === 'implicit').every((point) => point.status === 'measured')).toBe(true);
  });

  it('does not start a run that smaller counts show will not fit', async () => {
    const result = await measureInsight(tf, sqrt, {
      slug: 'fixed-point-sqrt',
      budgetBytes: 8 * 2 ** 20,
      size: 2_000,
      iterations: [10, 30, 1000],
    });
    const unrolled = result.points.filter((point) => point.method === 'unrolled');
    expect(unrolled.map((point) => point.status)).toEqual(['measured', 'measured', 'out-of-memory']);
    expect(unrolled[2]).toMatchObject({ how: 'predicted' });
    // A straight line through 10 and 30 steps: 1000 steps need about 100 times what 10 did.
    if (unrolled[2]?.status === 'out-of-memory' && unrolled[2].how !== 'crashed' && unrolled[0]?.status === 'measured') {
      expect(unrolled[2].heldBytes / unrolled[0].peakBytes).toBeGreaterThan(60);
    }
    expect(result.points.filter((point) => point.method === 'implicit').every((point) => point.status === 'measured')).toBe(true);
  });
});

describe('the whole measurement', () => {
  it('shrinks the input on a device too slow for the time target, and says from what', { timeout: 30_000 }, async () => {
    const before = held();
    const progress: number[] = [];
    let handed: number | null = null;
    const result = await measureInsight(tf, sqrt, {
      slug: 'fixed-point-sqrt',
      budgetBytes: GB,
      timeTargetMs: 1,
      iterations: [10, 30],
      onProgress: ({ done, total }) => {
        progress.push(done);
        expect(total).toBe(5);
      },
      onInput: (inputs, data) => {
        expect(data).toEqual([]);
        handed = inputs.reduce((sum, input) => sum + input.values.length, 0);
      },
    });
    expect(result.shrunkFrom).toBe(sqrt.costSize);
    expect(result.inputSize).toBe(MIN_COST_SIZE);
    expect(handed).toBe(MIN_COST_SIZE);
    expect(result.points).toHaveLength(4);
    expect(progress.at(-1)).toBe(5);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(held()).toEqual(before);
  });
});

describe('the convergence study', () => {
  it('sqrt at x = 10⁶: after 10 steps IFT 0.5/y₁₀ = 3.857e-4, unrolled 9.96e-4, the truth 5e-4', () => {
    const before = held();
    const study = convergenceStudy(tf, sqrt);
    expect(held()).toEqual(before);
    expect(study.rows.map((row) => row.iterations)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
    expect(study.truth).toBe(5e-4);
    const tenth = study.rows[9];
    expect(tenth?.forward).toBeCloseTo(1296.19, 1);
    expect(tenth?.implicit).toBeCloseTo(3.857e-4, 6);
    expect(tenth?.unrolled).toBeCloseTo(9.96e-4, 5);
    const last = study.rows.at(-1);
    expect(Math.abs((last?.implicit ?? 0) - 5e-4)).toBeLessThan(1e-9);
    expect(Math.abs((last?.unrolled ?? 0) - 5e-4)).toBeLessThan(1e-9);
  });

  it('the DEQ layer at ‖W‖₂ = 0.95: off by per cents after the learner’s 30 steps, right after 100', () => {
    const study = convergenceStudy(tf, deq);
    expect(study.rows).toHaveLength(deq.convergence.maxIterations);
    const error = (value: number | undefined) => Math.abs((value ?? Number.NaN) - study.truth) / Math.abs(study.truth);
    expect(error(study.rows[29]?.implicit)).toBeGreaterThan(1e-2);
    expect(error(study.rows[29]?.unrolled)).toBeGreaterThan(1e-2);
    expect(error(study.rows.at(-1)?.implicit)).toBeLessThan(1e-4);
    expect(error(study.rows.at(-1)?.unrolled)).toBeLessThan(1e-3);
    // 100 rows of two gradients each: seconds on a shared machine.
  }, 30_000);

  it('Kepler at e = 0.998, M = 0.01: after 10 steps IFT 14 % low, unrolled hundreds of times too large; both right by 20', () => {
    const study = convergenceStudy(tf, kepler);
    const error = (value: number | undefined) => Math.abs((value ?? Number.NaN) - study.truth) / Math.abs(study.truth);
    expect(study.truth).toBeCloseTo(13.4965, 3);
    expect(error(study.rows[9]?.implicit)).toBeGreaterThan(0.1);
    expect(error(study.rows[9]?.unrolled)).toBeGreaterThan(100);
    expect(error(study.rows[19]?.implicit)).toBeLessThan(1e-5);
    expect(error(study.rows[19]?.unrolled)).toBeLessThan(1e-5);
  });
});

describe("Kepler's equation", () => {
  it('where 10 steps converge, the IFT gradients for M and e are the unrolled ones, at constant cost', () => {
    const input = kepler.costInput(500);
    const implicit = gradientValues(tf, kepler, 'implicit', 10, input);
    const unrolled = gradientValues(tf, kepler, 'unrolled', 10, input);
    implicit.forEach((gradient, which) =>
      gradient.forEach((value, index) => {
        const want = unrolled[which]?.[index] ?? Number.NaN;
        expect(Math.abs(value - want)).toBeLessThanOrEqual(1e-4 * Math.abs(want) + 1e-6);
      }),
    );
    const [ten, hundred] = [10, 100].map((steps) => measureRun(tf, kepler, 'implicit', steps, input, GB));
    expect(ten?.backwardKernels).toBe(hundred?.backwardKernels);
    expect(ten?.peakBytes).toBe(hundred?.peakBytes);
  });
});

describe('the ridge hypergradient (a factory: X, y, Xv, yv are data, λ the argument)', () => {
  it('on the statement’s example: exact from 2 CG steps; through the steps NaN from the 5th, the IFT still right', () => {
    const study = convergenceStudy(tf, ridge);
    const error = (value: number | undefined) => Math.abs((value ?? Number.NaN) - study.truth) / Math.abs(study.truth);
    expect(study.truth).toBeCloseTo(0.0361609, 6);
    // The statement's table: 0.0504402 after one step, 0.0361609 after 2 to 4, NaN from 5.
    expect(study.rows[0]?.unrolled).toBeCloseTo(0.0504402, 6);
    for (const row of study.rows.slice(1)) {
      expect(error(row.implicit)).toBeLessThan(1e-5);
      expect(row.forward).toBeCloseTo(0.0779636, 6);
    }
    expect(study.rows.slice(1, 4).every((row) => error(row.unrolled) < 1e-5)).toBe(true);
    expect(study.rows.slice(4).every((row) => Number.isNaN(row.unrolled))).toBe(true);
  });

  it('marks "yours" at the CG steps of the input measured, and says it is the solver’s count', async () => {
    // 2 000 elements: d = 22, so 1 + 4·22² + 4·22 = 2 025 elements, where the solver takes about 24 steps.
    const result = await measureInsight(tf, ridge, { slug: 'ridge-hypergradient', budgetBytes: GB, size: 2_000, iterations: [10] });
    expect(result.inputSize).toBe(2_025);
    expect(result.learnerIterations).toBe(24);
    expect(result.learnerIterationsNote).toMatch(/CG steps .* stops on its residual/);
    // At the full size, d = 158: the 160 steps the solution takes there.
    expect(ridge.learnerIterationsAt?.count(1 + 4 * 158 ** 2 + 4 * 158)).toBe(160);
    // Fixed counts say nothing of a solver.
    const sqrtResult = await measureInsight(tf, sqrt, { slug: 'fixed-point-sqrt', budgetBytes: GB, size: 2_000, iterations: [10] });
    expect(sqrtResult.learnerIterations).toBe(10);
    expect(sqrtResult.learnerIterationsNote).toBeUndefined();
  });

  it('measures with the data as data: only λ is differentiated, the implicit cost constant in N', () => {
    const before = held();
    const input = ridge.costInput(2_000);
    const data = ridge.costData?.(2_000) ?? [];
    expect(data.map((tensor) => tensor.shape.length)).toEqual([2, 1, 2, 1]);
    const [ten, thirty] = [10, 30].map((steps) => measureRun(tf, ridge, 'implicit', steps, input, GB, undefined, data));
    const unrolled = [10, 30].map((steps) => measureRun(tf, ridge, 'unrolled', steps, input, GB, undefined, data));
    expect(ten?.tapeNodes).toBe(thirty?.tapeNodes);
    expect(ten?.backwardKernels).toBe(thirty?.backwardKernels);
    expect(unrolled[1]!.tapeNodes).toBeGreaterThan(2.5 * unrolled[0]!.tapeNodes);
    const [implicitGradient] = gradientValues(tf, ridge, 'implicit', 30, input, data);
    const [unrolledGradient] = gradientValues(tf, ridge, 'unrolled', 20, input, data);
    expect(implicitGradient).toHaveLength(1);
    expect(Math.abs(implicitGradient![0]! - unrolledGradient![0]!)).toBeLessThan(1e-3 * Math.abs(unrolledGradient![0]!));
    expect(held()).toEqual(before);
  });
});
