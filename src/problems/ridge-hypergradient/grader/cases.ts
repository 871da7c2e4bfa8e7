import { logUniformFloat32, uniformFloat32, type Random } from '../../../core/grader-kit.ts';
import {
  conditionNumber,
  gram,
  hypergradientMistakes,
  norm,
  plusRidge,
  ridgeReference,
  type Matrix,
  type RidgeData,
  type RidgeReference,
} from './reference.ts';

/** The reference problem, whose float64 values the statement quotes. */
export const EXAMPLE_DATA: RidgeData = {
  X: [
    [1, 2],
    [0.5, -1],
    [2, 0.3],
    [-1, 1],
  ],
  y: [1, 0, 2, -0.5],
  Xv: [
    [0.3, 1],
    [1.5, -0.5],
  ],
  yv: [0.8, 1.2],
};
export const EXAMPLE_LAMBDA = 0.5;

/** Where λ is drawn, log-uniformly: from a light touch to a penalty that dominates XᵀX's small end. */
export const LAMBDA_RANGE = { low: 0.05, high: 5 } as const;
export const MAX_FEATURES = 8;

/**
 * cond(XᵀX + λI) at most this: float32 conjugate gradient then reaches the solution to about 1e-5 relative,
 * ten times inside the 1e-4 the task asks for. XᵀX alone is held to a looser bound, so that "λI forgotten"
 * has a finite float64 value to be recognised by.
 */
export const MAX_CONDITION = 1e3;
const MAX_GRAM_CONDITION = 1e5;

/**
 * dloss/dλ = −uᵀw* is a dot product: when u and w* are nearly orthogonal, float32 round-off in either is
 * amplified by ‖u‖‖w*‖ / |uᵀw*|, and an honest gradient could miss rtol 1e-3. Draws where the cosine is
 * below this are drawn again; so are draws where the validation residual is tiny next to yv (the loss
 * would then be a difference of nearly equal numbers).
 */
const MIN_GRADIENT_COSINE = 0.05;
const MIN_RESIDUAL_RATIO = 0.05;

/**
 * Each classic mistake must be off by more than this on every seeded case, so that every case names
 * what it sees, whatever the tolerance in problem.json (rtol 1e-3).
 */
const MIN_MISTAKE_GAP = 0.02;

export type RidgeCase = {
  readonly name: string;
  /** In words, for messages: "the example (d = 2, λ = 0.5)". */
  readonly description: string;
  readonly data: RidgeData;
  readonly lam: number;
  /** The upstream gradient for the cotangent probes: a scalar, never 1. */
  readonly cotangent: number;
  readonly reference: RidgeReference;
};

/** Sizes of the seeded cases: (features d, training rows m, validation rows k), m ≥ d, d up to 8. */
const SEEDED_SIZES = [
  { d: 1, m: 3, k: 2 },
  { d: 3, m: 5, k: 4 },
  { d: 5, m: 12, k: 3 },
  { d: 8, m: 8, k: 6 },
  { d: 8, m: 20, k: 10 },
] as const;

function matrix(random: Random, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => uniformFloat32(random, -1, 1)));
}

function vector(random: Random, length: number): number[] {
  return Array.from({ length }, () => uniformFloat32(random, -1, 1));
}

/**
 * In ±[0.25, 2], never 1, a multiple of 1/8: exact in float32, so that messages show it as it is
 * (0.625, not 0.62500001).
 */
function cotangentFor(random: Random): number {
  const eighths = [2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16];
  const magnitude = (eighths[Math.floor(random() * eighths.length)] ?? 2) / 8;
  return random() < 0.5 ? -magnitude : magnitude;
}

function relativeGap(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}

/** Whether a drawn problem is one every honest float32 solution gets right and every mistake gets wrong. */
function isGradable(data: RidgeData, lam: number): boolean {
  const G = gram(data.X);
  if (conditionNumber(G) > MAX_GRAM_CONDITION) return false;
  if (conditionNumber(plusRidge(G, lam)) > MAX_CONDITION) return false;
  const reference = ridgeReference(data, lam);
  const cosine = Math.abs(reference.hypergradient) / (norm(reference.adjoint) * norm(reference.w));
  if (!(cosine >= MIN_GRADIENT_COSINE)) return false;
  if (norm(reference.residual) < MIN_RESIDUAL_RATIO * norm(data.yv)) return false;
  const mistakes = hypergradientMistakes(data, lam);
  return Object.values(mistakes).every((mistaken) => relativeGap(mistaken, reference.hypergradient) > MIN_MISTAKE_GAP);
}

/**
 * y is X times some weights plus noise, so that ridge has something to fit; yv comes from the same weights,
 * with noise of its own, as validation data would.
 */
function drawData(random: Random, d: number, m: number, k: number): RidgeData {
  const X = matrix(random, m, d);
  const Xv = matrix(random, k, d);
  const truth = vector(random, d);
  const noisy = (rows: Matrix) => rows.map((entries) => Math.fround(entries.reduce((sum, x, j) => sum + x * (truth[j] ?? 0), 0) + 0.3 * (2 * random() - 1)));
  return { X, y: noisy(X), Xv, yv: noisy(Xv) };
}

function describe(name: string, data: RidgeData, lam: number): string {
  const d = data.X[0]?.length ?? 0;
  return `${name} (d = ${d}, m = ${data.X.length}, ${data.Xv.length} validation rows, λ = ${Number(lam.toPrecision(4))})`;
}

export type RidgeCases = {
  readonly example: RidgeCase;
  readonly seeded: readonly RidgeCase[];
};

export function drawCases(random: Random): RidgeCases {
  const exampleData: RidgeData = {
    X: EXAMPLE_DATA.X.map((entries) => entries.map(Math.fround)),
    y: EXAMPLE_DATA.y.map(Math.fround),
    Xv: EXAMPLE_DATA.Xv.map((entries) => entries.map(Math.fround)),
    yv: EXAMPLE_DATA.yv.map(Math.fround),
  };
  const exampleLambda = Math.fround(EXAMPLE_LAMBDA);
  const example: RidgeCase = {
    name: 'example',
    description: 'the example of the statement (d = 2, m = 4, 2 validation rows, λ = 0.5)',
    data: exampleData,
    lam: exampleLambda,
    cotangent: cotangentFor(random),
    reference: ridgeReference(exampleData, exampleLambda),
  };
  const seeded = SEEDED_SIZES.map(({ d, m, k }, index) => {
    // Redraw until gradable; the bounds are loose enough that a few draws do it.
    for (let attempt = 0; attempt < 1000; attempt++) {
      const data = drawData(random, d, m, k);
      const lam = logUniformFloat32(random, LAMBDA_RANGE.low, LAMBDA_RANGE.high);
      if (!isGradable(data, lam)) continue;
      const name = `random case ${index + 1}`;
      return {
        name: `random-${index + 1}`,
        description: describe(name, data, lam),
        data,
        lam,
        cotangent: cotangentFor(random),
        reference: ridgeReference(data, lam),
      };
    }
    throw new Error(`no gradable ridge problem of size d = ${d}, m = ${m} in 1000 draws`);
  });
  return { example, seeded };
}
