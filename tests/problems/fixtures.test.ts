/**
 * Every problem folder, discovered as the page and the CLI discover them: its reference solution passes every
 * check, its starter compiles and fails, and each of its fixtures gets the verdict, the first failing check
 * and the message its header names. Adding a problem adds its tests.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report.ts';
import { problemBySlug } from '../../src/problems/catalog.ts';
import { fixturesOf, PROBLEMS_DIR, problemSlugs } from '../support/fixtures.ts';
import { gradeAll } from '../support/sandbox.ts';

for (const slug of problemSlugs()) {
  const problem = problemBySlug(slug);
  const fixtures = fixturesOf(slug);
  const checkIds = problem.grader.checks.map((check) => check.id);

  describe(`${slug}: solution, starter and fixtures`, () => {
    let solutionReport: Report | null;
    let starterReport: Report;
    let fixtureReports: Report[];

    beforeAll(async () => {
      // Read from the folder, not the page's catalog: a course may leave a problem out, or withhold solutions.
      const solutionPath = join(PROBLEMS_DIR, slug, 'solution.ts');
      const solution = existsSync(solutionPath) ? readFileSync(solutionPath, 'utf8') : null;
      const sources = [problem.starter, ...fixtures.map((fixture) => fixture.source), ...(solution === null ? [] : [solution])];
      const reports = await gradeAll(sources, problem.meta, problem.grader);
      starterReport = reports[0] as Report;
      fixtureReports = reports.slice(1, 1 + fixtures.length);
      solutionReport = solution === null ? null : (reports[reports.length - 1] as Report);
    }, 300_000);

    it('has points for every check, and fixtures', () => {
      expect(Object.keys(problem.meta.points).sort()).toEqual([...checkIds].sort());
      expect(fixtures.length).toBeGreaterThan(0);
    });

    it('passes the reference solution on every check', () => {
      expect(solutionReport, `${slug} has no solution.ts`).not.toBeNull();
      expect(solutionReport?.checks.map((check) => [check.id, check.status])).toEqual(checkIds.map((id) => [id, 'passed']));
    });

    it('fails the starter: it loads, and some check fails', () => {
      expect(starterReport.verdict, JSON.stringify(starterReport.checks, null, 2)).toBe('failed');
    });

    fixtures.forEach((fixture, index) => {
      it(`${fixture.name}: ${fixture.expectedVerdict}${fixture.failingCheck ? ` at ${fixture.failingCheck}` : ''}`, () => {
        const report = fixtureReports[index] as Report;
        expect(report.checks.map((check) => check.id)).toEqual(checkIds);
        expect(report.verdict, JSON.stringify(report.checks, null, 2)).toBe(fixture.expectedVerdict);
        const firstFailure = report.checks.find((check) => check.status === 'failed');
        expect(firstFailure?.id ?? null).toBe(fixture.failingCheck);
        if (fixture.message) expect(firstFailure?.message).toContain(fixture.message);
      });
    });
  });
}
