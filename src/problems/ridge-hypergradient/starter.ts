import * as tf from '@tensorflow/tfjs';

/**
 * Solves A x = b by conjugate gradient, for a symmetric positive definite A of shape [d, d] and b of
 * shape [d]. TF.js has no linear solve: write the iteration with TF.js ops.
 */
function conjugateGradient(A: tf.Tensor, b: tf.Tensor): tf.Tensor {
  // Replace this with conjugate gradient, starting from x = 0.
  return tf.zerosLike(b);
}

/**
 * Returns λ ↦ ½‖Xv w* − yv‖², where (XᵀX + λI) w* = Xᵀy, with the gradient from the
 * Implicit Function Theorem: dλ = −dy · uᵀw*, where (XᵀX + λI) u = Xvᵀ(Xv w* − yv).
 */
export const makeValidationLoss = (X: tf.Tensor, y: tf.Tensor, Xv: tf.Tensor, yv: tf.Tensor) => {
  const validationLoss = tf.customGrad((lam: tf.Tensor, save: tf.GradSaveFunc) => {
    // Forward: build A = XᵀX + λI and solve A w = Xᵀy.
    const d = X.shape[1]!;
    const A = tf.add(tf.matMul(X, X, true, false), tf.mul(lam, tf.eye(d)));
    const w = conjugateGradient(A, tf.dot(y, X));
    const residual = tf.sub(tf.dot(Xv, w), yv);

    // Keep what the backward pass needs.
    save([A, w, residual]);

    return {
      value: tf.mul(0.5, tf.dot(residual, residual)),
      // Backward: dy is the upstream gradient (shape []); return dλ, also of shape [].
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.zerosLike(dy),
    };
  });
  return (lam: tf.Tensor): tf.Tensor => validationLoss(lam);
};
