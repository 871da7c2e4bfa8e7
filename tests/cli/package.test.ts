/**
 * `npm pack` makes the grader a package of its own: its file list holds what grading needs and no reference
 * solution, and the real tarball, unpacked beside nothing but the production dependencies, grades with its
 * bin as an instructor's CI would run it.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../../package.json';
import { fixturesOf, problemSlugs } from '../support/fixtures.ts';
import { linkProductionDependencies, productionPackages, REPO_ROOT } from '../support/scratch.ts';
import { gradeWith, parseResults } from './run-grader.ts';

const run = promisify(execFile);
const PACK_TIMEOUT_MS = 120_000;
const SPAWN_TEST_TIMEOUT_MS = 180_000;
const BIN = packageJson.bin['implicit-kata-grade'];

type PackResult = { filename: string; files: { path: string }[] };

async function pack(...args: string[]): Promise<PackResult> {
  const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', ...args], { cwd: REPO_ROOT, maxBuffer: 16 * 2 ** 20 });
  const [result] = JSON.parse(stdout) as PackResult[];
  if (!result) throw new Error('npm pack printed no result');
  return result;
}

describe('npm pack --dry-run', () => {
  it(
    'lists the bin, the course, the grader and its sandbox, each problem\'s metadata, starter and grader, and no solution',
    async () => {
      const files = (await pack('--dry-run')).files.map((file) => file.path).sort();
      expect(files).toContain(BIN);
      for (const needed of ['course.json', 'package.json', 'src/cli/main.ts', 'src/cli/sandbox-thread.ts', 'src/core/judge.ts', 'src/worker/measure.ts', 'src/problems/build-catalog.ts']) {
        expect(files).toContain(needed);
      }
      for (const slug of problemSlugs()) {
        for (const file of ['problem.json', 'starter.ts', 'grader/index.ts']) expect(files).toContain(`src/problems/${slug}/${file}`);
      }
      // What grading never reads stays out: the answers above all (a right fixture is one too), then the page.
      expect(files.filter((path) => /\/(solution\.ts|fixtures\/)/.test(path))).toEqual([]);
      expect(files.filter((path) => /^(src\/ui|tests|build|scripts|public|dist)\//.test(path) || path === 'index.html')).toEqual([]);
    },
    PACK_TIMEOUT_MS,
  );

  it('declares a bin, and keeps everything grading imports out of devDependencies', () => {
    expect(packageJson.bin).toEqual({ 'implicit-kata-grade': 'bin/grade.js' });
    const dependencies = Object.keys(packageJson.dependencies);
    for (const needed of ['tsx', 'esbuild', 'typescript', 'ses', '@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu', 'sucrase', 'valibot']) {
      expect(dependencies).toContain(needed);
    }
  });
});

describe('the packed tarball', () => {
  let root: string;
  let packageDir: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'grade-package-'));
    const { filename } = await pack('--pack-destination', root);
    await run('tar', ['-xzf', join(root, filename), '-C', root]);
    packageDir = join(root, 'package');
    // What `npm ci --omit=dev` would install beside it, and nothing else: no dev tool can be reached from it.
    await linkProductionDependencies(REPO_ROOT, packageDir);
  }, PACK_TIMEOUT_MS);

  afterAll(() => rm(root, { recursive: true, force: true }));

  it(
    'grades a folder with its bin and only the production dependencies, paths relative to where it runs',
    async () => {
      const slug = 'fixed-point-sqrt';
      const work = join(root, 'course-repo');
      await mkdir(join(work, 'submissions'), { recursive: true });
      const solution = await readFile(join(REPO_ROOT, 'src/problems', slug, 'solution.ts'), 'utf8');
      const wrong = fixturesOf(slug).find((fixture) => fixture.name === 'wrong-five-steps.ts');
      if (!wrong) throw new Error('the fixture wrong-five-steps.ts is gone');
      await writeFile(join(work, 'submissions', 'alice.ts'), solution);
      await writeFile(join(work, 'submissions', 'bob.ts'), `// problem: ${slug}\n${wrong.source}`);

      const bin = { cwd: work, command: [process.execPath, join(packageDir, BIN)] };
      const [graded, listed] = await Promise.all([
        // INIT_CWD points elsewhere, as it does when the bin runs from another package's npm script: ignored.
        gradeWith({ ...bin, initCwd: REPO_ROOT }, 'submissions', '--format', 'json', '--format', 'junit=junit.xml'),
        gradeWith({ ...bin, initCwd: REPO_ROOT }, '--list', '--format', 'json'),
      ]);
      expect({ code: graded.code, stderr: graded.stderr }).toEqual({ code: 1, stderr: '' });
      const { results, totals } = parseResults(graded.stdout);
      expect(results.map(({ file, problem, verdict }) => ({ file, problem, verdict }))).toEqual([
        { file: 'submissions/alice.ts', problem: slug, verdict: 'passed' },
        { file: 'submissions/bob.ts', problem: slug, verdict: wrong.expectedVerdict },
      ]);
      expect(results[1]?.checks.find((check) => check.status === 'failed')?.id).toBe(wrong.failingCheck);
      expect(totals.score).toBeGreaterThan(results[0]?.maxScore ?? 0);
      expect(totals.score).toBeLessThan(totals.maxScore);
      expect(await readFile(join(work, 'junit.xml'), 'utf8')).toContain('<testsuite name="submissions/alice.ts"');

      expect(listed.code).toBe(0);
      const { problems } = JSON.parse(listed.stdout) as { problems: { slug: string }[] };
      expect(problems.map((problem) => problem.slug).sort()).toEqual(problemSlugs());
    },
    SPAWN_TEST_TIMEOUT_MS,
  );

  it('is installed with far fewer packages than the whole repository', async () => {
    const lock = JSON.parse(await readFile(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
    const all = Object.keys(lock.packages).filter((path) => path.split('node_modules/').length === 2).length;
    const production = await productionPackages(REPO_ROOT);
    // The page's packages (Monaco, React, KaTeX, the full tfjs) are for building it, not for grading.
    for (const pageOnly of ['monaco-editor', 'react', 'react-dom', 'katex', '@tensorflow/tfjs']) expect(production).not.toContain(pageOnly);
    expect(production.length).toBeLessThan(all / 4);
  });
});
