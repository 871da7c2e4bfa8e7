/**
 * "Why it matters" for the ridge hypergradient: conjugate gradient for (XᵀX + λI) w = Xᵀy with the number
 * of steps as a parameter, the validation loss of its w, the IFT backward (one more solve), and the
 * statement's example, where the derivative through the CG steps turns NaN once CG has converged (see
 * src/insight/problem-insight.ts). The entry is a factory: X, y, Xv, yv are its data, λ the argument.
 *
 * CG's state is four tensors (x, r, p, rᵀr); the engine iterates one, so they travel packed in one vector
 * [x; r; p; rᵀr] of 3d + 1 values, unpacked by slices at each step.
 */
import type { ProblemInsight, Tensor, Tf } from '../../insight/problem-insight.ts';
import { seededRandom, uniformFloat32 } from '../../core/random.ts';
import type { TensorData } from '../../core/tensor.ts';
import { EXAMPLE_DATA, EXAMPLE_LAMBDA } from './grader/cases.ts';
import { ridgeReference } from './grader/reference.ts';

const COST_LAMBDA = 1;
/** The smallest denominator the forward's divisions take: well above float32's smallest normal number. */
const GUARD = 1e-30;
/** The adjoint solve stops at ‖r‖ ≤ 1e-7 ‖b‖, as the solution's does, or at 3d + 10 steps. */
const RELATIVE_RESIDUAL = 1e-7;

/** d features; m = 2d training rows and 2d validation rows: 4d² + 4d elements in all. */
const featuresFor = (elements: number) => Math.max(2, Math.round((-4 + Math.sqrt(16 + 16 * elements)) / 8));

function unpack(tf: Tf, state: Tensor, d: number) {
  return {
    x: tf.slice(state, [0], [d]),
    r: tf.slice(state, [d], [d]),
    p: tf.slice(state, [2 * d], [d]),
    rr: tf.slice(state, [3 * d], [1]),
  };
}

function columnsOf(X: Tensor): number {
  return X.shape[1] ?? 1;
}

/** A v = Xᵀ(X v) + λ v: XᵀX is never formed. */
const ridgeTimes = (tf: Tf, lam: Tensor, X: Tensor) => (v: Tensor) => tf.add(tf.dot(tf.dot(X, v), X), tf.mul(lam, v));

/** CG for the adjoint, with the tape off: stops on a small (or no longer finite) residual, reading rᵀr back. */
function solve(tf: Tf, applyA: (v: Tensor) => Tensor, b: Tensor): Tensor {
  return tf.tidy(() => {
    const stopAt = RELATIVE_RESIDUAL ** 2 * (tf.dot(b, b).dataSync()[0] ?? 0);
    let x = tf.zerosLike(b);
    let r = b;
    let p = b;
    let rr = tf.dot(r, r);
    for (let step = 0; step < 3 * b.size + 10; step++) {
      const value = rr.dataSync()[0] ?? 0;
      if (!(value > stopAt)) break;
      const Ap = applyA(p);
      const alpha = tf.div(rr, tf.dot(p, Ap));
      x = tf.add(x, tf.mul(alpha, p));
      r = tf.sub(r, tf.mul(alpha, Ap));
      const next = tf.dot(r, r);
      p = tf.add(r, tf.mul(tf.div(next, rr), p));
      rr = next;
    }
    return x;
  });
}

function matrix(rows: readonly (readonly number[])[]): TensorData {
  return { shape: [rows.length, rows[0]?.length ?? 0], values: rows.flat().map(Math.fround) };
}

function vector(values: readonly number[]): TensorData {
  return { shape: [values.length], values: values.map(Math.fround) };
}

