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
};
