import { formatNumber, formatValues, seededRandom, sizeOfShape, uniformFloat32, type LossShape, type Plan, type Probe, type ProblemMeta, type Random, type TensorData,
  seededCases,
} from '../../../core/grader-kit.ts';

/**
 * Moderate eccentricity, for the forward values: four Newton steps from E = M are within 5e-7 of ten here
 * (three are not: up to 9e-4 at e = 0.75), so the count of steps shows only in the spec check.
 */
const MODERATE_E = { low: 0, high: 0.75 } as const;

/**
 * High eccentricity and the mean anomalies where Newton from E = M is slowest: four steps are 2e-5 to 2e-3
 * off there (worst near e = 0.9, M = 0.27), far outside the forward tolerance. Five steps are within 2.3e-6
 * of ten even there, inside the float32 noise of honest solutions, and are not told apart.
 */
const HIGH_E = { low: 0.85, high: 0.9 } as const;
const SLOW_M = { low: 0.1, high: 0.6 } as const;

/** The whole domain of M. */
const M_RANGE = { low: 0, high: Math.PI } as const;

export type TestCase = {
  readonly name: string;
  /** In words, for messages: "the example M = 1, e = 0.3". */
  readonly description: string;
  readonly M: TensorData;
  /** The eccentricity, a float32 number; the probes pass it as a tensor of shape []. */
  readonly e: number;
  /** The upstream gradient w for the probes that use one, shaped like M and seeded like it. */
  readonly cotangent: TensorData;
};

/** Everything the grader tests, derived from the problem's seed: the page and the CLI build the same. */
export type TestCases = {
  readonly example: TestCase;
  /** Seeded M of several shapes (a scalar, vectors, a matrix) and the ends of the range, at moderate e. */
  readonly moderate: readonly TestCase[];
  /** High eccentricity, where fewer than 10 steps are not enough: a named case and seeded ones. */
  readonly high: readonly TestCase[];
};

const MODERATE_SHAPES: readonly (readonly number[])[] = [[], [7], [4, 5], [64]];

function cotangentFor(random: Random, shape: readonly number[]): TensorData {
  // Signs and magnitudes vary, and none is 1, so a gradFunc that ignores dy cannot pass by luck.
  const values = Array.from({ length: sizeOfShape(shape) }, () => {
    const magnitude = 0.25 + 1.75 * random();
    return Math.fround(random() < 0.5 ? -magnitude : magnitude);
  });
  return { shape: [...shape], values };
}

function makeCase(name: string, description: string, M: TensorData, e: number, random: Random): TestCase {
  return { name, description, M, e: Math.fround(e), cotangent: cotangentFor(random, M.shape) };
}

/**
 * A float32 input as a person would type it: seven significant digits drop the float32 tail (0.30000001 is
 * the float32 nearest 0.3) and still tell any two float32 inputs of this domain apart.
 */
export function formatInput(value: number): string {
  return formatNumber(Number(value.toPrecision(7)));
}

function describe(what: string, M: TensorData, e: number): string {
  const shown = M.values.map((value) => Number(value.toPrecision(7)));
  const values = M.shape.length === 0 ? formatInput(M.values[0] ?? Number.NaN) : formatValues(shown, 3);
  const shape = M.shape.length === 0 ? 'a scalar M' : `M of shape [${M.shape.join(', ')}]`;
  return `${what} (${shape} = ${values}, e = ${formatInput(e)})`;
}

/** Every check asks for the cases; they depend only on the seed, so each seed's are drawn once. */
export const testCases = seededCases(drawTestCases);

