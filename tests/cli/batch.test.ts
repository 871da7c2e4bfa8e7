/**
 * One path cannot cost the others their report: a batch of real submissions mixed with every kind of path
 * that cannot be graded, through the real command, in all three formats. The batch is built in a temporary
 * folder from real fixture files, since names that are not UTF-8, named pipes, links and 24 MB files cannot
 * live in git.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonResult } from '../../src/cli/formats/json.ts';
import { SUBMISSION_MAX_BYTES } from '../../src/cli/read-submission.ts';
import { firstSyntaxError } from '../../src/cli/syntax.ts';
import { grade, parseResults, type Run } from './run-grader.ts';
import { descendants, parseXml } from './xml.ts';
import problem from '../../src/problems/fixed-point-sqrt/problem.json';

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;
const SOLUTION = new URL('../../src/problems/fixed-point-sqrt/solution.ts', import.meta.url).pathname;
const SYNTAX_ERROR = new URL('../../src/problems/fixed-point-sqrt/fixtures/wrong-syntax-error.ts', import.meta.url).pathname;
/** Root bypasses file permissions, but not the kernel's own mode on sysctl files: reading this is EACCES. */
const WRITE_ONLY = '/proc/sys/vm/drop_caches';
/** Generous: two formats' worth of sandboxes on a 2-core machine shared with other test files. */
const BATCH_TEST_TIMEOUT_MS = 180_000;
const MAX_SCORE = Object.values(problem.points).reduce((sum, points) => sum + points, 0);
/** What no output may contain raw: C0 (but tab and line feed) and C1 controls, bidi controls, U+2028/9. */
const RAW_HIDDEN = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;
const HOSTILE_NAME = 'h-\u001b[2J\u202Egnp.ts\u2028-all-passed.ts';
const HOSTILE_NAME_SHOWN = 'h-\\u001B[2J\\u202Egnp.ts\\u2028-all-passed.ts';

function isWriteOnly(path: string): boolean {
  try {
    readFileSync(path);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EACCES';
  }
}

/** The source padded at its end with a comment, to exactly `size` bytes. */
function padded(source: string, size: number): Buffer {
  const head = Buffer.from(`${source}\n//`);
  return Buffer.concat([head, Buffer.alloc(size - head.length, 'x')]);
}

let dir: string;
let folder: string;
/** What each path should end as: verdict, and the not-graded code if it is one. */
let expected: { file: string; verdict: string; notGraded: string | null }[];
let runs: { json: Run; text: Run; junit: Run };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'grade-batch-'));
  folder = join(dir, 'submissions');
  await mkdir(folder);
  const at = (name: string) => join(folder, name);
  const syntaxError = readFileSync(SYNTAX_ERROR, 'utf8');
  await copyFile(SOLUTION, at('a-solution.ts'));
  await copyFile(join(FIXTURES, 'cli/right-graded-alongside.ts'), Buffer.concat([Buffer.from(at('b-caf')), Buffer.from([0xe9]), Buffer.from('.ts')]));
  await writeFile(at('c-latin1.ts'), Buffer.concat([Buffer.from('// caf'), Buffer.from([0xe9]), Buffer.from(`\n${readFileSync(SOLUTION, 'utf8')}`)]));
  execFileSync('mkfifo', [at('d-pipe.ts')]);
  await symlink(at('a-solution.ts'), at('e-link.ts'));
  await writeFile(at('f-huge-syntax-error.ts'), padded(syntaxError, 24 * 2 ** 20));
  await writeFile(at('g-at-limit-syntax-error.ts'), padded(syntaxError, SUBMISSION_MAX_BYTES));
  await copyFile(join(FIXTURES, 'cli-io/hidden-characters.ts'), at(HOSTILE_NAME));

  const shown = (name: string) => `${folder}/${name}`;
  const readable = isWriteOnly(WRITE_ONLY) ? [WRITE_ONLY] : [];
  expected = [
    { file: shown('a-solution.ts'), verdict: 'passed', notGraded: null },
    { file: shown('b-caf\\xE9.ts'), verdict: 'passed', notGraded: null },
    { file: shown('c-latin1.ts'), verdict: 'error', notGraded: 'not-utf8' },
    { file: shown('d-pipe.ts'), verdict: 'error', notGraded: 'not-a-file' },
    { file: shown('e-link.ts'), verdict: 'error', notGraded: 'symlink' },
    { file: shown('f-huge-syntax-error.ts'), verdict: 'error', notGraded: 'too-large' },
    { file: shown('g-at-limit-syntax-error.ts'), verdict: 'error', notGraded: null },
    { file: shown(HOSTILE_NAME), verdict: 'error', notGraded: null },
    { file: join(dir, 'missing.ts'), verdict: 'error', notGraded: 'missing' },
    ...readable.map((file) => ({ file, verdict: 'error', notGraded: 'unreadable' })),
  ];
  // The problem named, as an assignment's grading would: a path that cannot be read still counts its maximum.
  const paths = [folder, join(dir, 'missing.ts'), ...readable, '--problem', problem.slug];
  const [json, text, junit] = await Promise.all([
    grade(...paths, '--format', 'json'),
    grade(...paths),
    grade(...paths, '--format', 'junit'),
  ]);
  runs = { json: json!, text: text!, junit: junit! };
}, BATCH_TEST_TIMEOUT_MS);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const resultOf = (results: readonly JsonResult[], file: string) => results.find((result) => result.file === file);

