/**
 * A problem is one folder: in a scratch copy of the repository, src/problems/fixed-point-sqrt is copied to a
 * new folder and only `slug` and `title` change in its problem.json. Nothing else is edited, and the copy is
 * a second, working problem: the CLI lists it and grades against it (its solution passes, its fixtures get
 * their `// @expect` verdicts, a `// problem:` line selects it), and the page's build carries it.
 *
 * The rule between folders and the course (README, "Grading a folder of submissions"): the CLI grades every
 * folder; course.json orders the problems, sets their time limits and decides what the page shows. A course
 * that lists its problems (as this repository's does) shows a new folder once it is listed there, one line;
 * a course without a `problems` list shows every folder. The test checks the rule for the course.json the
 * repository ships, then lists the copy and builds the page.
 */
import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListedProblem } from '../../src/cli/list.ts';
import { gradeWith, parseResults, type Run } from '../cli/run-grader.ts';
import { fixturesOf } from '../support/fixtures.ts';
import { copyProblem, scratchCopy, type Scratch } from '../support/scratch.ts';

const ORIGINAL = 'fixed-point-sqrt';
const COPY = { slug: 'copied-kata', title: 'A copied kata: the square root, once more' };
const GRADE_TIMEOUT_MS = 240_000;
/** Vite's production build of the whole page: about 40 s on this 2-core machine when it is busy. */
const BUILD_TIMEOUT_MS = 300_000;

let scratch: Scratch;

function grade(...args: string[]): Promise<Run> {
  return gradeWith({ cwd: scratch.root, initCwd: scratch.root, env: scratch.env }, ...args);
}

async function listed(): Promise<ListedProblem[]> {
  const run = await grade('--list', '--format', 'json');
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  return (JSON.parse(run.stdout) as { problems: ListedProblem[] }).problems;
}

/**
 * The slugs of the course the page shows, read from the page's own course module (src/problems/course.ts)
 * as Vite serves it for the scratch copy: what the index lists, without a browser.
 */
