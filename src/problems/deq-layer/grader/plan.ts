import {
  seededRandom,
  uniformFloat32,
  type LossShape,
  type Plan,
  type Probe,
  type ProblemMeta,
  type Random,
  type TensorData,
  seededCases,
} from '../../../core/grader-kit.ts';
import { spectralNorm } from './reference.ts';

/** The contract: every graded W has a spectral norm of at most this. */
export const MAX_SPECTRAL_NORM = 0.5;

export type LayerCase = {
  readonly name: string;
  /** In words, for messages: "the example (n = 3)". */
  readonly description: string;
  readonly n: number;
  /** float32 values, so that the float64 reference starts from exactly what the learner's tensors hold. */
  readonly x: readonly number[];
  /** Row-major, n·n values. */
  readonly W: readonly number[];
  /** The upstream gradient g of the gradient probes, seeded like the inputs; never all ones. */
  readonly cotangent: readonly number[];
};

export type LayerCases = {
  /** The statement's example, with its upstream gradient g = [1, 2, −1]. */
  readonly example: LayerCase;
  /** Random W and x, n from 1 to 16. */
  readonly random: readonly LayerCase[];
  /**
   * A symmetric W of spectral norm 0.5 and a small x, so s ≈ 1 and both iterations contract at a rate of
   * about 0.5 per step: where too few forward or adjoint steps show.
   */
  readonly slow: LayerCase;
  /** Large |x|: tanh saturates, s is small, and forgetting s changes the gradient most. */
  readonly saturated: LayerCase;
};

const EXAMPLE = {
  W: [0.3, -0.2, 0.1, 0, 0.25, -0.3, 0.2, 0.1, 0.15],
  x: [0.5, -1, 0.25],
  cotangent: [1, 2, -1],
} as const;

/** Random sizes: a lone unit (where every transpose is invisible), small, middling and the largest. */
const RANDOM_SIZES = [1, 4, 9, 16] as const;
const SLOW_SIZE = 12;
const SATURATED_SIZE = 6;

function cotangentFor(random: Random, n: number): number[] {
  // Signs and magnitudes vary, and none is 1, so a gradFunc that ignores dy cannot pass by luck.
  return Array.from({ length: n }, () => {
    const magnitude = 0.25 + 1.75 * random();
    return Math.fround(random() < 0.5 ? -magnitude : magnitude);
  });
}

/**
 * W scaled to the spectral norm `target`, in float32. Rounding to float32 can move the norm by an ulp or
 * so, so it is measured again on the rounded values and scaled down until it is within the contract.
 */
function scaledToNorm(values: readonly number[], n: number, target: number): number[] {
  let W = values.map((value) => Math.fround(value * (target / spectralNorm(values, n))));
  for (let attempt = 0; spectralNorm(W, n) > MAX_SPECTRAL_NORM; attempt++) {
    if (attempt > 10) throw new Error('could not scale W below the spectral-norm bound');
    W = W.map((value) => Math.fround(value * (1 - 1e-6)));
  }
  return W;
}

function randomMatrix(random: Random, n: number): number[] {
  return Array.from({ length: n * n }, () => 2 * random() - 1);
}

function symmetricMatrix(random: Random, n: number): number[] {
  const A = randomMatrix(random, n);
  return A.map((_, index) => {
    const i = Math.floor(index / n);
    const j = index % n;
    return 0.5 * ((A[i * n + j] ?? 0) + (A[j * n + i] ?? 0));
  });
}

/** Names the case by what matters for its convergence; the seed, not the message, reproduces its values. */
function describe(name: string, n: number, W: readonly number[]): string {
  return `${name} (n = ${n}, ‖W‖₂ = ${spectralNorm(W, n).toFixed(3)})`;
}

/** Every check asks for the cases; they depend only on the seed, so each seed's are drawn once. */
export const layerCases = seededCases(drawLayerCases);

