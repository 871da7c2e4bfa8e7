import * as tf from '@tensorflow/tfjs';

const NEWTON_STEPS = 10;

export const solveKepler = (M: tf.Tensor, e: tf.Tensor): tf.Tensor => {
  const op = tf.customGrad((M: tf.Tensor, e: tf.Tensor, save: tf.GradSaveFunc) => {
    // Forward: Newton's method on F(E) = E − e·sin E − M, from E = M. Nothing here is taped.
    let E = M;
    for (let step = 0; step < NEWTON_STEPS; step++) {
      const residual = E.sub(e.mul(E.sin())).sub(M);
      const slope = tf.sub(1, e.mul(E.cos()));
      E = E.sub(residual.div(slope));
    }
    // The backward pass needs the root E* and e; M itself no longer matters.
    save([E, e]);
    return {
      value: E,
      // IFT on F(E*, M, e) = 0: dE*/dM = 1/u and dE*/de = sin E*/u, with u = ∂F/∂E = 1 − e·cos E*.
      // Each gradient is shaped like its input: e is a scalar, so its share is summed over every element.
      gradFunc: (dy: tf.Tensor, [EStar, eSaved]: tf.Tensor[]) => {
        const u = tf.sub(1, eSaved!.mul(EStar!.cos()));
        const dM = dy.div(u);
        const de = dM.mul(EStar!.sin()).sum();
        return [dM, de];
      },
    };
  });
  return op(M, e);
};
