/**
 * float64 references for the deep equilibrium layer z* = tanh(W z* + x), in plain TypeScript. Nothing here
 * runs TF.js or the reference solution: a bug in either must not be able to agree with itself.
 *
 * Vectors are plain arrays of length n; a matrix is its n·n values in row-major order, as in a TensorData.
 */
export const FORWARD_ITERATIONS = 30;

/** A vector-Jacobian product of the layer: the gradients with respect to x ([n]) and to W ([n, n], row-major). */
export type LayerGradients = { readonly dx: number[]; readonly dW: number[] };

/** W v: (W v)_i = Σ_j W_ij v_j. */
export function matVec(W: readonly number[], v: readonly number[]): number[] {
  const n = v.length;
  return Array.from({ length: n }, (_, i) => {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += at(W, i * n + j) * at(v, j);
    return sum;
  });
}

/** Wᵀ v: (Wᵀ v)_j = Σ_i W_ij v_i. */
export function matTVec(W: readonly number[], v: readonly number[]): number[] {
  const n = v.length;
  return Array.from({ length: n }, (_, j) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += at(W, i * n + j) * at(v, i);
    return sum;
  });
}

/** outer(a, b)_ij = a_i b_j, row-major. */
export function outer(a: readonly number[], b: readonly number[]): number[] {
  return a.flatMap((ai) => b.map((bj) => ai * bj));
}

/** z ← tanh(W z + x), `iterations` times from z = 0. */
export function deqForward(x: readonly number[], W: readonly number[], iterations = FORWARD_ITERATIONS): number[] {
  let z = x.map(() => 0);
  for (let step = 0; step < iterations; step++) z = forwardStep(x, W, z);
  return z;
}

function forwardStep(x: readonly number[], W: readonly number[], z: readonly number[]): number[] {
  return matVec(W, z).map((wz, i) => Math.tanh(wz + at(x, i)));
}

/** The tanh derivative at the fixed point, s = 1 − z*², the diagonal of ∂tanh/∂(W z + x). */
export function tanhSlope(z: readonly number[]): number[] {
  return z.map((zi) => 1 - zi * zi);
}

/**
 * The exact adjoint: the solution of u = g + (diag(s) W)ᵀ u, that is (I − Wᵀ diag(s)) u = g, by Gaussian
 * elimination with partial pivoting (n ≤ 16, so a direct solve costs nothing and owes nothing to iteration).
 */
export function exactAdjoint(W: readonly number[], s: readonly number[], g: readonly number[]): number[] {
  const n = g.length;
  // A = I − Wᵀ diag(s): A_jk = δ_jk − W_kj s_k.
  const A = Array.from({ length: n }, (_, j) =>
    Array.from({ length: n }, (_, k) => (j === k ? 1 : 0) - at(W, k * n + j) * at(s, k)),
  );
  return solve(A, [...g]);
}

/** Solves A u = b in place (A is n × n, invertible), by Gaussian elimination with partial pivoting. */
export function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  for (let column = 0; column < n; column++) {
    let pivot = column;
    for (let row = column + 1; row < n; row++) {
      if (Math.abs(rowOf(A, row)[column] ?? 0) > Math.abs(rowOf(A, pivot)[column] ?? 0)) pivot = row;
    }
    [A[column], A[pivot]] = [rowOf(A, pivot), rowOf(A, column)];
    [b[column], b[pivot]] = [at(b, pivot), at(b, column)];
    const top = rowOf(A, column);
    const diagonal = at(top, column);
    if (diagonal === 0) throw new Error('singular system in the float64 reference');
    for (let row = column + 1; row < n; row++) {
      const current = rowOf(A, row);
      const factor = at(current, column) / diagonal;
      if (factor === 0) continue;
      for (let k = column; k < n; k++) current[k] = at(current, k) - factor * at(top, k);
      b[row] = at(b, row) - factor * at(b, column);
    }
  }
  const u = new Array<number>(n).fill(0);
  for (let row = n - 1; row >= 0; row--) {
    const current = rowOf(A, row);
    let sum = at(b, row);
    for (let k = row + 1; k < n; k++) sum -= at(current, k) * at(u, k);
    u[row] = sum / at(current, row);
  }
  return u;
}

