import * as tf from '@tensorflow/tfjs';

const NEWTON_STEPS = 10;

export const fixedPointSqrt = (x: tf.Tensor): tf.Tensor => {
  const op = tf.customGrad((x: tf.Tensor, save: tf.GradSaveFunc) => {
    // Forward: Newton's iteration for y^2 = x. Nothing here is recorded for the backward pass.
    let y = tf.onesLike(x);
    for (let step = 0; step < NEWTON_STEPS; step++) {
      y = tf.mul(0.5, tf.add(y, tf.div(x, y)));
    }
    // The backward pass needs only the fixed point y*, so that is all we keep.
    save([y]);
    return {
      value: y,
      // IFT: y* = g(y*, x) with g = (y + x / y) / 2 gives dy*/dx = 1 / (2 y*),
      // so the vector-Jacobian product is dy * 0.5 / y*.
      gradFunc: (dy: tf.Tensor, [yStar]: tf.Tensor[]) => tf.div(tf.mul(dy, 0.5), yStar),
    };
  });
  return op(x);
};
