/** The tape in the CLI's JSON: added to the results contract, nothing else changed (text and JUnit as they were). */
import { describe, expect, it } from 'vitest';
import { formatJson, RESULTS_SCHEMA_VERSION, type JsonResults } from '../../src/cli/formats/json.ts';
import { formatJunit } from '../../src/cli/formats/junit.ts';
import { formatText } from '../../src/cli/formats/text.ts';
import type { GradedSubmission } from '../../src/cli/grade-submission.ts';
import { scoreChecks, type ScoredReport, type TapeRecord } from '../../src/core/report.ts';
import { grade, parseResults } from './run-grader.ts';

const SEED = 'c0ffee';
const TAPE: TapeRecord = {
  probe: 'computing the gradient of sum(fixedPointSqrt(x)) for the example x = [4, 9]',
  nodes: 2,
  operations: ['Identity', 'customGrad'],
  backwardKernels: 2,
};

function graded(tape?: TapeRecord): GradedSubmission {
  const scored = scoreChecks({ module: 1 }, [{ id: 'module', title: 'Module loads', status: 'passed', message: 'Exports it.' }]);
  const report: ScoredReport = {
    schemaVersion: 1,
    problem: 'fixed-point-sqrt',
    seed: SEED,
    verdict: 'passed',
    summary: 'All 1 checks passed.',
    checks: scored.checks,
    console: { lines: [], droppedLines: 0 },
    durationMs: 12,
    score: scored.score,
    maxScore: scored.maxScore,
    ...(tape ? { tape } : {}),
  };
  return { file: 'a.ts', problem: 'fixed-point-sqrt', report };
}

describe('the tape in --format json', () => {
  it('is each result\'s `tape`, figures first; absent when none was measured; the version unchanged', () => {
    const withTape = JSON.parse(formatJson([graded(TAPE)], { seed: SEED })) as JsonResults;
    expect(withTape.schemaVersion).toBe(1);
    expect(RESULTS_SCHEMA_VERSION).toBe(1);
    expect(withTape.results[0]?.tape).toEqual(TAPE);
    expect(Object.keys(withTape.results[0]?.tape ?? {})).toEqual(['probe', 'nodes', 'backwardKernels', 'operations']);
    const without = JSON.parse(formatJson([graded()], { seed: SEED })) as JsonResults;
    expect(without.results[0]).not.toHaveProperty('tape');
    // Nothing else moved.
    const { tape: _tape, ...rest } = withTape.results[0]!;
    expect(rest).toEqual(without.results[0]);
  });

  it('leaves text and JUnit output exactly as they were', () => {
    expect(formatText([graded(TAPE)], { seed: SEED, color: false })).toBe(formatText([graded()], { seed: SEED, color: false }));
    expect(formatJunit([graded(TAPE)], { seed: SEED })).toBe(formatJunit([graded()], { seed: SEED }));
  });

  it(
    'shows what the real grader measured: 2 operations for the reference solution, 91 for the unrolled loop',
    async () => {
      const run = await grade(
        'src/problems/fixed-point-sqrt/solution.ts',
        'src/problems/fixed-point-sqrt/fixtures/wrong-unrolled-loop.ts',
        '--format',
        'json',
      );
      expect(run.stderr).toBe('');
      const [honest, unrolled] = parseResults(run.stdout).results;
      expect(honest?.tape).toMatchObject({ nodes: 2, operations: ['Identity', 'customGrad'] });
      expect(unrolled?.tape?.nodes).toBe(91);
      expect(unrolled?.tape?.operations.slice(0, 4)).toEqual(['OnesLike', 'Identity', 'Identity', 'RealDiv']);
      expect(unrolled?.tape?.backwardKernels).toBeGreaterThan(100);
    },
    90_000,
  );
});
