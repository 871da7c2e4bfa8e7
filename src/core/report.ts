import type { ConsoleCapture } from './measurements.ts';

/** Bump when a field changes meaning or goes away; adding a field does not need a bump. */
export const REPORT_SCHEMA_VERSION = 1;

export const CHECK_STATUS = { passed: 'passed', failed: 'failed', skipped: 'skipped' } as const;
export type CheckStatus = (typeof CHECK_STATUS)[keyof typeof CHECK_STATUS];

/**
 * `passed`: every check passed. `failed`: the code ran and some check failed. `error`: the submission
 * could not be graded (it does not load, lacks the export, or its sandbox died). `timeout`: it ran past
 * the time limit.
 */
export const VERDICT = { passed: 'passed', failed: 'failed', error: 'error', timeout: 'timeout' } as const;
export type Verdict = (typeof VERDICT)[keyof typeof VERDICT];

/** Where a failure shows itself: one element of one test case. */
export type Evidence = {
  /** Which test case, in words: "the example x = [4, 9]". */
  readonly testCase: string;
  readonly index?: number;
  readonly input?: number;
  readonly expected: number | string;
  readonly got: number | string;
};

export type SourceLocation = { readonly line: number; readonly column: number | null };

export type CheckResult = {
  readonly id: string;
  readonly title: string;
  readonly status: CheckStatus;
  readonly message: string;
  readonly evidence?: Evidence;
  /** A position in the learner's source, when the failure comes from an exception there. */
  readonly location?: SourceLocation;
  /**
   * The points this check earned: all of `maxPoints` when it passed, none otherwise. The judge always sets
   * both; they are optional here because a report saved before points existed has neither.
   */
  readonly points?: number;
  /** What the check is worth: problem.json's `points` for its id (0 when not listed). */
  readonly maxPoints?: number;
};

/**
 * What TF.js recorded on its tape while the learner's function ran under tf.grad, for the gradient probe
 * whose call recorded the most operations: an honest custom gradient is one node (two with the copy that
 * save() keeps) whatever the number of iterations; an unrolled loop is several per iteration.
 */
export type TapeRecord = {
  /** That probe, in words: "the gradient of sum(f(x)) for the example x = [4, 9]". */
  readonly probe: string;
  /** How many operations one call of the function recorded. */
  readonly nodes: number;
  /**
   * The first of their names, in order (at most MEASUREMENT_LIMITS.tapeOperations): kernel names such as
   * `RealDiv`, `customGrad` for a tf.customGrad function's node, `Identity` for a copy kept for the backward
   * pass, `unknown` for a node the sandbox could not name.
   */
  readonly operations: readonly string[];
  /** Kernels the gradients of those operations ran in the backward pass. */
  readonly backwardKernels: number;
};

export type Report = {
  readonly schemaVersion: typeof REPORT_SCHEMA_VERSION;
  readonly problem: string;
  /** The run's seed: grading the same code with it again draws the same cases (the CLI's `--seed`). */
  readonly seed: string;
  readonly verdict: Verdict;
  /** One sentence for the top of the results. */
  readonly summary: string;
  /** Every check of the problem, always in the grader's order. */
  readonly checks: readonly CheckResult[];
  readonly console: ConsoleCapture;
  readonly durationMs: number;
  /** The sum of the checks' `points`. Set by the judge; absent from reports saved before points existed. */
  readonly score?: number;
  /** The sum of the checks' `maxPoints`: what a submission that passes everything scores. */
  readonly maxScore?: number;
  /** Absent when no gradient was measured (the code did not load, or no gradient probe returned a tensor). */
  readonly tape?: TapeRecord;
};

/** A check as the judge returns it: with its points. */
export type ScoredCheckResult = Omit<CheckResult, 'points' | 'maxPoints'> & { readonly points: number; readonly maxPoints: number };

/** A report as the judge returns it: every check with its points, and the totals. */
export type ScoredReport = Omit<Report, 'checks' | 'score' | 'maxScore'> & {
  readonly checks: readonly ScoredCheckResult[];
  readonly score: number;
  readonly maxScore: number;
};

/**
 * Gives each check its points (problem.json's `points` by check id; a check not listed is worth 0): all of
 * them when it passed, none when it failed or was skipped. Points are not split within a check: a check is
 * one thing the learner got right or not, and its message says which.
 */
export function scoreChecks(
  points: Readonly<Record<string, number>>,
  checks: readonly CheckResult[],
): { checks: ScoredCheckResult[]; score: number; maxScore: number } {
  const scored = checks.map((check): ScoredCheckResult => {
    const maxPoints = points[check.id] ?? 0;
    return { ...check, points: check.status === CHECK_STATUS.passed ? maxPoints : 0, maxPoints };
  });
  return {
    checks: scored,
    score: sumPoints(scored.map((check) => check.points)),
    maxScore: sumPoints(scored.map((check) => check.maxPoints)),
  };
}

/** A sum of points, rounded to 1e-9 so that 0.1 + 0.2 prints as 0.3 in every report. */
export function sumPoints(values: readonly number[]): number {
  return Math.round(values.reduce((sum, value) => sum + value, 0) * 1e9) / 1e9;
}
