import { describe, expect, it } from 'vitest';
import { problemBySlug } from '../../../src/problems/catalog.ts';
import { fixturesOf } from '../../support/fixtures.ts';
import { gradeInProcess } from '../../support/run-in-node.ts';

const problem = problemBySlug('fixed-point-sqrt');

describe('fixed-point-sqrt grader, in process', () => {
  it('passes the reference solution on every check', async () => {
    const report = await gradeInProcess(await problem.loadSolution(), problem.meta);
    expect(report.checks.map((check) => [check.id, check.status])).toEqual(
      ['module', 'contract', 'forward', 'spec', 'gradient', 'cotangent', 'composition', 'implicit'].map((id) => [id, 'passed']),
    );
    expect(report.verdict).toBe('passed');
  });

  it('fails the starter code on the forward values', async () => {
    const report = await gradeInProcess(problem.starter, problem.meta);
    expect(report.verdict).toBe('failed');
    expect(report.checks.find((check) => check.status === 'failed')?.id).toBe('forward');
  });

  for (const fixture of fixturesOf('fixed-point-sqrt')) {
    it(`${fixture.name}: ${fixture.expectedVerdict}${fixture.failingCheck ? ` at ${fixture.failingCheck}` : ''}`, async () => {
      const report = await gradeInProcess(fixture.source, problem.meta);
      expect(report.verdict, JSON.stringify(report.checks, null, 2)).toBe(fixture.expectedVerdict);
      const firstFailure = report.checks.find((check) => check.status === 'failed');
      expect(firstFailure?.id ?? null).toBe(fixture.failingCheck);
      if (fixture.message) expect(firstFailure?.message).toContain(fixture.message);
    });
  }
});
