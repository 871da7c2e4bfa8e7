/**
 * The command-line grader, end to end: each test spawns the real command, as an instructor or a CI job
 * would, and reads only what it prints and its exit code.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JsonResult } from '../../src/cli/formats/json.ts';
import { grade, parseResults } from './run-grader.ts';
import { firstSyntaxError } from '../../src/cli/syntax.ts';
import problem from '../../src/problems/fixed-point-sqrt/problem.json';
import { fixturesOf, problemSlugs, suiteFixturesOf, type Fixture } from '../support/fixtures.ts';
import { descendants, parseXml, type XmlElement } from './xml.ts';

const SOLUTION = 'src/problems/fixed-point-sqrt/solution.ts';
/** Each submission gets a worker thread that loads tfjs: a few seconds per run on 2 cores. */
const SPAWN_TEST_TIMEOUT_MS = 60_000;
/** The fixtures folder grows with every mistake worth teaching: about half a second per file on 2 cores. */
const FOLDER_TEST_TIMEOUT_MS = 120_000;
const SUMMARY_LINE = /^\s*\d+ passed, \d+ failed\s*$/;

/** What a fixture's `// @expect` header promises, in the shape of a result. */
function expected(fixture: Fixture, folder: string) {
  return { file: `${folder}/${fixture.name}`, verdict: fixture.expectedVerdict, firstFailing: fixture.failingCheck };
}

function observed(result: JsonResult) {
  return {
    file: result.file,
    verdict: result.verdict,
    firstFailing: result.checks.find((check) => check.status === 'failed')?.id ?? null,
  };
}

function lastLine(text: string): string {
  return text.trimEnd().split('\n').at(-1) ?? '';
}

/** A `<testsuite>`'s counts agree with its test cases. */
function expectConsistentSuite(suite: XmlElement): void {
  const cases = suite.children.filter((child) => child.name === 'testcase');
  const count = (name: string) => cases.filter((testCase) => testCase.children.some((child) => child.name === name)).length;
  expect(suite.attributes).toMatchObject({
    tests: String(cases.length),
    failures: String(count('failure')),
    errors: String(count('error')),
    skipped: String(count('skipped')),
  });
}