/** dx = s ⊙ u and dW = outer(s ⊙ u, z*), the gradients the adjoint u gives. */
function gradientsFromAdjoint(z: readonly number[], s: readonly number[], u: readonly number[]): LayerGradients {
  const su = u.map((ui, i) => at(s, i) * ui);
  return { dx: su, dW: outer(su, z) };
}

/** The implicit gradient at the 30-iteration forward output, with the exact adjoint. */
export function implicitGradients(x: readonly number[], W: readonly number[], g: readonly number[]): LayerGradients {
  const z = deqForward(x, W);
  const s = tanhSlope(z);
  return gradientsFromAdjoint(z, s, exactAdjoint(W, s, g));
}

/**
 * `steps` iterations of u ← g + (diag(s) W)ᵀ u from u = 0 (or, with `transpose: false`, of the wrong
 * u ← g + diag(s) W u). One step gives u = g, the "Jacobian-free" gradient.
 */
export function iteratedAdjoint(
  W: readonly number[],
  s: readonly number[],
  g: readonly number[],
  steps: number,
  options: { transpose: boolean } = { transpose: true },
): number[] {
  let u = g.map(() => 0);
  for (let step = 0; step < steps; step++) {
    const Ju = options.transpose ? matTVec(W, u.map((ui, i) => at(s, i) * ui)) : matVec(W, u).map((v, i) => at(s, i) * v);
    u = Ju.map((v, i) => at(g, i) + v);
  }
  return u;
}

/**
 * The gradient of the unrolled loop itself, by reverse-mode differentiation of the 30 iterations written
 * out by hand: what TF.js computes when it differentiates through the iterations. With ‖W‖₂ ≤ 0.5 it agrees
 * with the implicit gradient to about 0.5³⁰, which is why only the cost can tell the two apart.
 */
export function unrolledGradients(
  x: readonly number[],
  W: readonly number[],
  g: readonly number[],
  iterations = FORWARD_ITERATIONS,
): LayerGradients {
  const n = x.length;
  const iterates: number[][] = [x.map(() => 0)];
  for (let step = 0; step < iterations; step++) iterates.push(forwardStep(x, W, at(iterates, step)));
  let adjoint = [...g];
  const dx = new Array<number>(n).fill(0);
  const dW = new Array<number>(n * n).fill(0);
  for (let step = iterations - 1; step >= 0; step--) {
    // z_{k+1} = tanh(W z_k + x): the cotangent of the pre-activation is s_k ⊙ ā_{k+1}.
    const pre = tanhSlope(at(iterates, step + 1)).map((sk, i) => sk * at(adjoint, i));
    const zk = at(iterates, step);
    for (let i = 0; i < n; i++) {
      dx[i] = at(dx, i) + at(pre, i);
      for (let j = 0; j < n; j++) dW[i * n + j] = at(dW, i * n + j) + at(pre, i) * at(zk, j);
    }
    adjoint = matTVec(W, pre);
  }
  return { dx, dW };
}

/** The classic wrong backward passes, each in float64, so that a message can say which one a submission made. */
export const MISTAKES = {
  noTranspose: {
    name: 'the adjoint without the transpose',
    advice:
      'The adjoint iteration must use the transpose of the Jacobian: u ← g + (diag(s) W)ᵀ u = g + Wᵀ(s ⊙ u), not g + s ⊙ (W u). Reverse mode multiplies by Jᵀ.',
  },
  jacobianFree: {
    name: 'the one-step "Jacobian-free" gradient u = g',
    advice:
      'That skips the adjoint solve: u = g is only its first iterate. Iterate u ← g + Wᵀ(s ⊙ u) until it settles, then dx = s ⊙ u.',
  },
  noTanhDerivative: {
    name: 'the tanh derivative forgotten (s = 1)',
    advice:
      'The Jacobian of z ↦ tanh(W z + x) is diag(s) W with s = 1 − z*², not W: put s into the adjoint iteration and into dx = s ⊙ u.',
  },
  slopeOnlyInAdjoint: {
    name: 'dx = u, without the factor s',
    advice: 'The adjoint u is the gradient with respect to z*, not x: dx = s ⊙ u, with s = 1 − z*².',
  },
  ignoresDy: {
    name: 'the gradient for an upstream gradient of all ones',
    advice:
      'gradFunc ignores dy: the adjoint must start from it, u ← dy + Wᵀ(s ⊙ u). Ones are right only for a plain sum.',
  },
  outerReversed: {
    name: 'the outer product the wrong way round',
    advice:
      'dW is transposed: dW = outer(s ⊙ u, z*), so that dW_ij = (s ⊙ u)_i z*_j (row i belongs to output i), not outer(z*, s ⊙ u).',
  },
  outerWithoutSlope: {
    name: 'dW = outer(u, z*), without the factor s',
    advice: 'dW takes the same factor as dx: dW = outer(s ⊙ u, z*), with s = 1 − z*².',
  },
  outerWithX: {
    name: 'dW = outer(s ⊙ u, x), with x in place of z*',
    advice: 'W multiplies z* inside tanh(W z* + x), so its gradient pairs s ⊙ u with z*: dW = outer(s ⊙ u, z*).',
  },
} as const;

