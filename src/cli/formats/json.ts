import type { ConsoleCapture } from '../../core/measurements.ts';
import {
  CHECK_STATUS,
  VERDICT,
  type CheckStatus,
  type Evidence,
  type SourceLocation,
  type TapeRecord,
  type Verdict,
} from '../../core/report.ts';
import { escapeJsonOutput } from '../escape.ts';
import type { GradedSubmission } from '../grade-submission.ts';
import type { NotGraded } from '../not-graded.ts';
import { countVerdicts, totalScore } from './summary.ts';

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
  /** What the check earned: all of `maxPoints` when it passed, else 0. */
  readonly points: number;
  readonly maxPoints: number;
};

export type JsonResult = {
  readonly file: string;
  /** The problem's slug; null for a file no problem could be chosen for (see `notGraded`). */
  readonly problem: string | null;
  readonly passed: boolean;
  /** The points its checks earned, out of `maxScore` (the problem's total; 0 when `problem` is null). */
  readonly score: number;
  readonly maxScore: number;
  readonly verdict: Verdict;
  readonly summary: string;
  readonly checks: readonly JsonCheck[];
  readonly console: ConsoleCapture;
  readonly durationMs: number;
  /**
   * What TF.js recorded on its tape while the submission's function ran under tf.grad, for the gradient probe
   * that recorded the most (the report's `tape`): `probe` in words, `nodes`, the first `operations` by name
   * (at most 300; `customGrad` for a custom gradient's node, `Identity` for a copy kept for the backward
   * pass), `backwardKernels`. Absent when no gradient was measured.
   */
  readonly tape?: TapeRecord;
  /**
   * Only for a path that was not graded (not a regular file, over the size limit, not UTF-8, unreadable...):
   * a stable `code` (not-graded.ts) and the `reason` in words. The verdict is then `error`, the first check
   * failed with the reason and the others skipped, so that a reader that ignores this field still counts it.
   */
  readonly notGraded?: NotGraded;
};

/** The whole batch: `failed` counts every submission that did not pass (failed, error or timeout). */
export type JsonTotals = {
  readonly submissions: number;
  readonly passed: number;
  readonly failed: number;
  readonly score: number;
  readonly maxScore: number;
};

export type JsonResults = {
  readonly schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  /** The batch's seed: `--seed` with it grades the same code on the same cases again. */
  readonly seed: string;
  readonly totals: JsonTotals;
  readonly results: readonly JsonResult[];
};

/**
 * One JSON document: every path, in the order given. Valid JSON whose strings keep every character, but
 * with the ones a terminal or a log viewer would act on (controls, bidi controls, U+2028/9) as `\uXXXX`.
 */
export function formatJson(graded: readonly GradedSubmission[], { seed }: { readonly seed: string }): string {
  const document: JsonResults = { schemaVersion: RESULTS_SCHEMA_VERSION, seed, totals: totalsOf(graded), results: graded.map(toJsonResult) };
  return `${escapeJsonOutput(JSON.stringify(document, keepNonFinite, 2))}\n`;
}

function totalsOf(graded: readonly GradedSubmission[]): JsonTotals {
  const { passed, notPassed } = countVerdicts(graded);
  return { submissions: graded.length, passed, failed: notPassed, ...totalScore(graded) };
}

function toJsonResult({ file, problem, report, notGraded }: GradedSubmission): JsonResult {
  return {
    file,
    problem,
    passed: report.verdict === VERDICT.passed,
    score: report.score,
    maxScore: report.maxScore,
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
      points: check.points,
      maxPoints: check.maxPoints,
    })),
    console: report.console,
    durationMs: Math.round(report.durationMs),
    ...(report.tape ? { tape: jsonTape(report.tape) } : {}),
    ...(notGraded ? { notGraded: { code: notGraded.code, reason: notGraded.reason } } : {}),
  };
}

/** The names last: a long list, after the figures a reader looks for first. */
function jsonTape({ probe, nodes, backwardKernels, operations }: TapeRecord): TapeRecord {
  return { probe, nodes, backwardKernels, operations };
}

/** JSON has no NaN or Infinity and would write `null`, which reads as "no value": keep them as strings. */
function keepNonFinite(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
}
