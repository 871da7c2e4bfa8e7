import { formatNumber, seededRandom, type Plan, type ProblemMeta, type Probe, type TensorData,
  seededCases,
} from '../../../core/grader-kit.ts';
import { drawCases, type RidgeCase, type RidgeCases } from './cases.ts';
import type { Matrix, Vector } from './reference.ts';

export const EXAMPLE_CASE_NAME = 'example';

/** Every check asks for the cases; they depend only on the seed, so each seed's are drawn once. */
export const testCases = seededCases((seed: string): RidgeCases => drawCases(seededRandom(`${seed}/cases`)));

/** The example first, then the seeded problems: every value check reads them in this order. */
export function allCases(cases: RidgeCases): readonly RidgeCase[] {
  return [cases.example, ...cases.seeded];
}

function matrixData(rows: Matrix): TensorData {
  return { shape: [rows.length, rows[0]?.length ?? 0], values: rows.flat() };
}

function vectorData(values: Vector): TensorData {
  return { shape: [values.length], values: [...values] };
}

export function scalarData(value: number): TensorData {
  return { shape: [], values: [value] };
}

/** The factory's data tensors, in the entry's order: X, y, Xv, yv. */
function factoryArgs(testCase: RidgeCase): TensorData[] {
  const { X, y, Xv, yv } = testCase.data;
  return [matrixData(X), vectorData(y), matrixData(Xv), vectorData(yv)];
}

type Named = { readonly name: string };

/** Probe ids, one family per check. */
export const probeIds = {
  forward: (testCase: Named) => `forward/${testCase.name}`,
  gradient: (testCase: Named) => `gradient/${testCase.name}`,
  cotangent: (testCase: Named) => `cotangent/${testCase.name}`,
} as const;

export function makePlan(problem: ProblemMeta): Plan {
  const cases = allCases(testCases.of(problem.seed));
  const loss = `${problem.entry}(X, y, Xv, yv)(lam)`;
  const common = (testCase: RidgeCase) => ({ args: [scalarData(testCase.lam)], factoryArgs: factoryArgs(testCase) });
  const forward = (testCase: RidgeCase): Probe => ({
    id: probeIds.forward(testCase),
    kind: 'forward',
    label: `computing ${loss} for ${testCase.description}`,
    ...common(testCase),
  });
  const gradient = (testCase: RidgeCase): Probe => ({
    id: probeIds.gradient(testCase),
    kind: 'vjp',
    label: `computing the gradient of ${loss} with respect to lam for ${testCase.description}`,
    ...common(testCase),
    cotangent: null,
    loss: 'output',
  });
  const cotangent = (testCase: RidgeCase): Probe => ({
    id: probeIds.cotangent(testCase),
    kind: 'vjp',
    label: `computing the gradient of w * ${loss} (w = ${formatNumber(testCase.cotangent)}) for ${testCase.description}`,
    ...common(testCase),
    cotangent: scalarData(testCase.cotangent),
    loss: 'output',
  });
  return {
    entry: problem.entry,
    factory: true,
    seed: problem.seed,
    probes: [...cases.map(forward), ...cases.map(gradient), ...cases.map(cotangent)],
  };
}
