/**
 * build/course-plugin.ts: the course file's mistakes stop Vite with a message that names the file and the key;
 * a valid file comes out as the page's `virtual:course` and `virtual:course-solutions`.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { build, createServer } from 'vite';
import {
  COURSE_FILE_ENV,
  courseFilePath,
  courseModuleCode,
  loadCourse,
  solutionChunkProblem,
  solutionsModuleCode,
} from '../../build/course-plugin.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = join(ROOT, 'tests/fixtures/course');
const FIXTURE_PROBLEMS = join(FIXTURES, 'problems');
const CONFIG_FILE = join(ROOT, 'vite.config.ts');

/** Loads a fixture course against the fixture problems (alpha, beta, broken). */
const loadFixture = (name: string) => loadCourse(join(FIXTURES, name), { root: ROOT, problemsDir: FIXTURE_PROBLEMS });
const errorOf = (name: string): string => {
  try {
    loadFixture(name);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${name} was accepted`);
};

describe('the course file: what is refused, and how it is said', () => {
  test('an unknown key, named', () => {
    expect(errorOf('course-unknown-key.json')).toBe(
      'tests/fixtures/course/course-unknown-key.json is not valid: hideSolution: unknown key',
    );
  });

  test('an unknown key of a problem, with its place in the list', () => {
    expect(errorOf('course-unknown-problem-key.json')).toBe(
      'tests/fixtures/course/course-unknown-problem-key.json is not valid: problems.0.timeLimit: unknown key',
    );
  });

  test('a slug with no folder, with the folders there are', () => {
    expect(errorOf('course-unknown-slug.json')).toBe(
      "tests/fixtures/course/course-unknown-slug.json is not valid: problems.1.slug: 'cube-root' is not a folder " +
        'of tests/fixtures/course/problems with a problem.json (there are: alpha, beta, broken)',
    );
  });

  test('a slug listed twice, named', () => {
    expect(errorOf('course-repeated-slug.json')).toBe(
      "tests/fixtures/course/course-repeated-slug.json is not valid: problems: 'alpha' is listed twice",
    );
  });

  test('a policy that does not exist, with the ones that do', () => {
    expect(errorOf('course-bad-policy.json')).toBe(
      'tests/fixtures/course/course-bad-policy.json is not valid: solutionPolicy: must be one of "after-pass", ' +
        '"on-request", "never", not "after-hints"',
    );
  });

  test("a listed problem whose problem.json is not valid, with that file's own mistake", () => {
    expect(errorOf('course-invalid-problem.json')).toBe(
      "tests/fixtures/course/course-invalid-problem.json: problems.0.slug: 'broken' has no valid problem.json: " +
        'tests/fixtures/course/problems/broken/problem.json is not a valid problem.json: timeLimitMs: Invalid key: ' +
        'Expected "timeLimitMs" but received undefined; timeLimitMS: unknown key',
    );
  });

  test('without a list, every folder is the course, so every folder must be valid', () => {
    expect(errorOf('course-every-folder.json')).toMatch(
      /^tests\/fixtures\/course\/course-every-folder\.json: problems: 'broken' has no valid problem\.json: /,
    );
  });

  test('text that is not JSON, and a file that is not there', () => {
    expect(errorOf('course-not-json.json')).toMatch(/^tests\/fixtures\/course\/course-not-json\.json is not valid JSON: /);
    expect(errorOf('course-missing.json')).toBe(
      `tests/fixtures/course/course-missing.json: the course file cannot be read (there is no such file); ${COURSE_FILE_ENV} or course.json names it`,
    );
  });
});

describe('a valid course file', () => {
  test('keeps its order and time limits, and lists the solutions there are', () => {
    const loaded = loadFixture('course-valid.json');
    expect(loaded.name).toBe('tests/fixtures/course/course-valid.json');
    expect(loaded.slugs).toEqual(['beta', 'alpha']);
    expect(loaded.course.problems).toEqual([{ slug: 'beta', timeLimitMs: 8000 }, { slug: 'alpha' }]);
    // beta has no solution.ts: it is left out, not an error.
    expect([...loaded.solutionFiles.keys()]).toEqual(['alpha']);
    const code = solutionsModuleCode(loaded, ROOT);
    expect(code).toContain('"./alpha/solution.ts": () => import("/tests/fixtures/course/problems/alpha/solution.ts?raw")');
    expect(code).not.toContain('beta');
  });

  test('under `never`, the solutions module holds none', () => {
    const loaded = loadFixture('course-never.json');
    expect(loaded.solutionFiles.size).toBe(0);
    expect(solutionsModuleCode(loaded, ROOT)).toBe('export const solutions = {\n\n};\n');
  });

  test('the course module carries the course exactly as validated', async () => {
    const loaded = loadFixture('course-valid.json');
    const url = `data:text/javascript,${encodeURIComponent(courseModuleCode(loaded))}`;
    const module = (await import(/* @vite-ignore */ url)) as { course: unknown };
    expect(module.course).toEqual(loaded.course);
  });

  test("the repository's course.json, and one without a list: every folder of src/problems", () => {
    const problemsDir = join(ROOT, 'src/problems');
    const folders = readdirSync(problemsDir).filter((name) => existsSync(join(problemsDir, name, 'problem.json')));
    expect(loadCourse(join(ROOT, 'course.json'), { root: ROOT, problemsDir }).course.schemaVersion).toBe(1);
    const everyFolder = loadCourse(join(FIXTURES, 'course-every-folder.json'), { root: ROOT, problemsDir });
    expect([...everyFolder.slugs].sort()).toEqual(folders.sort());
    expect(everyFolder.solutionFiles.size).toBe(folders.filter((name) => existsSync(join(problemsDir, name, 'solution.ts'))).length);
  });

  test(`${COURSE_FILE_ENV} names the file, relative to the root or absolute`, () => {
    expect(courseFilePath(ROOT, undefined, {})).toBe(join(ROOT, 'course.json'));
    expect(courseFilePath(ROOT, undefined, { [COURSE_FILE_ENV]: 'courses/b.json' })).toBe(join(ROOT, 'courses/b.json'));
    expect(courseFilePath(ROOT, undefined, { [COURSE_FILE_ENV]: '/srv/course.json' })).toBe('/srv/course.json');
  });
});

describe("the build's guard on the solution chunks", () => {
  const solutionId = '/repo/src/problems/alpha/solution.ts?raw';
  const own = { fileName: 'assets/solution-alpha-Abc123.js', moduleIds: [solutionId] };
  const page = { fileName: 'assets/index-Xyz789.js', moduleIds: ['/repo/src/main.tsx'] };

  test('lets a solution in a chunk of its own through, unless the policy is never', () => {
    expect(solutionChunkProblem('after-pass', [page, own])).toBeNull();
    expect(solutionChunkProblem('on-request', [page, own])).toBeNull();
    expect(solutionChunkProblem('never', [page])).toBeNull();
    expect(solutionChunkProblem('never', [page, own])).toBe(
      `assets/solution-alpha-Abc123.js holds ${solutionId}, and the course's solution policy is "never"`,
    );
  });

  test('refuses a solution the service worker would not know by its name, or bundled with other code', () => {
    const inPage = { fileName: page.fileName, moduleIds: [...page.moduleIds, solutionId] };
    expect(solutionChunkProblem('after-pass', [inPage])).toMatch(/^assets\/index-Xyz789\.js holds .*: a solution must be a chunk of its own/);
    const misnamed = { fileName: 'assets/alpha-Abc123.js', moduleIds: [solutionId] };
    expect(solutionChunkProblem('on-request', [misnamed])).toMatch(/a solution must be a chunk of its own, named solution-\*$/);
  });
});

