import type { Plan, Probe } from '../../plan.ts';
import type { ProblemMeta } from '../../problem.ts';
import { logUniformFloat32, seededRandom } from '../../random.ts';
import { formatValues, type TensorData } from '../../tensor.ts';

/** Inside [5e-5, 2e4], where 10 float32 Newton steps from 1 have converged, with a margin. */
export const CONVERGENT_RANGE = { low: 1e-4, high: 1e4 } as const;

export type TestCase = { readonly name: string; readonly description: string; readonly input: TensorData };

const EXAMPLE: TestCase = {
  name: 'example',
  description: 'the example x = [4, 9]',
  input: { shape: [2], values: [4, 9] },
};

/** Random sizes: a lone element, a short vector and a longer one, so no size is special-cased by accident. */
const RANDOM_CASE_SIZES = [1, 7, 64] as const;

export function makeTestCases(seed: string): TestCase[] {
  const random = seededRandom(`${seed}/convergent`);
  const randomCases = RANDOM_CASE_SIZES.map((size, index): TestCase => {
    const values = Array.from({ length: size }, () =>
      logUniformFloat32(random, CONVERGENT_RANGE.low, CONVERGENT_RANGE.high),
    );
    return {
      name: `random-${index + 1}`,
      description: `random case ${index + 1} (x = ${formatValues(values, 3)})`,
      input: { shape: [size], values },
    };
  });
  return [EXAMPLE, ...randomCases];
}

export const forwardProbeId = (testCase: TestCase) => `forward/${testCase.name}`;
export const gradientProbeId = (testCase: TestCase) => `gradient/${testCase.name}`;

export function makePlan(problem: ProblemMeta): Plan {
  const cases = makeTestCases(problem.seed);
  const forward = cases.map(
    (testCase): Probe => ({
      id: forwardProbeId(testCase),
      kind: 'forward',
      label: `computing ${problem.entry}(x) for ${testCase.description}`,
      input: testCase.input,
    }),
  );
  const gradient = cases.map(
    (testCase): Probe => ({
      id: gradientProbeId(testCase),
      kind: 'vjp',
      label: `computing the gradient of sum(${problem.entry}(x)) for ${testCase.description}`,
      input: testCase.input,
      cotangent: null,
    }),
  );
  return { entry: problem.entry, probes: [...forward, ...gradient] };
}
