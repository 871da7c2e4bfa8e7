/**
 * float64 references in plain TypeScript, by a direct solve (Cholesky): the grader never runs TF.js or the
 * reference solution, so neither a float32 round-off nor a bug in our conjugate gradient can agree with
 * itself. Sizes are tiny (d ≤ 8), so nothing here needs to be fast.
 */

/** A matrix as its rows; every row has the same length. */
export type Matrix = readonly (readonly number[])[];
export type Vector = readonly number[];

/** One ridge problem: training data (X, y) fit the weights, validation data (Xv, yv) judge them. */
export type RidgeData = {
  readonly X: Matrix;
  readonly y: Vector;
  readonly Xv: Matrix;
  readonly yv: Vector;
};

export function columns(matrix: Matrix): number {
  return matrix[0]?.length ?? 0;
}

function at(vector: Vector, index: number): number {
  const value = vector[index];
  if (value === undefined) throw new Error(`index ${index} outside a vector of length ${vector.length}`);
  return value;
}

function row(matrix: Matrix, index: number): Vector {
  const found = matrix[index];
  if (!found) throw new Error(`row ${index} outside a matrix of ${matrix.length} rows`);
  return found;
}

export function dot(a: Vector, b: Vector): number {
  if (a.length !== b.length) throw new Error(`dot of lengths ${a.length} and ${b.length}`);
  let sum = 0;
  for (let index = 0; index < a.length; index++) sum += at(a, index) * at(b, index);
  return sum;
}

export function norm(a: Vector): number {
  return Math.sqrt(dot(a, a));
}

/** M v. */
export function times(matrix: Matrix, vector: Vector): number[] {
  return matrix.map((entries) => dot(entries, vector));
}

/** Mᵀ v. */
export function transposeTimes(matrix: Matrix, vector: Vector): number[] {
  const result = new Array<number>(columns(matrix)).fill(0);
  matrix.forEach((entries, rowIndex) => {
    const weight = at(vector, rowIndex);
    entries.forEach((entry, column) => {
      result[column] = at(result, column) + weight * entry;
    });
  });
  return result;
}

/** Mᵀ M. */
export function gram(matrix: Matrix): number[][] {
  const d = columns(matrix);
  const result = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (const entries of matrix) {
    for (let i = 0; i < d; i++) {
      const resultRow = result[i]!;
      for (let j = 0; j < d; j++) resultRow[j] = at(resultRow, j) + at(entries, i) * at(entries, j);
    }
  }
  return result;
}

/** G + λI. */
export function plusRidge(matrix: Matrix, lam: number): number[][] {
  return matrix.map((entries, i) => entries.map((entry, j) => (i === j ? entry + lam : entry)));
}

/** Solves A x = b for a symmetric positive definite A, by Cholesky A = L Lᵀ and two triangular solves. */
export function solveSpd(A: Matrix, b: Vector): number[] {
  const n = A.length;
  const L = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = at(row(A, i), j);
      for (let k = 0; k < j; k++) sum -= at(row(L, i), k) * at(row(L, j), k);
      if (i === j) {
        if (!(sum > 0)) throw new Error('solveSpd: the matrix is not positive definite');
        L[i]![i] = Math.sqrt(sum);
      } else {
        L[i]![j] = sum / at(row(L, j), j);
      }
    }
  }
  const z = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let sum = at(b, i);
    for (let k = 0; k < i; k++) sum -= at(row(L, i), k) * at(z, k);
    z[i] = sum / at(row(L, i), i);
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let sum = at(z, i);
    for (let k = i + 1; k < n; k++) sum -= at(row(L, k), i) * at(x, k);
    x[i] = sum / at(row(L, i), i);
  }
  return x;
}

/** The eigenvalues of a symmetric matrix, ascending, by cyclic Jacobi rotations. */
export function symmetricEigenvalues(matrix: Matrix): number[] {
  const n = matrix.length;
  const a = matrix.map((entries) => [...entries]);
  const get = (i: number, j: number): number => at(row(a, i), j);
  const set = (i: number, j: number, value: number): void => {
    a[i]![j] = value;
  };
  for (let sweep = 0; sweep < 100; sweep++) {
    let offDiagonal = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) offDiagonal += get(i, j) ** 2;
    if (offDiagonal < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = get(p, q);
        if (apq === 0) continue;
        const theta = (get(q, q) - get(p, p)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = get(k, p);
          const akq = get(k, q);
          set(k, p, c * akp - s * akq);
          set(k, q, s * akp + c * akq);
        }
        for (let k = 0; k < n; k++) {
          const apk = get(p, k);
          const aqk = get(q, k);
          set(p, k, c * apk - s * aqk);
          set(q, k, s * apk + c * aqk);
        }
      }
    }
  }
  return Array.from({ length: n }, (_, i) => get(i, i)).sort((x, y) => x - y);
}