describe('Vite itself stops on a bad course file', () => {
  const previous = process.env[COURSE_FILE_ENV];
  afterEach(() => {
    if (previous === undefined) delete process.env[COURSE_FILE_ENV];
    else process.env[COURSE_FILE_ENV] = previous;
  });

  test('`vite build` fails with the message, before building anything', async () => {
    process.env[COURSE_FILE_ENV] = 'tests/fixtures/course/course-unknown-key.json';
    await expect(
      build({ configFile: CONFIG_FILE, root: ROOT, logLevel: 'silent', build: { outDir: join(ROOT, 'node_modules/.never-written') } }),
    ).rejects.toThrow('tests/fixtures/course/course-unknown-key.json is not valid: hideSolution: unknown key');
    expect(existsSync(join(ROOT, 'node_modules/.never-written'))).toBe(false);
  });

  test('the dev server does not start on one', async () => {
    process.env[COURSE_FILE_ENV] = 'tests/fixtures/course/course-bad-policy.json';
    await expect(
      createServer({ configFile: CONFIG_FILE, root: ROOT, logLevel: 'silent', server: { watch: null } }),
    ).rejects.toThrow('course-bad-policy.json is not valid: solutionPolicy: must be one of');
  });

  test('the dev server serves a good one as `virtual:course`', async () => {
    process.env[COURSE_FILE_ENV] = 'course.json';
    const server = await createServer({ configFile: CONFIG_FILE, root: ROOT, logLevel: 'silent', server: { watch: null } });
    try {
      const course = await server.environments.client.transformRequest('virtual:course');
      expect(course?.code).toContain('"solutionPolicy\\":');
      const solutions = await server.environments.client.transformRequest('virtual:course-solutions');
      const repository = loadCourse(join(ROOT, 'course.json'), { root: ROOT, problemsDir: join(ROOT, 'src/problems') });
      expect(repository.solutionFiles.size).toBeGreaterThan(0);
      for (const slug of repository.solutionFiles.keys()) expect(solutions?.code).toContain(`./${slug}/solution.ts`);
    } finally {
      await server.close();
    }
  });

  test('the dev server takes an edit of the course file, and shows a bad one as an error until it is fixed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'course-dev-'));
    const file = join(dir, 'course.json');
    const write = (extra: object) =>
      writeFileSync(file, JSON.stringify({ schemaVersion: 1, solutionPolicy: 'on-request', ...extra }));
    write({ title: 'First title' });
    process.env[COURSE_FILE_ENV] = file;
    const server = await createServer({ configFile: CONFIG_FILE, root: ROOT, logLevel: 'silent', server: { watch: null } });
    const courseCode = async () => (await server.environments.client.transformRequest('virtual:course'))?.code ?? '';
    try {
      expect(await courseCode()).toContain('First title');
      write({ title: 'First title', hideSolution: true });
      server.watcher.emit('all', 'change', file);
      await expect(courseCode()).rejects.toThrow(`${file} is not valid: hideSolution: unknown key`);
      write({ title: 'Second title' });
      server.watcher.emit('all', 'change', file);
      expect(await courseCode()).toContain('Second title');
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
