import * as tf from '@tensorflow/tfjs';

/**
 * Solves A x = b by conjugate gradient, for a symmetric positive definite A given by its product
 * `applyA(v) = A v`, and b of shape [d]. TF.js has no linear solve: write the iteration with TF.js ops.
 */
function conjugateGradient(applyA: (v: tf.Tensor) => tf.Tensor, b: tf.Tensor): tf.Tensor {
  // Replace this with conjugate gradient, starting from x = 0.
  return tf.zerosLike(b);
}

/**
 * Returns λ ↦ ½‖Xv w* − yv‖², where (XᵀX + λI) w* = Xᵀy, with the gradient from the
 * Implicit Function Theorem: dλ = −dy · uᵀw*, where (XᵀX + λI) u = Xvᵀ(Xv w* − yv).
 */
export const makeValidationLoss = (X: tf.Tensor, y: tf.Tensor, Xv: tf.Tensor, yv: tf.Tensor) => {
  // (XᵀX + λI) v = Xᵀ(X v) + λ v, for a vector v of shape [d].
  const ridgeOperator = (lam: tf.Tensor) => (v: tf.Tensor) => tf.add(tf.dot(tf.dot(X, v), X), tf.mul(lam, v));

  const validationLoss = tf.customGrad((lam: tf.Tensor, save: tf.GradSaveFunc) => {
    // Forward: solve (XᵀX + λI) w = Xᵀy, then score w on the validation data.
    const w = conjugateGradient(ridgeOperator(lam), tf.dot(y, X));
    const residual = tf.sub(tf.dot(Xv, w), yv);

    // Keep what the backward pass needs.
    save([w, residual, lam]);

    return {
      value: tf.mul(0.5, tf.dot(residual, residual)),
      // Backward: dy is the upstream gradient (shape []); return dλ, also of shape [].
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.zerosLike(dy),
    };
  });
  return (lam: tf.Tensor): tf.Tensor => validationLoss(lam);
};
