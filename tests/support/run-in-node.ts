import { judge } from '../../src/core/judge.ts';
import { graderFor } from '../../src/core/graders/index.ts';
import type { LoadResult, ProbeResult, ConsoleLine } from '../../src/core/measurements.ts';
import type { ProblemMeta } from '../../src/core/problem.ts';
import type { Report } from '../../src/core/report.ts';
import { captureConsole } from '../../src/worker/console-capture.ts';
import { measure } from '../../src/worker/measure.ts';
import { readyTf } from '../../src/worker/tf.ts';

const tf = await readyTf();

/**
 * Measures and judges a submission in this process, with no isolation: for tests of the measuring and
 * judging logic. Isolation (workers, time limits) is tested through the page and the CLI.
 */
export async function gradeInProcess(source: string, problem: ProblemMeta): Promise<Report> {
  const grader = graderFor(problem.grader);
  const plan = grader.makePlan(problem);
  const lines: ConsoleLine[] = [];
  const captured = captureConsole({ line: (level, text) => lines.push({ level, text }), dropped: () => undefined });
  let load: LoadResult | null = null;
  const probes: ProbeResult[] = [];
  const start = performance.now();
  await measure(tf, source, plan, captured.console, {
    onPhase: () => undefined,
    onLoad: (result) => (load = result),
    onProbe: (result) => probes.push(result),
    now: () => performance.now(),
  });
  return judge(problem, grader, plan, {
    end: { kind: 'complete' },
    load,
    probes,
    console: { lines, droppedLines: captured.droppedLines() },
    durationMs: performance.now() - start,
  });
}
