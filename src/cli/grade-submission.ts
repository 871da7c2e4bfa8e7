import type { Grader } from '../core/grader.ts';
import { judge } from '../core/judge.ts';
import type { Plan } from '../core/plan.ts';
import type { ProblemMeta } from '../core/problem.ts';
import type { Report } from '../core/report.ts';
import { withPreciseSyntaxError } from '../core/syntax.ts';
import type { Discovered } from './discover.ts';
import { NOT_GRADED, notGradedEntry, type NotGraded } from './not-graded.ts';
import { readSubmission, SUBMISSION_MAX_BYTES, tooLarge, type Submission } from './read-submission.ts';
import { runInSandbox } from './sandbox.ts';
import { firstSyntaxError } from './syntax.ts';

/**
 * One problem, ready to grade submissions against: its plan is made once for all of them. `meta` carries the
 * batch's seed (`withRunSeed`), so that every submission of a batch gets the same cases.
 */
export type Assignment = { readonly meta: ProblemMeta; readonly grader: Grader; readonly plan: Plan };

export type GradedSubmission = {
  /** How the reports name it: as typed, or under the folder as typed (not escaped: the formats do that). */
  readonly file: string;
  readonly report: Report;
  /** Present when the path was not graded at all (not read, or the grader failed on it); `report` then says why. */
  readonly notGraded?: NotGraded;
};

/**
 * Measures a submission in its own sandbox thread, then judges it here, in the parent, with the page's
 * `judge`: one code path, two front ends. The source is at most SUBMISSION_MAX_BYTES when it was read by
 * `readSubmission`, and is refused here otherwise, so that the parent's TypeScript re-parse stays small.
 */
export async function gradeSubmission(submission: Submission, assignment: Assignment): Promise<GradedSubmission> {
  const { meta, grader, plan } = assignment;
  // readSubmission never hands over more; this keeps the bound true for any other caller too.
  const bytes = Buffer.byteLength(submission.source);
  if (bytes > SUBMISSION_MAX_BYTES) return notGradedEntry(submission.file, tooLarge(bytes), assignment);
  const measured = await runInSandbox({ source: submission.source, plan, timeLimitMs: meta.timeLimitMs });
  const outcome = await withPreciseSyntaxError(measured, () => firstSyntaxError(submission.source));
  return { file: submission.file, report: judge(meta, grader, plan, outcome) };
}

/**
 * One entry of the batch, whatever the path turned out to be: read and graded, or an `error` entry that
 * says why not. Never rejects, so that one path cannot cost the others their report.
 */
export async function gradeDiscovered(discovered: Discovered, assignment: Assignment): Promise<GradedSubmission> {
  if (discovered.kind === 'not-graded') return notGradedEntry(discovered.name, discovered.notGraded, assignment);
  try {
    const read = await readSubmission(discovered);
    if (read.kind === 'not-graded') return notGradedEntry(discovered.name, read.notGraded, assignment);
    return await gradeSubmission(read.submission, assignment);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return notGradedEntry(discovered.name, { code: NOT_GRADED.graderFailed, reason: `the grader failed on it (${detail})` }, assignment);
  }
}
