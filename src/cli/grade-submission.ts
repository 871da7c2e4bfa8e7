import type { Grader } from '../core/grader.ts';
import { judge } from '../core/judge.ts';
import type { Plan } from '../core/plan.ts';
import type { ProblemMeta } from '../core/problem.ts';
import type { ScoredReport } from '../core/report.ts';
import { withRunSeed } from '../core/run-seed.ts';
import { withPreciseSyntaxError } from '../core/syntax.ts';
import type { ProblemSource } from '../problems/build-catalog.ts';
import { chooseProblem } from './choose-problem.ts';
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
  /** The slug of the problem it was graded against; null when none could be chosen for it. */
  readonly problem: string | null;
  readonly report: ScoredReport;
  /** Present when the path was not graded at all (not read, or the grader failed on it); `report` then says why. */
  readonly notGraded?: NotGraded;
};

/**
 * Everything a batch grades against: every problem with its plan, made once from the batch's one seed, and
 * the one `--problem` forced, if any.
 */
export type Batch = {
  readonly seed: string;
  readonly problems: readonly ProblemSource[];
  readonly forced: ProblemSource | null;
  assignmentOf(problem: ProblemSource): Assignment;
};

/** Plans every problem once, for the whole batch, from one seed. */
export function prepareBatch(problems: readonly ProblemSource[], forced: ProblemSource | null, seed: string): Batch {
  const assignments = new Map<string, Assignment>(
    problems.map(({ meta, grader }) => {
      const seeded = withRunSeed(meta, seed);
      return [meta.slug, { meta: seeded, grader, plan: grader.makePlan(seeded) }];
    }),
  );
  return {
    seed,
    problems,
    forced,
    assignmentOf(problem) {
      const assignment = assignments.get(problem.meta.slug);
      if (!assignment) throw new Error(`problem '${problem.meta.slug}' is not part of this batch`);
      return assignment;
    },
  };
}

/**
 * Measures a submission in its own sandbox thread, then judges it here, in the parent, with the page's
 * `judge`: one code path, two front ends. The source is at most SUBMISSION_MAX_BYTES when it was read by
 * `readSubmission`, and is refused here otherwise, so that the parent's TypeScript re-parse stays small.
 */
export async function gradeSubmission(submission: Submission, assignment: Assignment): Promise<GradedSubmission> {
  const { meta, grader, plan } = assignment;
  // readSubmission never hands over more; this keeps the bound true for any other caller too.
  const bytes = Buffer.byteLength(submission.source);
  if (bytes > SUBMISSION_MAX_BYTES) return notGradedEntry(submission.file, tooLarge(bytes), assignment, plan.seed);
  const measured = await runInSandbox({ source: submission.source, plan, timeLimitMs: meta.timeLimitMs });
  const outcome = await withPreciseSyntaxError(measured, () => firstSyntaxError(submission.source));
  return { file: submission.file, problem: meta.slug, report: judge(meta, grader, plan, outcome) };
}

/**
 * One entry of the batch, whatever the path turned out to be: read, matched to its problem and graded, or
 * an `error` entry that says why not. Never rejects, so that one path cannot cost the others their report.
 */
export async function gradeDiscovered(discovered: Discovered, batch: Batch): Promise<GradedSubmission> {
  // What a file that cannot be read is held against: the problem every file gets, when there is one.
  const [only, ...others] = batch.problems;
  const known = batch.forced ?? (only && others.length === 0 ? only : null);
  const refuse = (notGraded: NotGraded, problem: ProblemSource | null = known) =>
    notGradedEntry(discovered.name, notGraded, problem ? batch.assignmentOf(problem) : null, batch.seed);
  if (discovered.kind === 'not-graded') return refuse(discovered.notGraded);
  let problem = known;
  try {
    const read = await readSubmission(discovered);
    if (read.kind === 'not-graded') return refuse(read.notGraded);
    if (!batch.forced) {
      const choice = await chooseProblem(read.submission.source, batch.problems);
      if (choice.kind === 'not-graded') return refuse(choice.notGraded, null);
      problem = choice.problem;
    }
    if (!problem) throw new Error('no problem was chosen');
    return await gradeSubmission(read.submission, batch.assignmentOf(problem));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return refuse({ code: NOT_GRADED.graderFailed, reason: `the grader failed on it (${detail})` }, problem);
  }
}