async function pageCourseSlugs(): Promise<string[]> {
  const server = await createServer({
    root: scratch.root,
    configFile: join(scratch.root, 'vite.config.ts'),
    server: { middlewareMode: true, hmr: false, watch: null },
    appType: 'custom',
    logLevel: 'error',
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  try {
    const module = (await server.ssrLoadModule('/src/problems/course.ts')) as { COURSE: { problems: readonly { meta: { slug: string } }[] } };
    return module.COURSE.problems.map((problem) => problem.meta.slug);
  } finally {
    await server.close();
  }
}

beforeAll(async () => {
  scratch = await scratchCopy('copied-folder', 'all');
  await copyProblem(scratch.root, ORIGINAL, COPY);
}, 60_000);

afterAll(() => scratch?.remove());

describe('a problem folder copied with a new slug and title', () => {
  it('differs from the original in those two values only', async () => {
    const read = async (slug: string) => readFile(join(scratch.root, 'src/problems', slug, 'problem.json'), 'utf8');
    const [original, copy] = [await read(ORIGINAL), await read(COPY.slug)];
    const changedLines = copy.split('\n').filter((line, index) => line !== original.split('\n')[index]);
    expect(changedLines.map((line) => line.trim())).toEqual([`"slug": "${COPY.slug}",`, `"title": "${COPY.title}",`]);
    const { slug: _slug, title: _title, ...rest } = JSON.parse(copy) as Record<string, unknown>;
    const { slug: _originalSlug, title: _originalTitle, ...originalRest } = JSON.parse(original) as Record<string, unknown>;
    expect(rest).toEqual(originalRest);
    const folder = (slug: string) => readdir(join(scratch.root, 'src/problems', slug), { recursive: true });
    expect((await folder(COPY.slug)).sort()).toEqual((await folder(ORIGINAL)).sort());
  });

  it(
    'is listed by the CLI, in the course or out of it as course.json says',
    async () => {
      const course = JSON.parse(await readFile(join(scratch.root, 'course.json'), 'utf8')) as { problems?: { slug: string }[] };
      const copy = (await listed()).find((problem) => problem.slug === COPY.slug);
      expect(copy).toMatchObject({ title: COPY.title, entry: 'fixedPointSqrt' });
      // A course that lists its problems leaves a new folder out of the page until it is listed; one that
      // lists none is every folder. The CLI says so, and the page's course agrees.
      const inCourse = course.problems === undefined;
      expect(copy?.inCourse).toBe(inCourse);
      expect((await pageCourseSlugs()).includes(COPY.slug)).toBe(inCourse);
    },
    GRADE_TIMEOUT_MS,
  );

  it(
    "grades against it with --problem: its solution passes every check, its fixtures get their @expect verdicts",
    async () => {
      const folder = `src/problems/${COPY.slug}`;
      const fixtures = fixturesOf(ORIGINAL);
      const run = await grade(`${folder}/solution.ts`, `${folder}/fixtures`, '--problem', COPY.slug, '--format', 'json');
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 1, stderr: '' });
      const [solution, ...graded] = parseResults(run.stdout).results;
      expect(solution).toMatchObject({ file: `${folder}/solution.ts`, problem: COPY.slug, verdict: 'passed' });
      expect(solution?.checks.every((check) => check.status === 'passed')).toBe(true);
      expect(solution?.score).toBe(solution?.maxScore);

      expect(graded.map((result) => result.problem)).toEqual(fixtures.map(() => COPY.slug));
      expect(
        graded.map((result) => ({
          file: result.file,
          verdict: result.verdict,
          firstFailing: result.checks.find((check) => check.status === 'failed')?.id ?? null,
        })),
      ).toEqual(
        fixtures.map((fixture) => ({ file: `${folder}/fixtures/${fixture.name}`, verdict: fixture.expectedVerdict, firstFailing: fixture.failingCheck })),
      );
      fixtures.forEach((fixture, index) => {
        if (fixture.message) expect(graded[index]?.checks.find((check) => check.status === 'failed')?.message).toContain(fixture.message);
      });
    },
    GRADE_TIMEOUT_MS,
  );

  it(
    'grades a file that names it with `// problem:`, and does not guess for one that only exports the shared entry',
    async () => {
      const solution = await readFile(join(scratch.root, 'src/problems', COPY.slug, 'solution.ts'), 'utf8');
      await writeFile(join(scratch.root, 'named.ts'), `// problem: ${COPY.slug}\n${solution}`);
      await writeFile(join(scratch.root, 'unnamed.ts'), solution);
      const run = await grade('named.ts', 'unnamed.ts', '--format', 'json');
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 1, stderr: '' });
      const [named, unnamed] = parseResults(run.stdout).results;
      expect(named).toMatchObject({ file: 'named.ts', problem: COPY.slug, verdict: 'passed' });
      // Both folders export fixedPointSqrt: the file must say which it solves, and is told how.
      expect(unnamed).toMatchObject({ file: 'unnamed.ts', problem: null, verdict: 'error', notGraded: { code: 'ambiguous-problem' } });
      expect(unnamed?.summary).toBe(
        `Not graded: it exports \`fixedPointSqrt\`, the entry of 2 problems (${[ORIGINAL, COPY.slug].join(', ')}), so which one it solves is ambiguous: name its problem with a first line \`// problem: <slug>\`, or grade it with --problem <slug>.`,
      );
    },
    GRADE_TIMEOUT_MS,
  );

  it(
    'is in the course once course.json lists it, and the page builds with it',
    async () => {
      const coursePath = join(scratch.root, 'course.json');
      const course = JSON.parse(await readFile(coursePath, 'utf8')) as { problems?: { slug: string }[] };
      if (course.problems) {
        await writeFile(coursePath, `${JSON.stringify({ ...course, problems: [...course.problems, { slug: COPY.slug }] }, null, 2)}\n`);
      }
      expect((await listed()).find((problem) => problem.slug === COPY.slug)?.inCourse).toBe(true);
      expect(await pageCourseSlugs()).toContain(COPY.slug);

      const outDir = join(scratch.root, 'dist-with-copy');
      const build = await run('npx', ['vite', 'build', '--outDir', outDir, '--logLevel', 'error'], scratch.root);
      expect(build.code, build.output).toBe(0);
      const built = await Promise.all(
        (await readdir(outDir, { recursive: true }))
          .filter((path) => /\.(html|js)$/.test(path))
          .map(async (path) => ({ path, text: await readFile(join(outDir, path), 'utf8') })),
      );
      expect(built.filter(({ text }) => text.includes(COPY.title)).length).toBeGreaterThan(0);
    },
    BUILD_TIMEOUT_MS,
  );
});

function run(command: string, args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: scratch.env });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}
