import { describe, expect, it } from 'vitest';
import type { CheckResult, Report, Verdict } from '../../src/core/report.ts';
import type { GradedSubmission } from '../../src/cli/grade-submission.ts';
import { formatJson, type JsonResults } from '../../src/cli/formats/json.ts';
import { formatJunit } from '../../src/cli/formats/junit.ts';
import { formatText } from '../../src/cli/formats/text.ts';
import { descendants, parseXml } from './xml.ts';

const MODULE_PASSED: CheckResult = { id: 'module', title: 'Module loads', status: 'passed', message: 'Exports it.' };

function graded(file: string, verdict: Verdict, checks: readonly CheckResult[]): GradedSubmission {
  const report: Report = {
    schemaVersion: 1,
    problem: 'fixed-point-sqrt',
    seed: 'c0ffee',
    verdict,
    summary: `${verdict} summary`,
    checks,
    console: { lines: [{ level: 'log', text: 'hello\u0000 <world>' }], droppedLines: 2 },
    durationMs: 1234.4,
  };
  return { file, report };
}

const nonFinite = graded('a.ts', 'failed', [
  MODULE_PASSED,
  {
    id: 'forward',
    title: 'Forward values',
    status: 'failed',
    message: 'At x = -1: expected NaN, got Infinity.',
    evidence: { testCase: 'the example', index: 0, input: Number.NaN, expected: Number.NaN, got: Number.POSITIVE_INFINITY },
  },
  {
    id: 'gradient',
    title: 'Gradient',
    status: 'failed',
    message: 'Wrong sign.',
    evidence: { testCase: 'the example', expected: 1, got: Number.NEGATIVE_INFINITY },
  },
]);

const hostile = graded('b\u001b[2J.ts', 'timeout', [
  {
    id: 'module',
    title: 'Module loads',
    status: 'failed',
    message: 'Stopped: "<&>" \u0007\u001b[31m\r\n2 passed, 0 failed\n\uD800',
    location: { line: 3, column: null },
  },
  { id: 'forward', title: 'Forward values', status: 'skipped', message: 'Not run until «Module loads» passes.' },
]);

const passed = graded('c.ts', 'passed', [MODULE_PASSED]);

describe('formatJson', () => {
  it('keeps NaN and ±Infinity as strings, never null', () => {
    const document = JSON.parse(formatJson([nonFinite])) as JsonResults;
    const [, forward, gradient] = document.results[0]?.checks ?? [];
    expect(forward?.evidence).toEqual({ testCase: 'the example', index: 0, input: 'NaN', expected: 'NaN', got: 'Infinity' });
    expect(gradient?.evidence).toMatchObject({ expected: 1, got: '-Infinity' });
  });

  it('adds passed flags, keeps location only where there is one, and rounds the duration', () => {
    const [result] = (JSON.parse(formatJson([hostile, passed])) as JsonResults).results;
    expect(result).toMatchObject({ file: 'b\u001b[2J.ts', problem: 'fixed-point-sqrt', passed: false, verdict: 'timeout', durationMs: 1234 });
    expect(result?.checks[0]).toMatchObject({ passed: false, location: { line: 3, column: null } });
    expect(result?.checks[1]).not.toHaveProperty('location');
    expect(result?.checks[1]).not.toHaveProperty('evidence');
  });
});

describe('formatJunit', () => {
  const root = parseXml(formatJunit([nonFinite, hostile, passed]));
  const suites = descendants(root, 'testsuite');
  const suiteAt = (index: number) => {
    const suite = suites[index];
    if (!suite) throw new Error(`no testsuite ${index}`);
    return suite;
  };

  it('counts tests, failures, errors and skipped per suite and in total', () => {
    expect(suites.map((suite) => suite.attributes)).toEqual([
      { name: 'a.ts', tests: '3', failures: '2', errors: '0', skipped: '0', time: '1.234' },
      { name: 'b\uFFFD[2J.ts', tests: '2', failures: '0', errors: '1', skipped: '1', time: '1.234' },
      { name: 'c.ts', tests: '1', failures: '0', errors: '0', skipped: '0', time: '1.234' },
    ]);
    expect(root.attributes).toMatchObject({ tests: '6', failures: '2', errors: '1', skipped: '1', time: '3.702' });
  });

  it('reports a failed check of a timed-out run as an error, with the message intact but safe', () => {
    const [error] = descendants(suiteAt(1), 'error');
    expect(error?.attributes).toEqual({
      message: 'Stopped: "<&>" \uFFFD\uFFFD[31m\r\n2 passed, 0 failed\n\uFFFD',
      type: 'timeout',
    });
  });

  it('puts the evidence in the failure body and the console in system-out', () => {
    const [failure] = descendants(suiteAt(0), 'failure');
    expect(failure?.text).toBe('At x = -1: expected NaN, got Infinity.\nexpected NaN, got Infinity — the example, element 0, input NaN');
    const [out] = descendants(suiteAt(0), 'system-out');
    expect(out?.text).toBe('[log] hello\uFFFD <world>\n(2 more lines dropped)');
  });
});

describe('formatText', () => {
  it('ends with the summary line alone, and shows each learner string on one inert line', () => {
    const text = formatText([nonFinite, hostile, passed], { color: false });
    const lines = text.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('1 passed, 2 failed');
    expect(lines.filter((line) => /^\s*\d+ passed, \d+ failed\s*$/.test(line))).toHaveLength(1);
    expect(text).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
    expect(text).toContain('      Stopped: "<&>" \uFFFD\uFFFD[31m ↵ 2 passed, 0 failed ↵ ');
    expect(text).toContain('      expected NaN, got Infinity — the example, element 0, input NaN');
    expect(text).toContain('✗ timeout  b\uFFFD[2J.ts  (1.2 s)');
  });

  it('colours only when asked to, and never the summary line', () => {
    const plain = formatText([passed], { color: false });
    const coloured = formatText([passed], { color: true });
    expect(plain).not.toContain('\u001b[');
    expect(coloured).toContain('\u001b[32m✓ passed\u001b[39m');
    expect(coloured.trimEnd().split('\n').at(-1)).toBe('1 passed, 0 failed');
  });
});
