/**
 * Runs submissions in the command-line grader's sandbox (a locked-down worker thread each): the measuring
 * and judging tests go through the same isolation as the CLI, since a locked-down realm cannot host the
 * test runner itself.
 */
import { availableParallelism } from 'node:os';
import type { Grader } from '../../src/core/grader.ts';
import { judge } from '../../src/core/judge.ts';
import type { RunOutcome } from '../../src/core/outcome.ts';
import type { Plan } from '../../src/core/plan.ts';
import type { ProblemMeta } from '../../src/core/problem.ts';
import type { Report } from '../../src/core/report.ts';
import { gradeSubmission } from '../../src/cli/grade-submission.ts';
import { mapConcurrently } from '../../src/cli/pool.ts';
import { runInSandbox } from '../../src/cli/sandbox.ts';

/** Generous: these runs share two cores with other test files. */
const TEST_TIME_LIMIT_MS = 20_000;

export function measureInSandbox(source: string, plan: Plan): Promise<RunOutcome> {
  return runInSandbox({ source, plan, timeLimitMs: TEST_TIME_LIMIT_MS });
}

/** Grades each source as the CLI does, in parallel, in the sources' order. */
export async function gradeAll(sources: readonly string[], meta: ProblemMeta, grader: Grader): Promise<Report[]> {
  const assignment = { meta, grader, plan: grader.makePlan(meta) };
  const graded = await mapConcurrently(
    sources,
    availableParallelism(),
    (source) => gradeSubmission({ file: 'submission.ts', source }, assignment),
    () => undefined,
  );
  return graded.map((result) => result.report);
}

export async function gradeOne(source: string, meta: ProblemMeta, grader: Grader): Promise<Report> {
  const [report] = await gradeAll([source], meta, grader);
  if (!report) throw new Error('no report');
  return report;
}