describe('npm run grade on a batch with paths that cannot be graded', () => {
  it('gives every path an entry, with exit code 1 rather than 2, and grades the good files normally', async () => {
    const { code, stdout, stderr } = runs.json;
    expect({ code, stderr }).toEqual({ code: 1, stderr: '' });
    const { results } = parseResults(stdout);
    expect(results.map((result) => ({ file: result.file, verdict: result.verdict, notGraded: result.notGraded?.code ?? null }))).toEqual(
      expected,
    );
    for (const result of results.filter((candidate) => candidate.notGraded)) {
      expect(result.summary).toBe(`Not graded: ${result.notGraded?.reason}.`);
      expect(result.checks[0]).toMatchObject({ status: 'failed', message: result.summary });
      expect(result.checks.slice(1).every((check) => check.status === 'skipped')).toBe(true);
      expect(result.durationMs).toBe(0);
    }
    const passed = results.filter((result) => result.passed);
    expect(passed).toHaveLength(2);
    expect(passed.every((result) => result.checks.every((check) => check.status === 'passed'))).toBe(true);
    expect(resultOf(results, `${folder}/f-huge-syntax-error.ts`)?.notGraded?.reason).toBe(
      `it is ${24 * 2 ** 20} bytes, over the 1 MB (${SUBMISSION_MAX_BYTES}-byte) limit for a submission, so it was not read`,
    );
    expect(resultOf(results, `${folder}/d-pipe.ts`)?.notGraded?.reason).toBe('it is a named pipe (FIFO), not a regular file');
    expect(resultOf(results, `${folder}/e-link.ts`)?.notGraded?.reason).toContain('symbolic link');
    // A file of exactly the limit is graded, and its syntax error placed by the parent's TypeScript parser.
    const precise = await firstSyntaxError(readFileSync(SYNTAX_ERROR, 'utf8'));
    expect(resultOf(results, `${folder}/g-at-limit-syntax-error.ts`)?.checks[0]?.location).toEqual({ line: precise?.line, column: precise?.column });
  });

  it('reports each finished submission on stderr, escaped, when stderr is not a terminal', () => {
    const { progress, stderr } = runs.json;
    expect(stderr).toBe('');
    const { seed } = parseResults(runs.json.stdout);
    expect(progress[0]).toBe(`grading ${expected.length} submissions with seed ${seed}`);
    const finished = progress.slice(1);
    expect(finished.map((line) => /^graded (\d+)\/(\d+) /.exec(line)?.slice(1))).toEqual(
      expected.map((_, index) => [String(index + 1), String(expected.length)]),
    );
    // In the order they finished: compare as sets, each name once, escaped like the reports.
    const lineOf = ({ file, verdict }: { file: string; verdict: string }) =>
      `  ${verdict.padEnd(7)}  ${file.replace('\u001b', '\\u001B').replace('\u202E', '\\u202E').replace('\u2028', '\\u2028')}`;
    expect(finished.map((line) => line.replace(/^graded \d+\/\d+/, '')).sort()).toEqual(expected.map(lineOf).sort());
    expect(progress.join('\n')).not.toMatch(RAW_HIDDEN);
  });

  it('keeps file names and learner text inert in the text report', () => {
    const { code, stdout, stderr } = runs.text;
    expect({ code, stderr }).toEqual({ code: 1, stderr: '' });
    expect(stdout).not.toMatch(RAW_HIDDEN);
    const lines = stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toBe(`2 passed, ${expected.length - 2} failed`);
    expect(lines.filter((line) => /^\s*\d+ passed, \d+ failed\s*$/.test(line))).toHaveLength(1);
    expect(stdout).toContain(`✓ passed  ${folder}/b-caf\\xE9.ts`);
    expect(stdout).toContain(`✗ error  ${folder}/${HOSTILE_NAME_SHOWN}`);
    expect(stdout).toContain('thrown: clear\\u001B[2J csi\\u009B31m rlo\\u202Eevil\\u202C lri\\u2066x\\u2069 lrm\\u200E alm\\u061C ls\\u2028ps\\u2029 del\\u007F');
    // Not read, so no point earned, out of the problem's total: still one submission's worth.
    expect(stdout).toContain(`✗ error  ${folder}/d-pipe.ts  score 0/${MAX_SCORE}  (not graded)\n  Not graded: it is a named pipe (FIFO), not a regular file.\n`);
  });

  it('keeps the JSON report valid, every string intact, and none of the hidden characters raw', () => {
    const { stdout } = runs.json;
    expect(stdout).not.toMatch(RAW_HIDDEN);
    expect(stdout).toContain('h-\\u001b[2J\\u202egnp.ts\\u2028-all-passed.ts');
    const hostile = resultOf(parseResults(stdout).results, `${folder}/${HOSTILE_NAME}`);
    expect(hostile?.checks[0]?.message).toContain('thrown: clear\u001b[2J csi\u009b31m rlo\u202Eevil\u202C');
    expect(hostile?.console.lines.map((line) => line.text)).toEqual([
      'log: clear\u001b[2J csi\u009b31m rlo\u202Eevil\u202C lri\u2066x\u2069 lrm\u200E alm\u061C ls\u2028ps\u2029 del\u007F',
      '\u2028all passed\u2029\n1 passed, 0 failed',
    ]);
  });

  it('keeps the JUnit report well-formed, with an error case for every path that was not graded', () => {
    const { code, stdout, stderr } = runs.junit;
    expect({ code, stderr }).toEqual({ code: 1, stderr: '' });
    expect(stdout).not.toMatch(RAW_HIDDEN);
    const suites = descendants(parseXml(stdout), 'testsuite');
    const shownName = (file: string) => file.replace('\u001b', '\\u001B').replace('\u202E', '\\u202E').replace('\u2028', '\\u2028');
    expect(suites.map((suite) => suite.attributes.name)).toEqual(expected.map(({ file }) => shownName(file)));
    suites.forEach((suite, index) => {
      const notGraded = descendants(suite, 'property').find((property) => property.attributes.name === 'notGraded');
      expect(notGraded?.attributes.value ?? null).toBe(expected[index]?.notGraded);
      if (expected[index]?.verdict === 'error') expect(descendants(suite, 'error')).toHaveLength(1);
    });
    const hostile = suites.find((suite) => suite.attributes.name?.startsWith(`${folder}/h-`));
    expect(descendants(hostile!, 'system-out')[0]?.text).toContain('[error] \\u2028all passed\\u2029\n1 passed, 0 failed');
  });
});
