import { ProbeMissing, type CheckContext, type CheckVerdict, type Grader } from './grader.ts';
import type { ProbeResult } from './measurements.ts';
import type { RunEnd, RunOutcome } from './outcome.ts';
import type { Plan } from './plan.ts';
import type { ProblemMeta } from './problem.ts';
import {
  CHECK_STATUS,
  REPORT_SCHEMA_VERSION,
  scoreChecks,
  VERDICT,
  type CheckResult,
  type ScoredReport,
  type Verdict,
} from './report.ts';
import { MODULE_CHECK_ID } from './checks/module.ts';
import { costliestTape } from './tape.ts';

/**
 * Turns what the sandbox measured into a report. Pure: the page and the CLI call the same function, in
 * their own realm, on plain data; nothing the learner's code did can reach in here except through it.
 * Each check carries its points (problem.json's `points`), and the report their sum and maximum.
 */
export function judge(problem: ProblemMeta, grader: Grader, plan: Plan, outcome: RunOutcome): ScoredReport {
  const probesById = new Map<string, ProbeResult>(outcome.probes.map((result) => [result.probeId, result]));
  const checks: CheckResult[] = [];
  // Only the check that was running when the sandbox stopped carries the stop; the ones after are skipped.
  let stopReported = false;

  for (const spec of grader.checks) {
    const base = { id: spec.id, title: spec.title };
    const unmet = (spec.requires ?? []).filter(
      (id) => checks.find((check) => check.id === id)?.status !== CHECK_STATUS.passed,
    );
    if (unmet.length > 0) {
      const names = unmet.map((id) => `«${titleOf(grader, id)}»`).join(' and ');
      checks.push({ ...base, status: CHECK_STATUS.skipped, message: `Not run until ${names} passes.` });
      continue;
    }
    if (outcome.load === null) {
      checks.push({ ...base, ...stopVerdict(outcome.end, stopReported, 'loading your module') });
      stopReported = true;
      continue;
    }
    const context: CheckContext = {
      problem,
      plan,
      load: outcome.load,
      probe(id) {
        const result = probesById.get(id);
        if (!result) throw new ProbeMissing(id);
        return result;
      },
    };
    try {
      checks.push({ ...base, ...spec.run(context) });
    } catch (error) {
      if (!(error instanceof ProbeMissing)) throw error;
      checks.push({ ...base, ...stopVerdict(outcome.end, stopReported, `running this check`) });
      stopReported = true;
    }
  }

  const verdict = verdictOf(outcome.end, checks);
  const scored = scoreChecks(problem.points, checks);
  const tape = costliestTape(plan, outcome.probes);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    problem: problem.slug,
    seed: plan.seed,
    verdict,
    summary: summarize(verdict, outcome.end, checks),
    checks: scored.checks,
    console: outcome.console,
    durationMs: outcome.durationMs,
    score: scored.score,
    maxScore: scored.maxScore,
    ...(tape ? { tape } : {}),
  };
}

function titleOf(grader: Grader, id: string): string {
  return grader.checks.find((check) => check.id === id)?.title ?? id;
}

function stopVerdict(end: RunEnd, alreadyReported: boolean, whileDoing: string): CheckVerdict {
  if (alreadyReported || end.kind === 'complete') {
    // A complete run that lacks a probe means the sandbox skipped it; say so rather than pass or hide it.
    return end.kind === 'complete'
      ? { status: CHECK_STATUS.failed, message: 'The sandbox returned no measurement for this check.' }
      : { status: CHECK_STATUS.skipped, message: 'Not run: the run had already stopped.' };
  }
  if (end.kind === 'timeout') {
    return {
      status: CHECK_STATUS.failed,
      message: `Stopped at the ${formatLimit(end.limitMs)} time limit while ${end.phase ?? whileDoing}. Look for a loop that never ends or a promise that never settles.`,
    };
  }
  return { status: CHECK_STATUS.failed, message: `The sandbox stopped while ${whileDoing}: ${end.reason}` };
}

export function formatLimit(limitMs: number): string {
  return limitMs % 1000 === 0 ? `${limitMs / 1000} s` : `${limitMs} ms`;
}

function verdictOf(end: RunEnd, checks: readonly CheckResult[]): Verdict {
  if (end.kind === 'timeout') return VERDICT.timeout;
  if (end.kind === 'crashed') return VERDICT.error;
  if (checks.find((check) => check.id === MODULE_CHECK_ID)?.status !== CHECK_STATUS.passed) return VERDICT.error;
  return checks.every((check) => check.status === CHECK_STATUS.passed) ? VERDICT.passed : VERDICT.failed;
}

function summarize(verdict: Verdict, end: RunEnd, checks: readonly CheckResult[]): string {
  const failed = checks.filter((check) => check.status === CHECK_STATUS.failed);
  const first = failed[0];
  switch (verdict) {
    case VERDICT.passed:
      return `All ${checks.length} checks passed.`;
    case VERDICT.timeout:
      return end.kind === 'timeout'
        ? `Stopped at the ${formatLimit(end.limitMs)} time limit${end.phase ? ` while ${end.phase}` : ''}.`
        : 'Stopped at the time limit.';
    case VERDICT.error:
      if (end.kind === 'crashed') return `The sandbox stopped: ${end.reason}`;
      return first ? `Your code could not be graded: ${first.message}` : 'Your code could not be graded.';
    case VERDICT.failed:
      return `${failed.length} of ${checks.length} checks failed; the first is «${first?.title ?? ''}».`;
  }
}
