import * as tf from '@tensorflow/tfjs';

/**
 * The eccentric anomaly E* solving Kepler's equation E − e·sin E = M, elementwise, by 10 Newton steps from
 * E = M, with a backward pass from the Implicit Function Theorem for both inputs.
 */
export const solveKepler = (M: tf.Tensor, e: tf.Tensor): tf.Tensor => {
  const op = tf.customGrad((M: tf.Tensor, e: tf.Tensor, save: tf.GradSaveFunc) => {
    // Forward: replace this with 10 Newton steps for E − e·sin E − M = 0, starting from E = M.
    const E = M.clone();

    // Keep what the backward pass needs (the root, not the starting point).
    save([E, e]);

    return {
      value: E,
      // Backward: dy is the upstream gradient, saved[0] and saved[1] what you saved above. Return one
      // gradient per input, each shaped like its input: [gradient for M, gradient for e].
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.zerosLike(dy), tf.zerosLike(saved[1]!)],
    };
  });
  return op(M, e);
};
