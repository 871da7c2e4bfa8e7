/**
 * The hostile corpus that the page is tested with too (tests/e2e/hostile.test.ts), through the real
 * command: each file ends as its header says, in about the time it should, and the report stays one
 * valid JSON document.
 */
import { describe, expect, it } from 'vitest';
import problem from '../../src/problems/fixed-point-sqrt/problem.json';
import { suiteFixturesOf } from '../support/fixtures.ts';
import { grade, parseResults } from './run-grader.ts';

const FOLDER = 'tests/fixtures/sandbox-hostile';
/** Time past the limit for the parent to notice and stop the thread, on a busy 2-core machine. */
const STOP_MARGIN_MS = 3_000;

describe('npm run grade on hostile submissions', () => {
  it(
    'ends each as its header says, never passes a wrong one, and stops hangs at the time limit',
    async () => {
      const fixtures = suiteFixturesOf('sandbox-hostile');
      // The sqrt kata's hostile corpus: named, since some of these export nothing the grader could read.
      const { code, stdout, stderr } = await grade(FOLDER, '--problem', problem.slug, '--format', 'json');
      expect({ code, stderr }).toEqual({ code: 1, stderr: '' });
      const { results } = parseResults(stdout);
      expect(results.map((result) => result.file)).toEqual(fixtures.map((fixture) => `${FOLDER}/${fixture.name}`));
      results.forEach((result, index) => {
        const fixture = fixtures[index]!;
        const firstFailure = result.checks.find((check) => check.status === 'failed');
        expect({ file: fixture.name, verdict: result.verdict, first: firstFailure?.id ?? null }).toEqual({
          file: fixture.name,
          verdict: fixture.expectedVerdict,
          first: fixture.failingCheck,
        });
        if (fixture.message) expect(firstFailure?.message, fixture.name).toContain(fixture.message);
        const limit = result.verdict === 'timeout' ? problem.timeLimitMs + STOP_MARGIN_MS : problem.timeLimitMs;
        expect(result.durationMs, fixture.name).toBeLessThan(limit);
        if (result.verdict === 'timeout') expect(result.durationMs).toBeGreaterThanOrEqual(problem.timeLimitMs - 50);
      });
      const flood = results.find((result) => result.file.endsWith('console-flood.ts'));
      expect(flood?.console.lines.length).toBe(200);
      expect(flood?.console.droppedLines).toBe(3_000_000 - 200);
    },
    120_000,
  );
});
