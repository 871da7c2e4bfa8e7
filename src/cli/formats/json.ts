import type { ConsoleCapture } from '../../core/measurements.ts';
import { CHECK_STATUS, VERDICT, type CheckStatus, type Evidence, type SourceLocation, type Verdict } from '../../core/report.ts';
import { escapeJsonOutput } from '../escape.ts';
import type { GradedSubmission } from '../grade-submission.ts';
import type { NotGraded } from '../not-graded.ts';

/**
 * The version of the document `--format json` prints. Like the report's, it is bumped when a field changes
 * meaning or goes away, not when one is added.
 */
export const RESULTS_SCHEMA_VERSION = 1;

export type JsonCheck = {
  readonly id: string;
  readonly title: string;
  readonly status: CheckStatus;
  readonly passed: boolean;
  readonly message: string;
  readonly evidence?: Evidence;
  readonly location?: SourceLocation;
};

export type JsonResult = {
  readonly file: string;
  readonly problem: string;
  readonly passed: boolean;
  readonly verdict: Verdict;
  readonly summary: string;
  readonly checks: readonly JsonCheck[];
  readonly console: ConsoleCapture;
  readonly durationMs: number;
  /**
   * Only for a path that was not graded (not a regular file, over the size limit, not UTF-8, unreadable...):
   * a stable `code` (not-graded.ts) and the `reason` in words. The verdict is then `error`, the first check
   * failed with the reason and the others skipped, so that a reader that ignores this field still counts it.
   */
  readonly notGraded?: NotGraded;
};

export type JsonResults = {
  readonly schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  /** The batch's seed: `--seed` with it grades the same code on the same cases again. */
  readonly seed: string;
  readonly results: readonly JsonResult[];
};

/**
 * One JSON document: every path, in the order given. Valid JSON whose strings keep every character, but
 * with the ones a terminal or a log viewer would act on (controls, bidi controls, U+2028/9) as `\uXXXX`.
 */
export function formatJson(graded: readonly GradedSubmission[], { seed }: { readonly seed: string }): string {
  const document: JsonResults = { schemaVersion: RESULTS_SCHEMA_VERSION, seed, results: graded.map(toJsonResult) };
  return `${escapeJsonOutput(JSON.stringify(document, keepNonFinite, 2))}\n`;
}

function toJsonResult({ file, report, notGraded }: GradedSubmission): JsonResult {
  return {
    file,
    problem: report.problem,
    passed: report.verdict === VERDICT.passed,
    verdict: report.verdict,
    summary: report.summary,
    checks: report.checks.map((check) => ({
      id: check.id,
      title: check.title,
      status: check.status,
      passed: check.status === CHECK_STATUS.passed,
      message: check.message,
      ...(check.evidence ? { evidence: check.evidence } : {}),
      ...(check.location ? { location: check.location } : {}),
    })),
    console: report.console,
    durationMs: Math.round(report.durationMs),
    ...(notGraded ? { notGraded: { code: notGraded.code, reason: notGraded.reason } } : {}),
  };
}

/** JSON has no NaN or Infinity and would write `null`, which reads as "no value": keep them as strings. */
function keepNonFinite(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
}
