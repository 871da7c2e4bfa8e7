import { judge } from '../../src/core/judge.ts';
import { graderFor } from '../../src/core/graders/index.ts';
import type { RunEnd } from '../../src/core/outcome.ts';
import { LOAD_PHASE } from '../../src/core/plan.ts';
import type { ProblemMeta } from '../../src/core/problem.ts';
import type { Report } from '../../src/core/report.ts';
import { reportRun } from '../../src/worker/report-run.ts';
import { recordRun } from '../../src/worker/run-recorder.ts';
import { readyTf } from '../../src/worker/tf.ts';

const tf = await readyTf();

/**
 * Measures and judges a submission in this process, through the same report/record path as the page and
 * the CLI but with no isolation: for tests of measuring and judging. Isolation (workers, time limits) is
 * tested through the page and the CLI.
 */
export async function gradeInProcess(source: string, problem: ProblemMeta): Promise<Report> {
  const grader = graderFor(problem.grader);
  const plan = grader.makePlan(problem);
  const recorder = recordRun(1, LOAD_PHASE);
  let end: RunEnd = { kind: 'crashed', reason: 'the run never reported its end' };
  const start = performance.now();
  await reportRun(tf, { seq: 1, source, plan }, (message) => {
    if (message.type === 'ready') return;
    end = recorder.accept(message) ?? end;
  });
  return judge(problem, grader, plan, recorder.outcome(end, performance.now() - start));
}
