/**
 * "Why it matters" for Kepler's equation E − e·sin E = M: Newton's method with N as a parameter, the IFT
 * backward for both inputs, and an orbit where 10 steps from E = M have not found the root (see
 * src/insight/problem-insight.ts).
 */
import type { ProblemInsight, Tensor } from '../../insight/problem-insight.ts';
import { seededRandom, uniformFloat32 } from '../../core/random.ts';

const NEWTON_STEPS = 10;
/** The cost input's eccentricity: a moderate orbit, where 10 steps converge for every M. */
const COST_ECCENTRICITY = 0.5;
/**
 * Nearly parabolic, with a small M: the slope 1 − e·cos E is tiny at the start, so Newton's first step
 * overshoots to E ≈ 4.9, and it takes about 13 steps (in float32, as in float64) to settle on E* ≈ 0.3824.
 */
const SLOW = { M: 0.01, e: 0.998 } as const;

/** The root in float64, by Newton from E = M run far past convergence. */
function rootInFloat64(M: number, e: number): number {
  let E = M;
  for (let step = 0; step < 200; step++) E -= (E - e * Math.sin(E) - M) / (1 - e * Math.cos(E));
  return E;
}

export const insight: ProblemInsight = {
  iterationName: 'Newton steps',
  learnerIterations: NEWTON_STEPS,
  costSize: 100_000,
  costInput(elements) {
    const random = seededRandom(`kepler-equation/insight/${elements}`);
    // M and the scalar e: one element of the total is e's.
    const M = Array.from({ length: Math.max(1, Math.round(elements) - 1) }, () => uniformFloat32(random, 0, Math.PI));
    return [
      { shape: [M.length], values: M },
      { shape: [], values: [COST_ECCENTRICITY] },
    ];
  },
  iteration: {
    init: (tf, [M]) => tf.clone(M as Tensor),
    step(tf, E, [M, e]) {
      const residual = tf.sub(tf.sub(E, tf.mul(e as Tensor, tf.sin(E))), M as Tensor);
      const slope = tf.sub(1, tf.mul(e as Tensor, tf.cos(E)));
      return tf.sub(E, tf.div(residual, slope));
    },
    implicitBackward(tf, dy, EStar, [, e]) {
      // F(E*, M, e) = 0 with ∂F/∂E = 1 − e·cos E*, ∂F/∂M = −1, ∂F/∂e = −sin E*.
      const u = tf.sub(1, tf.mul(e as Tensor, tf.cos(EStar)));
      const dM = tf.div(dy, u);
      return [dM, tf.sum(tf.mul(dM, tf.sin(EStar)))];
    },
  },
  convergence: {
    where: `M = ${SLOW.M} on an orbit of eccentricity e = ${SLOW.e}: Newton's first step from E = M overshoots to E ≈ 4.9, and after 10 steps E is still 14% above the root E* ≈ 0.3824`,
    readout: '∂E/∂M',
    inputs: [
      { shape: [1], values: [SLOW.M] },
      { shape: [], values: [SLOW.e] },
    ],
    maxIterations: 30,
    outputIndex: 0,
    inputIndex: 0,
    elementIndex: 0,
    truth: () => 1 / (1 - SLOW.e * Math.cos(rootInFloat64(SLOW.M, SLOW.e))),
    truthSource: 'the IFT’s 1 / (1 − e·cos E*) at the root found in float64',
  },
};
