import * as tf from '@tensorflow/tfjs';

/**
 * A deep equilibrium layer: z* = tanh(W z* + x), found by 30 iterations from z = 0, with an implicit
 * backward pass. With s = 1 − z*², the adjoint u solves u = dy + (diag(s) W)ᵀ u, and then
 * dx = s ⊙ u and dW = outer(s ⊙ u, z*).
 */
export const deqLayer = (x: tf.Tensor, W: tf.Tensor): tf.Tensor => {
  const layer = tf.customGrad((x: tf.Tensor, W: tf.Tensor, save: tf.GradSaveFunc) => {
    // Forward: replace this with 30 iterations z ← tanh(W z + x), starting from z = 0.
    const z = tf.zerosLike(x);

    // Keep what the backward pass needs, here W and the fixed point z*.
    save([W, z]);

    return {
      value: z,
      // Backward: dy is the upstream gradient (shaped like z*); saved is [W, z*].
      // Return [dx, dW], one gradient per input, shaped like x and like W.
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.zerosLike(dy), tf.zerosLike(saved[0]!)],
    };
  });
  return layer(x, W);
};
