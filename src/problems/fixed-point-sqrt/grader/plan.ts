import {
  formatValues,
  logUniformFloat32,
  seededRandom,
  type LossShape,
  type Plan,
  type ProblemMeta,
  type Probe,
  type Random,
  type TensorData,
  seededCases,
} from '../../../core/grader-kit.ts';

/** Inside [5e-5, 2e4], where 10 float32 Newton steps from 1 have converged, with a margin. */
export const CONVERGENT_RANGE = { low: 1e-4, high: 1e4 } as const;

/** Where 10 steps from 1 have not converged: below 5e-5 and above 2e4, with a margin. */
const SMALL_UNCONVERGED = { low: 1e-7, high: 2e-5 } as const;
const LARGE_UNCONVERGED = { low: 5e4, high: 1e8 } as const;

export type TestCase = {
  readonly name: string;
  /** In words, for messages: "the example x = [4, 9]". */
  readonly description: string;
  readonly input: TensorData;
  /** The upstream gradient w for the probes that use one, seeded like the inputs. */
  readonly cotangent: TensorData;
};

/** Everything the grader tests, derived from the problem's seed: the page and the CLI build the same. */
export type TestCases = {
  readonly example: TestCase;
  /** Seeded inputs across the convergent range. */
  readonly convergent: readonly TestCase[];
  /** Where 10 steps have not converged: fixed points the statement names, and seeded ones. */
  readonly unconverged: readonly TestCase[];
  /**
   * Large inputs where the unrolled loop's derivative is more than twice the implicit one (at 1e6 about
   * 2.6x, at 1e8 about 190x), so the two cannot be confused whatever the tolerance.
   */
  readonly implicit: TestCase;
};

/** Random sizes: a lone element, a short vector and a longer one, so no size is special-cased by accident. */
const RANDOM_CASE_SIZES = [1, 7, 64] as const;

function cotangentFor(random: Random, size: number): TensorData {
  // Signs and magnitudes vary, and none is 1, so a gradFunc that ignores dy cannot pass by luck.
  const values = Array.from({ length: size }, () => {
    const magnitude = 0.25 + 1.75 * random();
    return Math.fround(random() < 0.5 ? -magnitude : magnitude);
  });
  return { shape: [size], values };
}

function makeCase(name: string, description: string, values: number[], random: Random): TestCase {
  return { name, description, input: { shape: [values.length], values }, cotangent: cotangentFor(random, values.length) };
}

/** Every check asks for the cases; they depend only on the seed, so each seed's are drawn once. */
export const testCases = seededCases(drawTestCases);

function drawTestCases(seed: string): TestCases {
  const random = seededRandom(`${seed}/cases`);
  const example = makeCase(EXAMPLE_CASE_NAME, 'the example x = [4, 9]', [4, 9], random);
  const convergent = RANDOM_CASE_SIZES.map((size, index) => {
    const values = Array.from({ length: size }, () =>
      logUniformFloat32(random, CONVERGENT_RANGE.low, CONVERGENT_RANGE.high),
    );
    return makeCase(`random-${index + 1}`, `random case ${index + 1} (x = ${formatValues(values, 3)})`, values, random);
  });
  const named = [1e-6, 3e4, 1e6].map(Math.fround);
  const seeded = [
    ...Array.from({ length: 3 }, () => logUniformFloat32(random, SMALL_UNCONVERGED.low, SMALL_UNCONVERGED.high)),
    ...Array.from({ length: 5 }, () => logUniformFloat32(random, LARGE_UNCONVERGED.low, LARGE_UNCONVERGED.high)),
  ];
  const unconverged = [
    makeCase('unconverged-named', 'x = [1e-6, 3e4, 1e6], where 10 steps have not converged', named, random),
    makeCase('unconverged-random', `unconverged random inputs (x = ${formatValues(seeded, 3)})`, seeded, random),
  ];
  const implicit = makeCase('implicit', 'x = [1e6, 1e7, 1e8], far from convergence', [1e6, 1e7, 1e8], random);
  return { example, convergent, unconverged, implicit };
}

type Named = Pick<TestCase, 'name'>;

/** Probe ids, one family per check. */
export const probeIds = {
  forward: (testCase: Named) => `forward/${testCase.name}`,
  gradient: (testCase: Named) => `gradient/${testCase.name}`,
  cotangent: (testCase: Named) => `cotangent/${testCase.name}`,
  composition: (testCase: Named, loss: LossShape) => `composition/${loss}/${testCase.name}`,
  implicitGradient: (testCase: Named) => `implicit/gradient/${testCase.name}`,
} as const;

/** The visible example's name: the contract check reads its forward probe. */
export const EXAMPLE_CASE_NAME = 'example';

/** The case the composition probes use: f(f(x)) needs f(x) inside the convergent range too. */
export function compositionCase(cases: TestCases): TestCase {
  const testCase = cases.convergent[1];
  if (!testCase) throw new Error('the fixed-point-sqrt plan has no second convergent case');
  return testCase;
}

export function makePlan(problem: ProblemMeta): Plan {
  const cases = testCases.of(problem.seed);
  const f = problem.entry;
  const forward = (testCase: TestCase): Probe => ({
    id: probeIds.forward(testCase),
    kind: 'forward',
    label: `computing ${f}(x) for ${testCase.description}`,
    args: [testCase.input],
  });
  const vjp = (id: string, testCase: TestCase, what: string, options: { weighted: boolean; loss?: LossShape }): Probe => ({
    id,
    kind: 'vjp',
    label: `computing ${what} for ${testCase.description}`,
    args: [testCase.input],
    cotangent: options.weighted ? testCase.cotangent : null,
    loss: options.loss ?? 'output',
  });
  const checked = [cases.example, ...cases.convergent];
  const composed = compositionCase(cases);
  return {
    entry: f,
    factory: false,
    seed: problem.seed,
    probes: [
      ...[...checked, ...cases.unconverged, cases.implicit].map(forward),
      ...checked.map((testCase) =>
        vjp(probeIds.gradient(testCase), testCase, `the gradient of sum(${f}(x))`, { weighted: false }),
      ),
      ...checked.map((testCase) =>
        vjp(probeIds.cotangent(testCase), testCase, `the gradient of sum(w * ${f}(x))`, { weighted: true }),
      ),
      vjp(probeIds.composition(composed, 'square'), composed, `the gradient of sum(w * ${f}(x)^2)`, {
        weighted: true,
        loss: 'square',
      }),
      vjp(probeIds.composition(composed, 'twice'), composed, `the gradient of sum(w * ${f}(${f}(x)))`, {
        weighted: true,
        loss: 'twice',
      }),
      vjp(probeIds.implicitGradient(cases.implicit), cases.implicit, `the gradient of sum(w * ${f}(x))`, {
        weighted: true,
      }),
    ],
  };
}
