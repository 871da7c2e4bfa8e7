/**
 * "Why it matters" for the Newton square root: the kata's own iteration with N as a parameter, its implicit
 * backward pass, and where 10 steps have not converged (see src/insight/problem-insight.ts).
 */
import type { ProblemInsight } from '../../insight/problem-insight.ts';
import { logUniformFloat32, seededRandom } from '../../core/random.ts';

/** The learner's count: statement and solution run 10 Newton steps from y = 1. */
const NEWTON_STEPS = 10;
/** 10⁶ is far outside the range (about [5e-5, 2e4]) where 10 steps from y = 1 reach float32's √x. */
const UNCONVERGED_X = 1e6;

export const insight: ProblemInsight = {
  iterationName: 'Newton steps',
  learnerIterations: NEWTON_STEPS,
  costSize: 100_000,
  costInput(elements) {
    const random = seededRandom(`fixed-point-sqrt/insight/${elements}`);
    // Where 10 steps converge, so that the learner's function is measured doing what it is for.
    const values = Array.from({ length: Math.max(1, Math.round(elements)) }, () => logUniformFloat32(random, 1e-2, 1e4));
    return [{ shape: [values.length], values }];
  },
  iteration: {
    init: (tf, [x]) => tf.onesLike(x as Parameters<typeof tf.onesLike>[0]),
    step: (tf, y, [x]) => tf.mul(0.5, tf.add(y, tf.div(x as typeof y, y))),
    // y* = (y* + x / y*) / 2 gives dy*/dx = 1 / (2 y*).
    implicitBackward: (tf, dy, yStar) => [tf.div(tf.mul(dy, 0.5), yStar)],
  },
  convergence: {
    where: 'x = 10⁶, where Newton from y = 1 needs about 14 steps: after 10, y is 1296.19, not 1000',
    readout: 'dy/dx',
    inputs: [{ shape: [], values: [UNCONVERGED_X] }],
    maxIterations: 20,
    outputIndex: 0,
    inputIndex: 0,
    elementIndex: 0,
    truth: () => 0.5 / Math.sqrt(UNCONVERGED_X),
    truthSource: 'the closed form 0.5 / √x',
  },
};
