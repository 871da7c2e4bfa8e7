import type { CheckContext, CheckSpec, CheckVerdict } from '../grader.ts';
import type { GradientCost } from '../measurements.ts';
import type { Probe } from '../plan.ts';
import { CHECK_STATUS } from '../report.ts';

export type MeasuredCost = { readonly probe: Probe; readonly cost: GradientCost };

/** The worst gradient probe by tape nodes and by backward kernels, over every gradient probe of the plan. */
export type Costliest = { readonly tapeNodes: MeasuredCost; readonly backwardKernels: MeasuredCost; readonly measured: number };

/**
 * Every gradient probe measures its cost, so the worst of them is what counts: a gradFunc cannot behave
 * only where it is watched.
 */
export function costliestGradient(context: CheckContext): Costliest | null {
  const measured = context.plan.probes.flatMap((probe): MeasuredCost[] => {
    if (probe.kind !== 'vjp') return [];
    const result = context.probe(probe.id);
    return result.status === 'returned' && result.cost ? [{ probe, cost: result.cost }] : [];
  });
  const [first] = measured;
  if (!first) return null;
  const worstBy = (key: 'tapeNodes' | 'backwardKernels') =>
    measured.reduce((worst, next) => (next.cost[key] > worst.cost[key] ? next : worst), first);
  return { tapeNodes: worstBy('tapeNodes'), backwardKernels: worstBy('backwardKernels'), measured: measured.length };
}

export type CostLimits = {
  /** Most operations one call may record on the tape: a customGrad records 1–2, an unrolled loop many per step. */
  readonly maxTapeNodes: number;
  /** Most kernels the gradients of one call may run, or null when the honest backward pass itself iterates. */
  readonly maxBackwardKernels: number | null;
};

/**
 * The cost half of "the gradient is implicit": no gradient probe's call records more tape nodes, or runs
 * more backward kernels, than the limits. The messages are the problem's: they name what the count means.
 */
export function checkCost(
  context: CheckContext,
  limits: CostLimits,
  explain: {
    readonly tape: (cost: GradientCost) => string;
    readonly kernels: (cost: GradientCost) => string;
    readonly passed: (costliest: Costliest) => string;
  },
): CheckVerdict {
  const costliest = costliestGradient(context);
  if (!costliest) return { status: CHECK_STATUS.failed, message: 'The cost of the backward pass could not be measured.' };
  const { tapeNodes, backwardKernels } = costliest;
  if (tapeNodes.cost.tapeNodes > limits.maxTapeNodes) {
    return {
      status: CHECK_STATUS.failed,
      message: explain.tape(tapeNodes.cost),
      evidence: { testCase: tapeNodes.probe.label, expected: `≤ ${limits.maxTapeNodes} tape nodes`, got: `${tapeNodes.cost.tapeNodes} tape nodes` },
    };
  }
  if (limits.maxBackwardKernels !== null && backwardKernels.cost.backwardKernels > limits.maxBackwardKernels) {
    return {
      status: CHECK_STATUS.failed,
      message: explain.kernels(backwardKernels.cost),
      evidence: {
        testCase: backwardKernels.probe.label,
        expected: `≤ ${limits.maxBackwardKernels} kernels`,
        got: `${backwardKernels.cost.backwardKernels} kernels`,
      },
    };
  }
  return { status: CHECK_STATUS.passed, message: explain.passed(costliest) };
}

export type CostCheckOptions = CostLimits & {
  readonly id: string;
  readonly title: string;
  readonly requires: readonly string[];
  readonly explainTape: (cost: GradientCost, entry: string) => string;
  readonly explainKernels: (cost: GradientCost, entry: string) => string;
  readonly passed: (costliest: Costliest, entry: string) => string;
};

/** `checkCost` as a check of its own. */
export function costCheck(options: CostCheckOptions): CheckSpec {
  return {
    id: options.id,
    title: options.title,
    requires: options.requires,
    run(context) {
      const entry = context.problem.entry;
      return checkCost(context, options, {
        tape: (cost) => options.explainTape(cost, entry),
        kernels: (cost) => options.explainKernels(cost, entry),
        passed: (costliest) => options.passed(costliest, entry),
      });
    },
  };
}