export type MistakeId = keyof typeof MISTAKES;

/** What each mistake gives, in float64, for one input and upstream gradient. */
export function mistakenGradients(
  mistake: MistakeId,
  x: readonly number[],
  W: readonly number[],
  g: readonly number[],
): LayerGradients {
  const z = deqForward(x, W);
  const s = tanhSlope(z);
  const ones = z.map(() => 1);
  switch (mistake) {
    case 'noTranspose': {
      // u = g + diag(s) W u, solved exactly: (I − diag(s) W) u = g.
      const n = g.length;
      const A = Array.from({ length: n }, (_, i) =>
        Array.from({ length: n }, (_, k) => (i === k ? 1 : 0) - at(s, i) * at(W, i * n + k)),
      );
      return gradientsFromAdjoint(z, s, solve(A, [...g]));
    }
    case 'jacobianFree':
      return gradientsFromAdjoint(z, s, [...g]);
    case 'noTanhDerivative':
      return gradientsFromAdjoint(z, ones, exactAdjoint(W, ones, g));
    case 'slopeOnlyInAdjoint': {
      const u = exactAdjoint(W, s, g);
      return { dx: u, dW: outer(u, z) };
    }
    case 'ignoresDy':
      return gradientsFromAdjoint(z, s, exactAdjoint(W, s, ones));
    case 'outerReversed': {
      const su = exactAdjoint(W, s, g).map((ui, i) => at(s, i) * ui);
      return { dx: su, dW: outer(z, su) };
    }
    case 'outerWithoutSlope': {
      const u = exactAdjoint(W, s, g);
      return { dx: u.map((ui, i) => at(s, i) * ui), dW: outer(u, z) };
    }
    case 'outerWithX': {
      const su = exactAdjoint(W, s, g).map((ui, i) => at(s, i) * ui);
      return { dx: su, dW: outer(su, x) };
    }
  }
}

/** The gradients with an adjoint of `steps` iterations from u = 0 (steps = 1 is the Jacobian-free u = g). */
export function truncatedGradients(x: readonly number[], W: readonly number[], g: readonly number[], steps: number): LayerGradients {
  const z = deqForward(x, W);
  const s = tanhSlope(z);
  return gradientsFromAdjoint(z, s, iteratedAdjoint(W, s, g, steps));
}

/**
 * The spectral norm ‖W‖₂ = sqrt(λ_max(WᵀW)), by power iteration on WᵀW from a fixed start. The Rayleigh
 * quotient never exceeds λ_max and approaches it fast where the top two eigenvalues differ; where they
 * nearly coincide it lies between them, so it is close either way.
 */
export function spectralNorm(W: readonly number[], n: number, iterations = 2000): number {
  let v = Array.from({ length: n }, (_, i) => 1 + i / n);
  let lambda = 0;
  for (let step = 0; step < iterations; step++) {
    const norm = Math.hypot(...v);
    if (norm === 0) return 0;
    v = v.map((vi) => vi / norm);
    const next = matTVec(W, matVec(W, v));
    lambda = next.reduce((sum, value, i) => sum + value * at(v, i), 0);
    v = next;
  }
  return Math.sqrt(Math.max(lambda, 0));
}

function at<T>(values: readonly T[], index: number): T {
  const value = values[index];
  if (value === undefined) throw new Error(`index ${index} is outside a vector of ${values.length}`);
  return value;
}

function rowOf(A: number[][], index: number): number[] {
  const row = A[index];
  if (!row) throw new Error(`row ${index} is outside a ${A.length}-row matrix`);
  return row;
}