function drawLayerCases(seed: string): LayerCases {
  const random = seededRandom(`${seed}/cases`);
  const example: LayerCase = {
    name: 'example',
    description: 'the example (n = 3, x = [0.5, −1, 0.25], upstream g = [1, 2, −1])',
    n: 3,
    x: EXAMPLE.x.map(Math.fround),
    W: EXAMPLE.W.map(Math.fround),
    cotangent: [...EXAMPLE.cotangent],
  };
  const randomCases = RANDOM_SIZES.map((n, index): LayerCase => {
    const norm = 0.2 + 0.3 * random();
    const W = scaledToNorm(randomMatrix(random, n), n, norm);
    const x = Array.from({ length: n }, () => uniformFloat32(random, -1.5, 1.5));
    return { name: `random-${index + 1}`, description: describe(`random case ${index + 1}`, n, W), n, x, W, cotangent: cotangentFor(random, n) };
  });
  const slowW = scaledToNorm(symmetricMatrix(random, SLOW_SIZE), SLOW_SIZE, MAX_SPECTRAL_NORM);
  const slowX = Array.from({ length: SLOW_SIZE }, () => uniformFloat32(random, -0.05, 0.05));
  const slow: LayerCase = {
    name: 'slow',
    description: describe('the slowly contracting case, a symmetric W and a small x', SLOW_SIZE, slowW),
    n: SLOW_SIZE,
    x: slowX,
    W: slowW,
    cotangent: cotangentFor(random, SLOW_SIZE),
  };
  const saturatedW = scaledToNorm(randomMatrix(random, SATURATED_SIZE), SATURATED_SIZE, 0.45);
  const saturatedX = Array.from({ length: SATURATED_SIZE }, () => {
    const magnitude = uniformFloat32(random, 2, 4);
    return random() < 0.5 ? -magnitude : magnitude;
  });
  const saturated: LayerCase = {
    name: 'saturated',
    description: describe('the saturated case, |x| from 2 to 4', SATURATED_SIZE, saturatedW),
    n: SATURATED_SIZE,
    x: saturatedX,
    W: saturatedW,
    cotangent: cotangentFor(random, SATURATED_SIZE),
  };
  return { example, random: randomCases, slow, saturated };
}

/** Every case, in the order the checks report them: the example first. */
export function allCases(cases: LayerCases): LayerCase[] {
  return [cases.example, ...cases.random, cases.slow, cases.saturated];
}

/**
 * The case of the composition probe, f(f(x, W), W), on a middling random W. (No f(x, W)² probe: the seeded
 * upstream gradients already test that dy is used, and each gradient probe of this kata costs a whole
 * adjoint iteration.)
 */
export function compositionCase(cases: LayerCases): LayerCase {
  const layerCase = cases.random[1];
  if (!layerCase) throw new Error('the deq-layer plan has no second random case');
  return layerCase;
}

type Named = Pick<LayerCase, 'name'>;

export const probeIds = {
  forward: (layerCase: Named) => `forward/${layerCase.name}`,
  gradient: (layerCase: Named) => `gradient/${layerCase.name}`,
  composition: (layerCase: Named, loss: LossShape) => `composition/${loss}/${layerCase.name}`,
} as const;

export function args(layerCase: LayerCase): TensorData[] {
  return [
    { shape: [layerCase.n], values: [...layerCase.x] },
    { shape: [layerCase.n, layerCase.n], values: [...layerCase.W] },
  ];
}

export function makePlan(problem: ProblemMeta): Plan {
  const cases = layerCases.of(problem.seed);
  const f = problem.entry;
  const forward = (layerCase: LayerCase): Probe => ({
    id: probeIds.forward(layerCase),
    kind: 'forward',
    label: `computing ${f}(x, W) for ${layerCase.description}`,
    args: args(layerCase),
  });
  const vjp = (id: string, layerCase: LayerCase, what: string, loss: LossShape): Probe => ({
    id,
    kind: 'vjp',
    label: `computing ${what} with respect to x and W for ${layerCase.description}`,
    args: args(layerCase),
    cotangent: { shape: [layerCase.n], values: [...layerCase.cotangent] },
    loss,
  });
  const composed = compositionCase(cases);
  return {
    entry: f,
    seed: problem.seed,
    factory: false,
    probes: [
      ...allCases(cases).map(forward),
      ...allCases(cases).map((layerCase) =>
        vjp(probeIds.gradient(layerCase), layerCase, `the gradient of sum(g * ${f}(x, W))`, 'output'),
      ),
      vjp(probeIds.composition(composed, 'twice'), composed, `the gradient of sum(w * ${f}(${f}(x, W), W))`, 'twice'),
    ],
  };
}
