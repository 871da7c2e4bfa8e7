import { describe, expect, it } from 'vitest';
import { judge } from '../../src/core/judge.ts';
import type { ProbeResult } from '../../src/core/measurements.ts';
import type { RunOutcome } from '../../src/core/outcome.ts';
import { newtonSqrt } from '../../src/problems/fixed-point-sqrt/grader/reference.ts';
import { problemBySlug } from '../../src/problems/catalog.ts';

const { meta, grader } = problemBySlug('fixed-point-sqrt');
const plan = grader.makePlan(meta);
const noConsole = { lines: [], droppedLines: 0 };
const loaded = { status: 'loaded', exports: { fixedPointSqrt: 'function' }, moreExports: 0, ms: 1 } as const;

/** The forward probes answered as a correct forward pass would, from the float64 reference. */
const rightForwardProbes: ProbeResult[] = plan.probes
  .filter((probe) => probe.kind === 'forward')
  .map((probe) => ({
    probeId: probe.id,
    status: 'returned',
    values: probe.args.map((input) => ({
      kind: 'tensor' as const,
      shape: [...input.shape],
      rank: input.shape.length,
      dtype: 'float32',
      fromJavaScript: false,
      values: input.values.map((x) => Math.fround(newtonSqrt(x))),
    })),
    inputIntact: true,
    ms: 1,
  }));

function outcome(partial: Partial<RunOutcome>): RunOutcome {
  return { end: { kind: 'complete' }, load: loaded, probes: [], console: noConsole, durationMs: 10, ...partial };
}

describe('judge', () => {
  it('lists every check of the grader, in order, with a versioned report', () => {
    const report = judge(meta, grader, plan, outcome({ probes: rightForwardProbes }));
    expect(report.schemaVersion).toBe(1);
    expect(report.problem).toBe('fixed-point-sqrt');
    expect(report.checks.map((check) => check.id)).toEqual(grader.checks.map((check) => check.id));
  });

  it('on a time-out, keeps what passed before it and blames the check that was running', () => {
    const report = judge(
      meta,
      grader,
      plan,
      outcome({
        end: { kind: 'timeout', limitMs: 5000, phase: 'computing the gradient of sum(fixedPointSqrt(x)) for the example x = [4, 9]' },
        probes: rightForwardProbes,
      }),
    );
    expect(report.verdict).toBe('timeout');
    expect(report.summary).toContain('5 s time limit');
    expect(report.checks.map((check) => [check.id, check.status])).toEqual([
      ['module', 'passed'],
      ['contract', 'passed'],
      ['forward', 'passed'],
      ['spec', 'passed'],
      ['gradient', 'failed'],
      ['cotangent', 'skipped'],
      ['composition', 'skipped'],
      ['implicit', 'skipped'],
      ['ops', 'skipped'],
    ]);
    expect(report.checks[4]?.message).toContain('while computing the gradient');
  });

  it('on a time-out while loading, fails the module check and skips the rest', () => {
    const report = judge(meta, grader, plan, outcome({ end: { kind: 'timeout', limitMs: 5000, phase: null }, load: null }));
    expect(report.verdict).toBe('timeout');
    expect(report.checks.map((check) => check.status)).toEqual(['failed', ...Array(grader.checks.length - 1).fill('skipped')]);
    expect(report.checks[0]?.message).toContain('loading your module');
  });

  it('reports a dead sandbox as an error that names the reason', () => {
    const report = judge(meta, grader, plan, outcome({ end: { kind: 'crashed', reason: 'out of memory' }, load: null }));
    expect(report.verdict).toBe('error');
    expect(report.summary).toContain('out of memory');
  });

  it('fails, rather than passes, a complete run that lacks a measurement', () => {
    const report = judge(meta, grader, plan, outcome({ probes: [] }));
    expect(report.verdict).toBe('failed');
    expect(report.checks.find((check) => check.id === 'contract')?.status).toBe('failed');
  });

  it("gives each check problem.json's points when it passes and none otherwise, and sums them", () => {
    const report = judge(
      meta,
      grader,
      plan,
      outcome({ end: { kind: 'timeout', limitMs: 5000, phase: null }, probes: rightForwardProbes }),
    );
    expect(report.checks.map((check) => [check.id, check.points, check.maxPoints])).toEqual(
      report.checks.map((check) => [check.id, check.status === 'passed' ? meta.points[check.id] : 0, meta.points[check.id]]),
    );
    // Module, contract, forward and spec passed before the time-out.
    const sum = (ids: readonly string[]) => ids.reduce((total, id) => total + (meta.points[id] ?? 0), 0);
    expect({ score: report.score, maxScore: report.maxScore }).toEqual({
      score: sum(['module', 'contract', 'forward', 'spec']),
      maxScore: sum(grader.checks.map((check) => check.id)),
    });
  });

  it('counts a check that problem.json gives no points as worth nothing', () => {
    const { ops: _ops, ...withoutOps } = meta.points;
    const report = judge({ ...meta, points: withoutOps }, grader, plan, outcome({ probes: rightForwardProbes }));
    expect(report.checks.find((check) => check.id === 'ops')).toMatchObject({ points: 0, maxPoints: 0 });
    expect(report.maxScore).toBe(report.checks.reduce((total, check) => total + (meta.points[check.id] ?? 0), 0) - (meta.points.ops ?? 0));
  });
});
