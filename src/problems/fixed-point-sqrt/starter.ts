import * as tf from '@tensorflow/tfjs';

/**
 * sqrt(x) by 10 Newton steps y <- 0.5 * (y + x / y) from y = 1,
 * with a backward pass from the Implicit Function Theorem: dx = dy * 0.5 / y*.
 */
export const fixedPointSqrt = (x: tf.Tensor): tf.Tensor => {
  const op = tf.customGrad((x: tf.Tensor, save: tf.GradSaveFunc) => {
    // Forward: replace this with 10 Newton iterations, starting from y = 1.
    const y = tf.onesLike(x);

    // Keep what the backward pass needs: the converged y, not x.
    save([y]);

    return {
      value: y,
      // Backward: dy is the upstream gradient; saved[0] is the y you saved above.
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.zerosLike(dy),
    };
  });
  return op(x);
};
