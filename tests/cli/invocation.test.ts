/**
 * The command as instructors and CI jobs call it: from their own directory through npm, with `--help`, and
 * with a seed drawn per run or given back to replay a grade.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HELP_WIDTH } from '../../src/cli/help.ts';
import { SUBMISSION_MAX_BYTES } from '../../src/cli/read-submission.ts';
import { SANDBOX_HEAP_LIMIT_MB } from '../../src/cli/sandbox.ts';
import { SANDBOX_FOOTPRINT_CAP_MB } from '../../src/worker/footprint.ts';
import { TENSOR_MEMORY_CAP_MB } from '../../src/worker/harden.ts';
import problem from '../../src/problems/fixed-point-sqrt/problem.json';
import { grade, gradeWith, parseResults, ROOT } from './run-grader.ts';
import { descendants, parseXml } from './xml.ts';

const SPAWN_TEST_TIMEOUT_MS = 90_000;
const FIXTURES = join(ROOT, 'tests/fixtures');
const RIGHT = 'cli/right-graded-alongside.ts';
/** Its forward check's message names a random input: it shows which cases a seed drew. */
const FIVE_STEPS = 'src/problems/fixed-point-sqrt/fixtures/wrong-five-steps.ts';
const SOLUTION = 'src/problems/fixed-point-sqrt/solution.ts';

describe('npm run grade, as typed in a directory of its own', () => {
  it(
    'resolves relative paths against INIT_CWD and names files as typed there',
    async () => {
      const [direct, npm] = await Promise.all([
        // As npm starts the script: in the package's root, saying where the command was typed.
        gradeWith({ initCwd: FIXTURES }, RIGHT, '../fixtures/cli/missing.ts', '--format', 'json'),
        // Through npm itself, typed in tests/fixtures; npm sets INIT_CWD.
        gradeWith(
          { cwd: FIXTURES, command: ['npm', 'run', 'grade', '--silent', '--'] },
          RIGHT,
          '--format',
          'json',
        ),
      ]);
      expect(direct.code).toBe(1);
      expect(parseResults(direct.stdout).results.map(({ file, verdict }) => ({ file, verdict }))).toEqual([
        { file: RIGHT, verdict: 'passed' },
        { file: '../fixtures/cli/missing.ts', verdict: 'error' },
      ]);
      expect(npm.code).toBe(0);
      expect(parseResults(npm.stdout).results.map(({ file, verdict }) => ({ file, verdict }))).toEqual([{ file: RIGHT, verdict: 'passed' }]);
    },
    SPAWN_TEST_TIMEOUT_MS,
  );
});

describe('npm run grade --help', () => {
  it('documents every option, format, exit code and limit, within 80 columns', async () => {
    const { code, stdout, stderr, progress } = await grade('--help');
    expect({ code, stderr, progress }).toEqual({ code: 0, stderr: '', progress: [] });
    for (const option of ['--problem <slug>', '--format <format>[=<file>]', '--seed <seed>', '--list', '-h, --help']) {
      expect(stdout).toContain(option);
    }
    for (const format of ['text ', 'json ', 'junit ', 'classroom ']) expect(stdout).toMatch(new RegExp(`^  ${format}`, 'm'));
    expect(stdout).toContain('`// problem: <slug>`');
    expect(stdout).toContain(`${problem.slug} (${problem.entry})`);
    expect(stdout).toMatch(/^ {2}0 {2}every submission passed$/m);
    expect(stdout).toMatch(/^ {2}1 {2}some did not/m);
    expect(stdout).toMatch(/^ {2}2 {2}a usage error/m);
    expect(stdout).toContain(`${problem.slug}: ${problem.timeLimitMs / 1000} s`);
    expect(stdout).toContain(`1 MB (${SUBMISSION_MAX_BYTES} bytes) per submission`);
    expect(stdout).toContain(`${SANDBOX_HEAP_LIMIT_MB} MB of JavaScript heap, ${TENSOR_MEMORY_CAP_MB} MB of tensors,`);
    expect(stdout).toContain(`${SANDBOX_FOOTPRINT_CAP_MB} MB of heap and ArrayBuffers together`);
    expect(stdout).toContain('INIT_CWD');
    expect(stdout).toContain('Symbolic links');
    const lines = stdout.trimEnd().split('\n');
    expect(lines.filter((line) => [...line].length > HELP_WIDTH)).toEqual([]);
    expect((await grade('-h')).stdout).toBe(stdout);
  }, SPAWN_TEST_TIMEOUT_MS);
});

describe('npm run grade --seed', () => {
  it(
    'draws a fresh seed per run, prints it in every format, and replays a grade exactly with it',
    async () => {
      const [fresh, freshAgain, replayed, replayedAgain, otherSeed, text, junit] = await Promise.all([
        grade(FIVE_STEPS, SOLUTION, '--format', 'json'),
        grade(FIVE_STEPS, SOLUTION, '--format', 'json'),
        grade(FIVE_STEPS, SOLUTION, '--format', 'json', '--seed', 'replay-me-1'),
        grade(FIVE_STEPS, SOLUTION, '--format', 'json', '--seed', 'replay-me-1'),
        grade(FIVE_STEPS, SOLUTION, '--format', 'json', '--seed', 'another-seed'),
        grade(SOLUTION, '--seed', 'replay-me-1'),
        grade(SOLUTION, '--format', 'junit', '--seed', 'replay-me-1'),
      ]);
      const [a, b, c, d, e] = [fresh, freshAgain, replayed, replayedAgain, otherSeed].map((run) => {
        expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 1, stderr: '' });
        return parseResults(run.stdout);
      });
      expect(a?.seed).toMatch(/^[0-9a-f]{16}$/);
      expect(b?.seed).toMatch(/^[0-9a-f]{16}$/);
      expect(a?.seed).not.toBe(b?.seed);

      expect(c?.seed).toBe('replay-me-1');
      const checksOf = (document: typeof c) => document?.results.map((result) => result.checks);
      expect(checksOf(d)).toEqual(checksOf(c));
      // The seed reaches the cases: another one draws other inputs, named in the forward check's message.
      const forwardOf = (document: typeof c) => document?.results[0]?.checks.find((check) => check.id === 'forward')?.message;
      expect(forwardOf(c)).toContain('For random case');
      expect(forwardOf(e)).not.toBe(forwardOf(c));
      expect(checksOf(e)?.[1]?.every((check) => check.status === 'passed')).toBe(true);

      expect(text.code).toBe(0);
      expect(text.stdout.trimEnd().split('\n').slice(-2)).toEqual([
        'seed replay-me-1 (to grade again with the same cases: --seed replay-me-1)',
        '1 passed, 0 failed',
      ]);
      expect(text.progress[0]).toBe('grading 1 submission with seed replay-me-1');
      const seedProperty = descendants(parseXml(junit.stdout), 'property').find((property) => property.attributes.name === 'seed');
      expect(seedProperty?.attributes.value).toBe('replay-me-1');
    },
    SPAWN_TEST_TIMEOUT_MS,
  );
});