describe('npm run grade', () => {
  it(
    "grades each problem's fixtures folder in one JSON document, each fixture as its @expect header says",
    async () => {
      for (const slug of problemSlugs()) {
        const folder = `src/problems/${slug}/fixtures`;
        const fixtures = fixturesOf(slug);
        // Fixtures of a problem, some of which export no entry (that is their mistake): the problem is named.
        const { code, stdout, stderr } = await grade(folder, '--problem', slug, '--format', 'json');
        const document = parseResults(stdout);
        expect(document.schemaVersion).toBe(1);
        expect(document.results.map(observed)).toEqual(fixtures.map((fixture) => expected(fixture, folder)));
        expect(document.results.every((result) => result.problem === slug)).toBe(true);
        for (const fixture of fixtures.filter((candidate) => candidate.message)) {
          const result = document.results.find((candidate) => candidate.file === `${folder}/${fixture.name}`);
          expect(result?.checks.find((check) => check.status === 'failed')?.message, fixture.name).toContain(fixture.message);
        }
        expect(code, slug).toBe(1);
        // Not a TTY: nothing on stderr but the progress lines (run-grader.ts), not even tfjs's Node.js banner.
        expect(stderr, slug).toBe('');
      }
    },
    FOLDER_TEST_TIMEOUT_MS * problemSlugs().length,
  );

  it(
    "places a syntax error by TypeScript's parser, as in the page, not where the transpiler gave up",
    async () => {
      const folder = 'src/problems/fixed-point-sqrt/fixtures';
      const syntaxError = fixturesOf('fixed-point-sqrt').find((fixture) => fixture.name === 'wrong-syntax-error.ts');
      const { stdout } = await grade(`${folder}/wrong-syntax-error.ts`, '--format', 'json');
      const precise = syntaxError && (await firstSyntaxError(syntaxError.source));
      // Chosen by its export, which TypeScript still reads in the broken file, and then placed by the same parser.
      const [reported] = parseResults(stdout).results;
      expect(reported?.problem).toBe('fixed-point-sqrt');
      expect(precise).toBeTruthy();
      expect(reported?.checks[0]?.location).toEqual({ line: precise?.line, column: precise?.column });
    },
    SPAWN_TEST_TIMEOUT_MS,
  );

  it(
    'passes the reference solution in every format',
    async () => {
      const [text, json, junit] = await Promise.all([
        grade(SOLUTION),
        grade(SOLUTION, '--format', 'json'),
        grade(SOLUTION, '--format', 'junit'),
      ]);
      for (const run of [text, json, junit]) expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });

      expect(lastLine(text.stdout)).toBe('1 passed, 0 failed');
      expect(text.stdout).toContain(`✓ passed  ${SOLUTION}  score `);

      const [result] = parseResults(json.stdout).results;
      // Every point of the problem, and the same total in every format.
      const maxScore = Object.values(problem.points).reduce((sum, points) => sum + points, 0);
      expect(result).toMatchObject({ file: SOLUTION, problem: problem.slug, passed: true, verdict: 'passed', score: maxScore, maxScore });
      expect(text.stdout).toContain(`score ${maxScore}/${maxScore}`);
      const checks = result?.checks ?? [];
      expect(checks.length).toBeGreaterThan(0);
      expect(checks.every((check) => check.passed && check.status === 'passed')).toBe(true);

      const root = parseXml(junit.stdout);
      expect(root.name).toBe('testsuites');
      const suites = descendants(root, 'testsuite');
      expect(suites).toHaveLength(1);
      expect(suites[0]?.attributes.name).toBe(SOLUTION);
      const cases = descendants(root, 'testcase');
      expect(cases.map((testCase) => testCase.attributes.name)).toEqual(checks.map((check) => check.title));
      // A passed check has its points and nothing else: no failure, error or skipped.
      expect(cases.every((testCase) => testCase.attributes.classname === problem.slug)).toBe(true);
      expect(cases.map((testCase) => testCase.children.map((child) => child.name))).toEqual(checks.map(() => ['properties']));
      expect(root.attributes).toMatchObject({ tests: String(checks.length), failures: '0', errors: '0', skipped: '0' });
      const suiteScore = suites[0]?.children
        .find((child) => child.name === 'properties')
        ?.children.find((property) => property.attributes.name === 'score')?.attributes.value;
      expect(suiteScore).toBe(String(maxScore));
    },
    SPAWN_TEST_TIMEOUT_MS,
  );

  it(
    'stops with exit code 2 and a one-line reason on a usage error, and only then',
    async () => {
      const cases: [string[], string][] = [
        [[], 'no file or folder'],
        [[SOLUTION, '--format', 'xml'], "unknown format 'xml'"],
        [[SOLUTION, '--frobnicate'], "Unknown option '--frobnicate'"],
        [[SOLUTION, '--problem', 'no-such-problem'], "unknown problem 'no-such-problem'"],
        [[SOLUTION, '--seed', 'Not A Seed'], "invalid seed 'Not A Seed'"],
        [[SOLUTION, '--seed=-leading-dash'], "invalid seed '-leading-dash'"],
        [[SOLUTION, '--seed', '--format'], "Option '--seed' argument is ambiguous (usage: "],
        // What was typed is quoted escaped, like any text the grader did not write.
        [[SOLUTION, '--format', 'x\u001b[2J\u202E'], "unknown format 'x\\u001B[2J\\u202E'"],
      ];
      const runs = await Promise.all(cases.map(([args]) => grade(...args)));
      runs.forEach((run, index) => {
        const reason = cases[index]?.[1] ?? '';
        expect(run.code, reason).toBe(2);
        expect(run.stdout, reason).toBe('');
        expect(run.progress, reason).toEqual([]);
        expect(run.stderr, reason).toMatch(/^grade: [^\n]+\n$/);
        expect(run.stderr, reason).toContain(reason);
      });
    },
    SPAWN_TEST_TIMEOUT_MS,
  );

  it(
    'gives a missing path and a folder without .ts files an entry each, not exit code 2',
    async () => {
      const emptyFolder = await mkdtemp(join(tmpdir(), 'grade-empty-'));
      try {
        const { code, stdout, stderr } = await grade('tests/fixtures/does-not-exist', emptyFolder, '--format', 'json');
        expect({ code, stderr }).toEqual({ code: 1, stderr: '' });
        expect(parseResults(stdout).results.map(({ file, verdict, notGraded }) => ({ file, verdict, notGraded }))).toEqual([
          { file: 'tests/fixtures/does-not-exist', verdict: 'error', notGraded: { code: 'missing', reason: 'there is no such file or folder' } },
          { file: emptyFolder, verdict: 'error', notGraded: { code: 'empty-folder', reason: 'there is no .ts file in this folder' } },
        ]);
      } finally {
        await rm(emptyFolder, { recursive: true });
      }
    },
    SPAWN_TEST_TIMEOUT_MS,
  );

  it(
    'keeps hostile submissions from passing, from the report and from each other',
    async () => {
      const folder = 'tests/fixtures/cli';
      const fixtures = suiteFixturesOf('cli');
      const at = (name: string) => `${folder}/${name}`;
      // The whole folder once, in JSON, on its own: out-of-memory.ts takes about 3 s of its 5 s limit to reach
      // the heap's cap (V8 collects again and again just under it), and two more graders beside it on two cores
      // could push it past the limit. The text and JUnit runs then take only the submissions that aim at them.
      const json = await grade(folder, '--format', 'json');
      const [text, junit] = await Promise.all([
        grade(at('fake-report-output.ts'), at('throw-markup.ts'), at('right-graded-alongside.ts')),
        grade(at('throw-markup.ts'), at('endless-loop.ts'), '--format', 'junit'),
      ]);
      for (const run of [json, text, junit]) expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 1, stderr: '' });

      const { results } = parseResults(json.stdout);
      expect(results.map(observed)).toEqual(fixtures.map((fixture) => expected(fixture, folder)));
      for (const fixture of fixtures.filter((candidate) => candidate.message)) {
        const result = results.find((candidate) => candidate.file === `${folder}/${fixture.name}`);
        expect(result?.checks.find((check) => check.status === 'failed')?.message).toContain(fixture.message);
      }
      const resultOf = (name: string) => results.find((result) => result.file === at(name));
      // The locked-down sandbox has no `process` and refuses imports: these never get as far as running.
      expect(resultOf('exit-at-load.ts')?.summary).toContain("reading 'exit'");
      expect(resultOf('out-of-memory.ts')?.summary).toContain('out of memory');
      expect(resultOf('read-file.ts')?.summary).toContain('import');
      expect(resultOf('read-file.ts')?.console.lines).toEqual([]);
      const hangMs = resultOf('endless-loop.ts')?.durationMs ?? 0;
      // Timers may fire a hair early by performance.now(); the parent is otherwise idle, so barely late.
      expect(hangMs).toBeGreaterThanOrEqual(problem.timeLimitMs - 50);
      expect(hangMs).toBeLessThan(problem.timeLimitMs + 3_000);

      // The fake summary lines and escape sequences the submissions wrote or threw never make a line of their own.
      const lines = text.stdout.trimEnd().split('\n');
      expect(lines.at(-1)).toBe('1 passed, 2 failed');
      expect(lines.slice(0, -1).filter((line) => SUMMARY_LINE.test(line))).toEqual([]);
      expect(text.stdout).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
      expect(text.stdout).not.toContain('FORGED');

      const root = parseXml(junit.stdout);
      const suites = descendants(root, 'testsuite');
      expect(suites.map((suite) => suite.attributes.name)).toEqual([at('throw-markup.ts'), at('endless-loop.ts')]);
      suites.forEach(expectConsistentSuite);
      for (const count of ['tests', 'failures', 'errors', 'skipped']) {
        const sum = suites.reduce((total, suite) => total + Number(suite.attributes[count]), 0);
        expect(root.attributes[count], count).toBe(String(sum));
      }
      const totalMs = suites.reduce((total, suite) => total + Math.round(Number(suite.attributes.time) * 1000), 0);
      expect(root.attributes.time).toBe((totalMs / 1000).toFixed(3));
      const [markup, hang] = suites.map((suite) => descendants(suite, 'error'));
      expect(markup?.[0]?.attributes.message).toContain('</failure></testcase></testsuite><testsuite name="x"> & ]]>');
      expect(hang?.map((error) => error.attributes.type)).toEqual(['timeout']);
    },
    SPAWN_TEST_TIMEOUT_MS,
  );
});
