import { describe, expect, it } from 'vitest';
import type { CheckResult, Report } from '../../../src/core/report.ts';
import { editorMarksOf } from '../../../src/ui/results/editorMarks.ts';

const check = (id: string, status: CheckResult['status'], location?: CheckResult['location']): CheckResult => ({
  id,
  title: `Check ${id}`,
  status,
  message: `${id} went wrong`,
  ...(location ? { location } : {}),
});

const report = (checks: CheckResult[]): Report => ({
  schemaVersion: 1,
  problem: 'fixed-point-sqrt',
  seed: 'test',
  verdict: 'failed',
  summary: '',
  checks,
  console: { lines: [], droppedLines: 0 },
  durationMs: 1,
});

describe('editorMarksOf', () => {
  it('marks each position that failing checks name once, counting the checks that share it', () => {
    const marks = editorMarksOf(
      report([
        check('a', 'passed'),
        check('b', 'failed', { line: 15, column: 38 }),
        check('c', 'failed', { line: 15, column: 38 }),
        check('d', 'failed', { line: 15, column: 38 }),
        check('e', 'failed', { line: 6, column: null }),
        check('f', 'failed'),
      ]),
    );
    expect(marks).toEqual([
      { line: 15, column: 38, message: 'Check b: b went wrong (2 more checks failed here too)' },
      { line: 6, column: null, message: 'Check e: e went wrong' },
    ]);
  });

  it('marks nothing for skipped or passing checks, even with a location', () => {
    expect(editorMarksOf(report([check('a', 'skipped', { line: 3, column: 1 }), check('b', 'passed', { line: 4, column: 1 })]))).toEqual([]);
  });
});