/** The 2-norm condition number of a symmetric positive definite matrix. */
export function conditionNumber(matrix: Matrix): number {
  const eigenvalues = symmetricEigenvalues(matrix);
  const smallest = eigenvalues[0] ?? Number.NaN;
  const largest = eigenvalues[eigenvalues.length - 1] ?? Number.NaN;
  return smallest > 0 ? largest / smallest : Number.POSITIVE_INFINITY;
}

/** The validation loss ½‖Xv w − yv‖² of some weights w. */
export function validationLoss(data: RidgeData, w: Vector): number {
  const residual = times(data.Xv, w).map((value, index) => value - at(data.yv, index));
  return 0.5 * dot(residual, residual);
}

export type RidgeReference = {
  /** w* solving (XᵀX + λI) w* = Xᵀy. */
  readonly w: number[];
  /** r = Xv w* − yv. */
  readonly residual: number[];
  /** ½‖r‖². */
  readonly loss: number;
  /** The adjoint u = (XᵀX + λI)⁻¹ Xvᵀ r. */
  readonly adjoint: number[];
  /** dloss/dλ = −uᵀw*. */
  readonly hypergradient: number;
};

export function ridgeReference(data: RidgeData, lam: number): RidgeReference {
  const A = plusRidge(gram(data.X), lam);
  const w = solveSpd(A, transposeTimes(data.X, data.y));
  const residual = times(data.Xv, w).map((value, index) => value - at(data.yv, index));
  const loss = 0.5 * dot(residual, residual);
  const adjoint = solveSpd(A, transposeTimes(data.Xv, residual));
  return { w, residual, loss, adjoint, hypergradient: -dot(adjoint, w) };
}

/**
 * What the classic mistakes give for dloss/dλ, each in float64, so that a wrong gradient can be named by
 * the number it equals.
 */
export type HypergradientMistakes = {
  /** +uᵀw*: the minus sign of dw* / dλ = −A⁻¹w* dropped. */
  readonly sign: number;
  /** −(Xvᵀr)ᵀw*: the backward solve skipped, u taken as the right-hand side itself. */
  readonly skippedSolve: number;
  /** −((XᵀX)⁻¹Xvᵀr)ᵀw*: the adjoint solved with XᵀX alone, λI forgotten in the backward pass. */
  readonly lambdaForgotten: number;
};

export function hypergradientMistakes(data: RidgeData, lam: number): HypergradientMistakes {
  const reference = ridgeReference(data, lam);
  const rightHandSide = transposeTimes(data.Xv, reference.residual);
  const withoutRidge = solveSpd(gram(data.X), rightHandSide);
  return {
    sign: -reference.hypergradient,
    skippedSolve: -dot(rightHandSide, reference.w),
    lambdaForgotten: -dot(withoutRidge, reference.w),
  };
}

/** What classic forward mistakes give for the loss, to name them. */
export type LossMistakes = {
  /** ‖r‖² without the ½. */
  readonly withoutHalf: number;
  /** The weights of XᵀX w = Xᵀy: λ ignored. */
  readonly lambdaIgnored: number;
  /** w = 0: no solve at all (the starter's loss). */
  readonly zeroWeights: number;
  /** ½‖X w* − y‖²: the training loss in place of the validation loss. */
  readonly trainingLoss: number;
};

export function lossMistakes(data: RidgeData, lam: number): LossMistakes {
  const reference = ridgeReference(data, lam);
  const trainingResidual = times(data.X, reference.w).map((value, index) => value - at(data.y, index));
  const lambdaIgnored = solveSpd(gram(data.X), transposeTimes(data.X, data.y));
  return {
    withoutHalf: 2 * reference.loss,
    lambdaIgnored: validationLoss(data, lambdaIgnored),
    zeroWeights: validationLoss(data, new Array<number>(columns(data.X)).fill(0)),
    trainingLoss: 0.5 * dot(trainingResidual, trainingResidual),
  };
}

/**
 * `steps` steps of conjugate gradient for A x = b from x = 0, in float64: what a solver stopped too early
 * returns (its first iterates are stable, so float32 CG agrees with them closely).
 */
export function conjugateGradientSteps(A: Matrix, b: Vector, steps: number): number[] {
  let x = new Array<number>(b.length).fill(0);
  let r = [...b];
  let p = [...b];
  let rr = dot(r, r);
  for (let step = 0; step < steps && rr > 0; step++) {
    const Ap = times(A, p);
    const alpha = rr / dot(p, Ap);
    x = x.map((value, index) => value + alpha * at(p, index));
    r = r.map((value, index) => value - alpha * at(Ap, index));
    const next = dot(r, r);
    const beta = next / rr;
    p = r.map((value, index) => value + beta * at(p, index));
    rr = next;
  }
  return x;
}

/** The validation loss when the forward solve stops after `steps` CG steps. */
export function lossAfterSteps(data: RidgeData, lam: number, steps: number): number {
  const A = plusRidge(gram(data.X), lam);
  return validationLoss(data, conjugateGradientSteps(A, transposeTimes(data.X, data.y), steps));
}
