import type { Grader } from '../core/grader.ts';
import { judge } from '../core/judge.ts';
import type { Plan } from '../core/plan.ts';
import type { ProblemMeta } from '../core/problem.ts';
import type { Report } from '../core/report.ts';
import { withPreciseSyntaxError } from '../core/syntax.ts';
import type { Submission } from './discover.ts';
import { runInSandbox } from './sandbox.ts';
import { firstSyntaxError } from './syntax.ts';

/** One problem, ready to grade submissions against: its plan is made once for all of them. */
export type Assignment = { readonly meta: ProblemMeta; readonly grader: Grader; readonly plan: Plan };

export type GradedSubmission = { readonly file: string; readonly report: Report };

/**
 * Measures a submission in its own sandbox thread, then judges it here, in the parent, with the page's
 * `judge`: one code path, two front ends.
 */
export async function gradeSubmission(submission: Submission, assignment: Assignment): Promise<GradedSubmission> {
  const { meta, grader, plan } = assignment;
  const measured = await runInSandbox({ source: submission.source, plan, timeLimitMs: meta.timeLimitMs });
  const outcome = await withPreciseSyntaxError(measured, () => firstSyntaxError(submission.source));
  return { file: submission.file, report: judge(meta, grader, plan, outcome) };
}
