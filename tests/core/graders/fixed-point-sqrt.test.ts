import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../../src/core/report.ts';
import { problemBySlug } from '../../../src/problems/catalog.ts';
import { fixturesOf } from '../../support/fixtures.ts';
import { gradeAll } from '../../support/sandbox.ts';

const problem = problemBySlug('fixed-point-sqrt');
const fixtures = fixturesOf('fixed-point-sqrt');
const CHECK_IDS = ['module', 'contract', 'forward', 'spec', 'gradient', 'cotangent', 'composition', 'implicit', 'ops'];

describe('fixed-point-sqrt grader', () => {
  let solutionReport: Report;
  let starterReport: Report;
  let fixtureReports: Report[];

  beforeAll(async () => {
    const sources = [await problem.loadSolution(), problem.starter, ...fixtures.map((fixture) => fixture.source)];
    [solutionReport, starterReport, ...fixtureReports] = (await gradeAll(sources, problem.meta)) as [Report, Report, ...Report[]];
  }, 180_000);

  it('passes the reference solution on every check, in the fixed order', () => {
    expect(solutionReport.checks.map((check) => [check.id, check.status])).toEqual(CHECK_IDS.map((id) => [id, 'passed']));
    expect(solutionReport.verdict).toBe('passed');
  });

  it('fails the starter code, first on the forward values', () => {
    expect(starterReport.verdict).toBe('failed');
    expect(starterReport.checks.find((check) => check.status === 'failed')?.id).toBe('forward');
  });

  fixtures.forEach((fixture, index) => {
    it(`${fixture.name}: ${fixture.expectedVerdict}${fixture.failingCheck ? ` at ${fixture.failingCheck}` : ''}`, () => {
      const report = fixtureReports[index] as Report;
      expect(report.checks.map((check) => check.id)).toEqual(CHECK_IDS);
      expect(report.verdict, JSON.stringify(report.checks, null, 2)).toBe(fixture.expectedVerdict);
      const firstFailure = report.checks.find((check) => check.status === 'failed');
      expect(firstFailure?.id ?? null).toBe(fixture.failingCheck);
      if (fixture.message) expect(firstFailure?.message).toContain(fixture.message);
    });
  });
});