function drawTestCases(seed: string): TestCases {
  const random = seededRandom(`${seed}/cases`);
  const example = makeCase('example', 'the example M = 1, e = 0.3', { shape: [], values: [1] }, 0.3, random);
  const moderate = MODERATE_SHAPES.map((shape, index) => {
    const M = { shape: [...shape], values: Array.from({ length: sizeOfShape(shape) }, () => uniformFloat32(random, M_RANGE.low, M_RANGE.high)) };
    const e = uniformFloat32(random, MODERATE_E.low, MODERATE_E.high);
    return makeCase(`random-${index + 1}`, describe(`random case ${index + 1}`, M, e), M, e, random);
  });
  const endsM = { shape: [3], values: [0, Math.PI / 2, Math.PI].map(Math.fround) };
  const endsE = uniformFloat32(random, MODERATE_E.low, MODERATE_E.high);
  moderate.push(makeCase('ends', describe('the ends of the range', endsM, endsE), endsM, endsE, random));

  const namedM = { shape: [5], values: [0.1, 0.2, 0.27, 0.35, 0.5].map(Math.fround) };
  const high = [makeCase('high-named', describe('high eccentricity', namedM, 0.9), namedM, 0.9, random)];
  for (const [index, shape] of ([[16], [3, 4]] as const).entries()) {
    const M = { shape: [...shape], values: Array.from({ length: sizeOfShape(shape) }, () => uniformFloat32(random, SLOW_M.low, SLOW_M.high)) };
    const e = uniformFloat32(random, HIGH_E.low, HIGH_E.high);
    high.push(makeCase(`high-random-${index + 1}`, describe(`high-eccentricity random case ${index + 1}`, M, e), M, e, random));
  }
  return { example, moderate, high };
}

/** Probe ids, one family per use. */
export const probeIds = {
  forward: (testCase: TestCase) => `forward/${testCase.name}`,
  gradient: (testCase: TestCase) => `gradient/${testCase.name}`,
  cotangent: (testCase: TestCase) => `cotangent/${testCase.name}`,
  composition: (testCase: TestCase, loss: LossShape) => `composition/${loss}/${testCase.name}`,
} as const;

/** Every case whose forward values and plain gradients are checked. */
export function allCases(cases: TestCases): TestCase[] {
  return [cases.example, ...cases.moderate, ...cases.high];
}

/** The cases probed with a seeded upstream gradient: a vector, a matrix, and one at high eccentricity. */
export function cotangentCases(cases: TestCases): TestCase[] {
  return [cases.moderate[1], cases.moderate[2], cases.high[1]].filter((testCase) => testCase !== undefined);
}

/** The case the composition probes use; f(f(M, e), e) stays in the domain, since E* of M in [0, π] is too. */
export function compositionCase(cases: TestCases): TestCase {
  const testCase = cases.moderate[1];
  if (!testCase) throw new Error('the kepler-equation plan has no vector case');
  return testCase;
}

/** The case whose shapes the contract checks: a matrix M, so that an unsummed gradient for e shows. */
export function contractCase(cases: TestCases): TestCase {
  const testCase = cases.moderate[2];
  if (!testCase) throw new Error('the kepler-equation plan has no matrix case');
  return testCase;
}

function args(testCase: TestCase): TensorData[] {
  return [testCase.M, { shape: [], values: [testCase.e] }];
}

export function makePlan(problem: ProblemMeta): Plan {
  const cases = testCases.of(problem.seed);
  const f = problem.entry;
  const forward = (testCase: TestCase): Probe => ({
    id: probeIds.forward(testCase),
    kind: 'forward',
    label: `computing ${f}(M, e) for ${testCase.description}`,
    args: args(testCase),
  });
  const vjp = (id: string, testCase: TestCase, what: string, options: { weighted: boolean; loss?: LossShape }): Probe => ({
    id,
    kind: 'vjp',
    label: `computing ${what} for ${testCase.description}`,
    args: args(testCase),
    cotangent: options.weighted ? testCase.cotangent : null,
    loss: options.loss ?? 'output',
  });
  const composed = compositionCase(cases);
  return {
    entry: f,
    factory: false,
    seed: problem.seed,
    probes: [
      ...allCases(cases).map(forward),
      ...allCases(cases).map((testCase) =>
        vjp(probeIds.gradient(testCase), testCase, `the gradients of sum(${f}(M, e))`, { weighted: false }),
      ),
      ...cotangentCases(cases).map((testCase) =>
        vjp(probeIds.cotangent(testCase), testCase, `the gradients of sum(w * ${f}(M, e))`, { weighted: true }),
      ),
      vjp(probeIds.composition(composed, 'square'), composed, `the gradients of sum(w * ${f}(M, e)^2)`, {
        weighted: true,
        loss: 'square',
      }),
      vjp(probeIds.composition(composed, 'twice'), composed, `the gradients of sum(w * ${f}(${f}(M, e), e))`, {
        weighted: true,
        loss: 'twice',
      }),
    ],
  };
}
