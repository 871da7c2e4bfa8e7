import type { LoadResult, ProbeResult } from './measurements.ts';
import type { Plan } from './plan.ts';
import type { ProblemMeta } from './problem.ts';
import type { CheckStatus, Evidence, SourceLocation } from './report.ts';

export type CheckContext = {
  readonly problem: ProblemMeta;
  readonly plan: Plan;
  readonly load: LoadResult;
  /** The result of one probe of the plan. Throws `ProbeMissing` when the run ended before it. */
  probe(id: string): ProbeResult;
};

/** Thrown by `CheckContext.probe` for a probe the sandbox never reported: the run ended first. */
export class ProbeMissing extends Error {
  constructor(readonly probeId: string) {
    super(`probe '${probeId}' was not measured`);
  }
}

export type CheckVerdict = {
  readonly status: CheckStatus;
  readonly message: string;
  readonly evidence?: Evidence;
  readonly location?: SourceLocation;
};

export type CheckSpec = {
  readonly id: string;
  readonly title: string;
  /**
   * Checks that must pass first; otherwise this one is skipped with a message naming them, so the learner
   * is pointed at the root cause rather than at its echoes.
   */
  readonly requires?: readonly string[];
  run(context: CheckContext): CheckVerdict;
};

/** A problem's grader: `src/problems/<slug>/grader/index.ts` exports one as `grader`. */
export type Grader = {
  /**
   * The probes to measure, derived from the problem's metadata (its seed, its entry name). It must depend on
   * nothing else: the page and the CLI build the same plan from the same seed.
   */
  makePlan(problem: ProblemMeta): Plan;
  /** In the order the report lists them. The first must be the module check. */
  readonly checks: readonly CheckSpec[];
};