export const insight: ProblemInsight = {
  iterationName: 'CG steps',
  // CG needs about d steps in exact arithmetic, some more in float32; the solution stops on its residual,
  // which on the full-size input's d = 158 is about that many.
  learnerIterations: 160,
  learnerIterationsAt: {
    // Whatever the input was shrunk to: its d, from the elements of λ and the data (1 + 4d² + 4d).
    count: (elements) => featuresFor(elements - 1) + 2,
    note: 'Yours is marked at the number of CG steps a solver that stops on its residual takes on this input: about d + 2 for d unknowns.',
  },
  costSize: 100_000,
  costInput: () => [{ shape: [], values: [COST_LAMBDA] }],
  costData(elements) {
    const d = featuresFor(elements);
    const random = seededRandom(`ridge-hypergradient/insight/${d}`);
    const truth = Array.from({ length: d }, () => uniformFloat32(random, -1, 1));
    const rows = (count: number) => Array.from({ length: count }, () => Array.from({ length: d }, () => uniformFloat32(random, -1, 1)));
    const targets = (X: number[][]) => X.map((row) => row.reduce((sum, value, j) => sum + value * (truth[j] ?? 0), 0) + uniformFloat32(random, -0.1, 0.1));
    const X = rows(2 * d);
    const Xv = rows(2 * d);
    return [matrix(X), vector(targets(X)), matrix(Xv), vector(targets(Xv))];
  },
  iteration: {
    init(tf, [, X, y]) {
      const b = tf.dot(y as Tensor, X as Tensor);
      return tf.concat([tf.zerosLike(b), b, b, tf.reshape(tf.dot(b, b), [1])]);
    },
    step(tf, state, [lam, X]) {
      const d = columnsOf(X as Tensor);
      const { x, r, p, rr } = unpack(tf, state, d);
      // CG with its divisions guarded, so that the forward stands still once rᵀr has underflowed to 0
      // instead of turning 0/0. The derivative of a/b is −a/b², and b² underflows long before b does: the
      // guard keeps the loss finite, not the derivative through the steps.
      const Ap = ridgeTimes(tf, lam as Tensor, X as Tensor)(p);
      const alpha = tf.div(rr, tf.maximum(tf.reshape(tf.dot(p, Ap), [1]), GUARD));
      const nextR = tf.sub(r, tf.mul(alpha, Ap));
      const nextRr = tf.reshape(tf.dot(nextR, nextR), [1]);
      const nextP = tf.add(nextR, tf.mul(tf.div(nextRr, tf.maximum(rr, GUARD)), p));
      return tf.concat([tf.add(x, tf.mul(alpha, p)), nextR, nextP, nextRr]);
    },
    output(tf, state, [, X, , Xv, yv]) {
      const w = tf.slice(state, [0], [columnsOf(X as Tensor)]);
      const residual = tf.sub(tf.dot(Xv as Tensor, w), yv as Tensor);
      return tf.mul(0.5, tf.dot(residual, residual));
    },
    implicitBackward(tf, dy, state, [lam, X, , Xv, yv]) {
      // IFT: A w* = Xᵀy gives dw*/dλ = −A⁻¹ w*, so dL/dλ = −uᵀ w* with A u = Xvᵀ r.
      const w = tf.slice(state, [0], [columnsOf(X as Tensor)]);
      const residual = tf.sub(tf.dot(Xv as Tensor, w), yv as Tensor);
      const u = solve(tf, ridgeTimes(tf, lam as Tensor, X as Tensor), tf.dot(residual, Xv as Tensor));
      return [tf.neg(tf.mul(dy, tf.dot(u, w)))];
    },
  },
  convergence: {
    where:
      'the statement’s example (d = 2, λ = 0.5): CG is exact after 2 steps; from the 5th, (pᵀAp)² underflows to 0 and the derivative through the steps is NaN, although the loss is right at every step',
    readout: 'dL/dλ',
    inputs: [{ shape: [], values: [EXAMPLE_LAMBDA] }],
    data: [matrix(EXAMPLE_DATA.X), vector(EXAMPLE_DATA.y), matrix(EXAMPLE_DATA.Xv), vector(EXAMPLE_DATA.yv)],
    maxIterations: 12,
    outputIndex: 0,
    inputIndex: 0,
    elementIndex: 0,
    truth: () =>
      ridgeReference(
        {
          X: EXAMPLE_DATA.X.map((row) => row.map(Math.fround)),
          y: EXAMPLE_DATA.y.map(Math.fround),
          Xv: EXAMPLE_DATA.Xv.map((row) => row.map(Math.fround)),
          yv: EXAMPLE_DATA.yv.map(Math.fround),
        },
        Math.fround(EXAMPLE_LAMBDA),
      ).hypergradient,
    truthSource: 'the IFT’s −uᵀw* with both solves exact, in float64',
  },
};
