/**
 * "Why it matters" for the deep equilibrium layer z* = tanh(W z* + x): the forward iteration with N as a
 * parameter, the adjoint backward pass, and an input where the learner's 30 steps have not converged (see
 * src/insight/problem-insight.ts).
 */
import type { ProblemInsight, Tensor, Tf } from '../../insight/problem-insight.ts';
import { seededRandom, uniformFloat32 } from '../../core/random.ts';
import { deqForward, exactAdjoint, spectralNorm, tanhSlope } from './grader/reference.ts';

const FORWARD_ITERATIONS = 30;
/** The contract's bound on ‖W‖₂ for the cost input: the layer as it is specified. */
const COST_NORM = 0.5;
/**
 * Near 1, each step shrinks the error by only about 0.95 (x is small, so tanh is nearly linear and s ≈ 1):
 * 30 steps leave about a fifth of it, and it takes some 150 to reach float32's resolution.
 */
const SLOW_NORM = 0.95;
const SLOW_SIZE = 8;
/** The adjoint iteration stops once a step changes u by less than this, relative to u; or at the cap. */
const ADJOINT_TOLERANCE = 1e-7;
const ADJOINT_CAP = 2000;
const ADJOINT_CHECK_EVERY = 10;
/** Up to this size the adjoint is summed by squaring; 2¹² terms of a series of ratio 0.95 leave nothing. */
const SQUARING_MAX_SIZE = 64;
const SQUARINGS = 12;

/**
 * u = Σₖ Mᵏ dy with M = (diag(s) W)ᵀ, iterated until a step changes u by less than ADJOINT_TOLERANCE
 * relative to u, however slowly W contracts: the IFT asks for the solve, not for a set number of steps.
 */
function adjointByIteration(tf: Tf, W: Tensor, s: Tensor, dy: Tensor): Tensor {
  let u = dy;
  for (let step = 1; step <= ADJOINT_CAP; step++) {
    const current = u;
    // In a tidy: the step's intermediates would otherwise live until the whole backward pass ends, up to
    // ADJOINT_CAP steps of them, and count against the implicit method's peak memory.
    const next = tf.tidy(() => tf.add(dy, tf.dot(tf.mul(s, current), W)));
    const done =
      step % ADJOINT_CHECK_EVERY === 0 &&
      tf.tidy(() => (tf.max(tf.abs(tf.sub(next, u))).dataSync()[0] ?? 0) <= ADJOINT_TOLERANCE * (tf.max(tf.abs(next)).dataSync()[0] ?? 0));
    if (u !== dy) u.dispose();
    u = next;
    if (done) break;
  }
  return u;
}

/**
 * The same sum by repeated squaring, Σ_{k<2^SQUARINGS} Mᵏ dy in SQUARINGS matrix products: for a small n,
 * where a slowly contracting W would need hundreds of steps of overhead-bound tiny kernels.
 */
function adjointBySquaring(tf: Tf, W: Tensor, s: Tensor, dy: Tensor): Tensor {
  return tf.tidy(() => {
    // M = Wᵀ diag(s): M_jk = W_kj s_k, so M u = (diag(s) W)ᵀ u.
    let power = tf.mul(tf.transpose(W), tf.expandDims(s, 0));
    let u = tf.expandDims(dy, 1);
    for (let squaring = 0; squaring < SQUARINGS; squaring++) {
      u = tf.add(u, tf.matMul(power, u));
      power = tf.matMul(power, power);
    }
    return tf.reshape(u, [-1]);
  });
}

function scaledTo(values: readonly number[], n: number, norm: number, powerSteps: number): number[] {
  const scale = norm / spectralNorm(values, n, powerSteps);
  return values.map((value) => Math.fround(value * scale));
}

/** The slowly contracting input: a symmetric W (its eigenvalues real, the contraction rate plain) and a small x. */
function slowInput(): { x: number[]; W: number[] } {
  const random = seededRandom('deq-layer/insight/slow');
  const A = Array.from({ length: SLOW_SIZE * SLOW_SIZE }, () => 2 * random() - 1);
  const symmetric = A.map((_, index) => {
    const i = Math.floor(index / SLOW_SIZE);
    const j = index % SLOW_SIZE;
    return 0.5 * ((A[i * SLOW_SIZE + j] ?? 0) + (A[j * SLOW_SIZE + i] ?? 0));
  });
  const W = scaledTo(symmetric, SLOW_SIZE, SLOW_NORM, 2000);
  const x = Array.from({ length: SLOW_SIZE }, () => uniformFloat32(random, 0.02, 0.1));
  return { x, W };
}

const SLOW = slowInput();

export const insight: ProblemInsight = {
  iterationName: 'iterations',
  learnerIterations: FORWARD_ITERATIONS,
  costSize: 100_000,
  costInput(elements) {
    // W is n × n and x is n: n² + n elements.
    const n = Math.max(1, Math.round((-1 + Math.sqrt(1 + 4 * elements)) / 2));
    const random = seededRandom(`deq-layer/insight/${n}`);
    const raw = Array.from({ length: n * n }, () => 2 * random() - 1);
    // A rough norm is enough for a cost input: 60 power steps are within a few per cent from below.
    const W = scaledTo(raw, n, COST_NORM, 60);
    const x = Array.from({ length: n }, () => uniformFloat32(random, -1, 1));
    return [
      { shape: [n], values: x },
      { shape: [n, n], values: W },
    ];
  },
  iteration: {
    init: (tf, [x]) => tf.zerosLike(x as Tensor),
    step: (tf, z, [x, W]) => tf.tanh(tf.add(tf.dot(W as Tensor, z), x as Tensor)),
    implicitBackward(tf, dy, zStar, [, W]) {
      const weights = W as Tensor;
      // The step's Jacobian at z* is diag(s) W with s = 1 − z*²; the adjoint u solves u = dy + (diag(s) W)ᵀ u.
      const s = tf.sub(1, tf.square(zStar));
      const n = zStar.shape[0] ?? 1;
      const u = n <= SQUARING_MAX_SIZE ? adjointBySquaring(tf, weights, s, dy) : adjointByIteration(tf, weights, s, dy);
      const su = tf.mul(s, u);
      // dW_ij = (s ⊙ u)_i z*_j.
      return [su, tf.mul(tf.expandDims(su, 1), tf.expandDims(zStar, 0))];
    },
  },
  convergence: {
    where: `a symmetric W with ‖W‖₂ = ${SLOW_NORM} and a small x (n = ${SLOW_SIZE}): each step shrinks the error only to about ${SLOW_NORM} of itself, so 30 steps leave about a fifth of it`,
    readout: '∂z₀/∂x₀',
    inputs: [
      { shape: [SLOW_SIZE], values: SLOW.x },
      { shape: [SLOW_SIZE, SLOW_SIZE], values: SLOW.W },
    ],
    maxIterations: 100,
    outputIndex: 0,
    inputIndex: 0,
    elementIndex: 0,
    truth() {
      // Converged in float64 (2000 steps at 0.95 are far past double precision), then the exact adjoint.
      const z = deqForward(SLOW.x, SLOW.W, 2000);
      const s = tanhSlope(z);
      const g = SLOW.x.map((_, i) => (i === 0 ? 1 : 0));
      const u = exactAdjoint(SLOW.W, s, g);
      return (s[0] ?? 0) * (u[0] ?? 0);
    },
    truthSource: 'the fixed point converged in float64, then the adjoint solved exactly (Gaussian elimination)',
  },
};
