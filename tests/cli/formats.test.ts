import { describe, expect, it } from 'vitest';
import { scoreChecks, type CheckResult, type ScoredReport, type Verdict } from '../../src/core/report.ts';
import type { GradedSubmission } from '../../src/cli/grade-submission.ts';
import { formatClassroom, type ClassroomResult } from '../../src/cli/formats/classroom.ts';
import { formatJson, type JsonResults } from '../../src/cli/formats/json.ts';
import { formatJunit } from '../../src/cli/formats/junit.ts';
import { formatText } from '../../src/cli/formats/text.ts';
import { NOT_GRADED } from '../../src/cli/not-graded.ts';
import { descendants, parseXml, type XmlElement } from './xml.ts';

const SEED = 'c0ffee';
/** What no output may contain raw: C0 (but tab and line feed) and C1 controls, bidi controls, U+2028/9. */
const RAW_HIDDEN = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;

const MODULE_PASSED: CheckResult = { id: 'module', title: 'Module loads', status: 'passed', message: 'Exports it.' };
/** What each check id is worth in these reports, as a problem.json's `points` says it. */
const POINTS = { module: 0, forward: 2, gradient: 3 };

function graded(file: string, verdict: Verdict, checks: readonly CheckResult[]): GradedSubmission {
  const scored = scoreChecks(POINTS, checks);
  const report: ScoredReport = {
    schemaVersion: 1,
    problem: 'fixed-point-sqrt',
    seed: SEED,
    verdict,
    summary: `${verdict} summary`,
    checks: scored.checks,
    console: { lines: [{ level: 'log', text: 'hello\u0000 <world>' }], droppedLines: 2 },
    durationMs: 1234.4,
    score: scored.score,
    maxScore: scored.maxScore,
  };
  return { file, problem: 'fixed-point-sqrt', report };
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

/** Forward right, gradient wrong: 2 of 5 points. */
const partial = graded('e.ts', 'failed', [
  MODULE_PASSED,
  { id: 'forward', title: 'Forward values', status: 'passed', message: 'Right.' },
  { id: 'gradient', title: 'Gradient', status: 'failed', message: 'Wrong sign.', location: { line: 7, column: 3 } },
]);

/** The entry of a path that was not graded, as `notGradedEntry` builds it, its name full of hidden characters. */
const notGraded: GradedSubmission = {
  file: 'd-\\xFF-\u202Egnp.ts\u2028',
  problem: 'fixed-point-sqrt',
  report: {
    schemaVersion: 1,
    problem: 'fixed-point-sqrt',
    seed: SEED,
    verdict: 'error',
    summary: 'Not graded: it is a named pipe (FIFO), not a regular file.',
    checks: [
      { id: 'module', title: 'Module loads', status: 'failed', message: 'Not graded: it is a named pipe (FIFO), not a regular file.', points: 0, maxPoints: 0 },
      { id: 'forward', title: 'Forward values', status: 'skipped', message: 'Not run: the file was not graded.', points: 0, maxPoints: 2 },
    ],
    console: { lines: [], droppedLines: 0 },
    durationMs: 0,
    score: 0,
    maxScore: 2,
  },
  notGraded: { code: NOT_GRADED.notAFile, reason: 'it is a named pipe (FIFO), not a regular file' },
};

/** The properties directly under an element (a suite's, or a test case's), by name. */
function propertiesOf(element: XmlElement | undefined): Record<string, string | undefined> {
  const block = element?.children.find((child) => child.name === 'properties');
  return Object.fromEntries((block?.children ?? []).map((property) => [property.attributes.name, property.attributes.value]));
}

describe('formatJson', () => {
  it('keeps NaN and ±Infinity as strings, never null', () => {
    const document = JSON.parse(formatJson([nonFinite], { seed: SEED })) as JsonResults;
    const [, forward, gradient] = document.results[0]?.checks ?? [];
    expect(forward?.evidence).toEqual({ testCase: 'the example', index: 0, input: 'NaN', expected: 'NaN', got: 'Infinity' });
    expect(gradient?.evidence).toMatchObject({ expected: 1, got: '-Infinity' });
  });

  it('adds passed flags, keeps location only where there is one, and rounds the duration', () => {
    const [result] = (JSON.parse(formatJson([hostile, passed], { seed: SEED })) as JsonResults).results;
    expect(result).toMatchObject({ file: 'b\u001b[2J.ts', problem: 'fixed-point-sqrt', passed: false, verdict: 'timeout', durationMs: 1234 });
    expect(result?.checks[0]).toMatchObject({ passed: false, location: { line: 3, column: null } });
    expect(result?.checks[1]).not.toHaveProperty('location');
    expect(result?.checks[1]).not.toHaveProperty('evidence');
    expect(result).not.toHaveProperty('notGraded');
  });

  it('gives each check its points, each submission its score out of its maximum, and the batch its totals', () => {
    const document = JSON.parse(formatJson([partial, passed, notGraded], { seed: SEED })) as JsonResults;
    const [scored, allPassed, refused] = document.results;
    expect(scored).toMatchObject({ file: 'e.ts', problem: 'fixed-point-sqrt', passed: false, score: 2, maxScore: 5 });
    expect(scored?.checks.map(({ id, points, maxPoints }) => [id, points, maxPoints])).toEqual([
      ['module', 0, 0],
      ['forward', 2, 2],
      ['gradient', 0, 3],
    ]);
    expect(allPassed).toMatchObject({ score: 0, maxScore: 0 });
    expect(refused).toMatchObject({ score: 0, maxScore: 2 });
    expect(document.totals).toEqual({ submissions: 3, passed: 1, failed: 2, score: 2, maxScore: 7 });
  });

  it('carries the seed at the top, and a not-graded entry with its code and reason', () => {
    const document = JSON.parse(formatJson([passed, notGraded], { seed: SEED })) as JsonResults;
    expect(document).toMatchObject({ schemaVersion: 1, seed: SEED });
    expect(document.results[1]).toMatchObject({
      file: notGraded.file,
      passed: false,
      verdict: 'error',
      notGraded: { code: 'not-a-file', reason: 'it is a named pipe (FIFO), not a regular file' },
    });
    expect(document.results[1]?.checks.map((check) => check.status)).toEqual(['failed', 'skipped']);
  });

  it('writes hidden characters as \\u escapes: the same strings once parsed, none of them raw', () => {
    const raw = formatJson([hostile, notGraded], { seed: SEED });
    expect(raw).not.toMatch(RAW_HIDDEN);
    expect(raw).toContain('"file": "d-\\\\xFF-\\u202egnp.ts\\u2028"');
    const [timedOut, refused] = (JSON.parse(raw) as JsonResults).results;
    expect(timedOut?.file).toBe('b\u001b[2J.ts');
    expect(timedOut?.checks[0]?.message).toBe(hostile.report.checks[0]?.message);
    expect(refused?.file).toBe(notGraded.file);
  });
});

describe('formatJunit', () => {
  const root = parseXml(formatJunit([nonFinite, hostile, passed], { seed: SEED }));
  const suites = descendants(root, 'testsuite');
  const suiteAt = (index: number) => {
    const suite = suites[index];
    if (!suite) throw new Error(`no testsuite ${index}`);
    return suite;
  };

  it('counts tests, failures, errors and skipped per suite and in total', () => {
    expect(suites.map((suite) => suite.attributes)).toEqual([
      { name: 'a.ts', tests: '3', failures: '2', errors: '0', skipped: '0', time: '1.234' },
      { name: 'b\\u001B[2J.ts', tests: '2', failures: '0', errors: '1', skipped: '1', time: '1.234' },
      { name: 'c.ts', tests: '1', failures: '0', errors: '0', skipped: '0', time: '1.234' },
    ]);
    expect(root.attributes).toMatchObject({ tests: '6', failures: '2', errors: '1', skipped: '1', time: '3.702' });
  });

  it('reports a failed check of a timed-out run as an error, with the message intact but safe', () => {
    const [error] = descendants(suiteAt(1), 'error');
    expect(error?.attributes).toEqual({
      message: 'Stopped: "<&>" \\u0007\\u001B[31m\r\n2 passed, 0 failed\n\\uD800',
      type: 'timeout',
    });
  });

  it('puts the evidence in the failure body and the console in system-out', () => {
    const [failure] = descendants(suiteAt(0), 'failure');
    expect(failure?.text).toBe('At x = -1: expected NaN, got Infinity.\nexpected NaN, got Infinity — the example, element 0, input NaN');
    const [out] = descendants(suiteAt(0), 'system-out');
    expect(out?.text).toBe('[log] hello\\u0000 <world>\n(2 more lines dropped)');
  });

  it('carries the seed in every suite, and a not-graded path as a suite whose first check is an error', () => {
    const xml = formatJunit([passed, notGraded], { seed: SEED });
    expect(xml).not.toMatch(RAW_HIDDEN);
    const [ok, refused] = descendants(parseXml(xml), 'testsuite');
    expect(propertiesOf(ok)).toEqual({ verdict: 'passed', summary: 'passed summary', seed: SEED, score: '0', maxScore: '0' });
    expect(propertiesOf(refused)).toMatchObject({ verdict: 'error', seed: SEED, notGraded: 'not-a-file', score: '0', maxScore: '2' });
    expect(refused?.attributes).toMatchObject({ name: 'd-\\xFF-\\u202Egnp.ts\\u2028', tests: '2', errors: '1', skipped: '1' });
    expect(descendants(refused!, 'error')[0]?.attributes.message).toBe('Not graded: it is a named pipe (FIFO), not a regular file.');
  });
});

describe('formatJunit points', () => {
  it('carries score and maxScore as properties of each suite and of each test case, before its outcome', () => {
    const [suite] = descendants(parseXml(formatJunit([partial], { seed: SEED })), 'testsuite');
    expect(propertiesOf(suite)).toMatchObject({ score: '2', maxScore: '5' });
    const cases = descendants(suite!, 'testcase');
    expect(cases.map((testCase) => [testCase.attributes.name, propertiesOf(testCase)])).toEqual([
      ['Module loads', { score: '0', maxScore: '0' }],
      ['Forward values', { score: '2', maxScore: '2' }],
      ['Gradient', { score: '0', maxScore: '3' }],
    ]);
    // JUnit readers expect <properties> first in a test case, then its failure.
    expect(cases[2]?.children.map((child) => child.name)).toEqual(['properties', 'failure']);
  });
});

describe('formatClassroom', () => {
  it("writes GitHub Classroom's result: a test per check scored by its points, out of the batch's maximum", () => {
    const result = JSON.parse(formatClassroom([partial, notGraded])) as ClassroomResult;
    expect(result).toMatchObject({ version: 1, status: 'fail', max_score: 7 });
    expect(result.tests.map(({ name, status, score, line_no }) => [name, status, score, line_no])).toEqual([
      ['e.ts: Module loads', 'pass', 0, 0],
      ['e.ts: Forward values', 'pass', 2, 0],
      ['e.ts: Gradient', 'fail', 0, 7],
      // A run that broke is an error, as in JUnit; the names are inert, as in the text report.
      ['d-\\xFF-\\u202Egnp.ts\\u2028: Module loads', 'error', 0, 0],
      ['d-\\xFF-\\u202Egnp.ts\\u2028: Forward values', 'fail', 0, 0],
    ]);
    // What the grading reporter hands Classroom: the sum of the tests' scores out of max_score.
    expect(result.tests.reduce((sum, test) => sum + test.score, 0)).toBe(2);
    expect(result.tests[2]?.message).toBe('Wrong sign.');
    expect(JSON.parse(formatClassroom([passed])) as ClassroomResult).toMatchObject({ status: 'pass', max_score: 0 });
  });
});

describe('formatText', () => {
  it('ends with the summary line alone, and shows each learner string on one inert line', () => {
    const text = formatText([nonFinite, hostile, passed, notGraded], { color: false, seed: SEED });
    const lines = text.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('1 passed, 3 failed');
    expect(lines.filter((line) => /^\s*\d+ passed, \d+ failed\s*$/.test(line))).toHaveLength(1);
    expect(text).not.toMatch(RAW_HIDDEN);
    expect(text).toContain('      Stopped: "<&>" \\u0007\\u001B[31m ↵ 2 passed, 0 failed ↵ \\uD800');
    expect(text).toContain('      expected NaN, got Infinity — the example, element 0, input NaN');
    expect(text).toContain('✗ timeout  b\\u001B[2J.ts  score 0/2  (1.2 s)');
  });

  it('shows each submission\'s score, each check\'s points, and the total above the seed', () => {
    const text = formatText([partial, notGraded], { color: false, seed: SEED });
    expect(text).toContain('✗ failed  e.ts  score 2/5  (1.2 s)\n');
    expect(text).toContain('  ✓ Module loads\n');
    expect(text).toContain('  ✓ Forward values  2/2 points\n');
    expect(text).toContain('  ✗ Gradient  0/3 points\n');
    expect(text).toContain('(not graded)');
    expect(text.trimEnd().split('\n').slice(-3)).toEqual([
      'total score 2/7',
      `seed ${SEED} (to grade again with the same cases: --seed ${SEED})`,
      '0 passed, 2 failed',
    ]);
  });

  it('shows a not-graded path with its reason only, and the seed just above the summary line', () => {
    const text = formatText([notGraded, passed], { color: false, seed: SEED });
    expect(text).toContain(
      '✗ error  d-\\xFF-\\u202Egnp.ts\\u2028  score 0/2  (not graded)\n  Not graded: it is a named pipe (FIFO), not a regular file.\n\n',
    );
    expect(text).not.toContain('Not run: the file was not graded.');
    expect(text.trimEnd().split('\n').slice(-2)).toEqual([`seed ${SEED} (to grade again with the same cases: --seed ${SEED})`, '1 passed, 1 failed']);
  });

  it('colours only when asked to, and never the summary line', () => {
    const plain = formatText([passed], { color: false, seed: SEED });
    const coloured = formatText([passed], { color: true, seed: SEED });
    expect(plain).not.toContain('\u001b[');
    expect(coloured).toContain('\u001b[32m✓ passed\u001b[39m');
    expect(coloured.trimEnd().split('\n').at(-1)).toBe('1 passed, 0 failed');
  });
});
