/**
 * The grader with several problems: in a scratch copy of the repository with a second problem folder (the
 * sqrt kata copied under another slug, title and entry), one folder mixing both katas is graded without
 * --problem, each file against its own problem, and every file that cannot be matched gets an entry that
 * says how to match it.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClassroomResult } from '../../src/cli/formats/classroom.ts';
import type { JsonResult } from '../../src/cli/formats/json.ts';
import type { ListedProblem } from '../../src/cli/list.ts';
import sqrtMeta from '../../src/problems/fixed-point-sqrt/problem.json';
import { copyProblem, scratchCopy, type Scratch } from '../support/scratch.ts';
import { gradeWith, parseResults, type Run } from './run-grader.ts';
import { descendants, parseXml } from './xml.ts';
import { COURSE_FILE_ENV } from '../../src/cli/course-file.ts';

const TWIN = { slug: 'sqrt-twin', title: 'The square root again, under another name', entry: 'twinSqrt' };
const SPAWN_TEST_TIMEOUT_MS = 180_000;
const MAX_SCORE = Object.values(sqrtMeta.points).reduce((sum, points) => sum + points, 0);

let scratch: Scratch;
let sources: { solution: string; misnamed: string; syntaxError: string; twinSolution: string };
/** Every problem of the scratch copy as the grader orders them: the course's, then the others by slug. */
let ordered: { slug: string; entry: string; inCourse: boolean }[];

function grade(...args: string[]): Promise<Run> {
  return gradeWith({ cwd: scratch.root, initCwd: scratch.root, env: scratch.env }, ...args);
}

beforeAll(async () => {
  scratch = await scratchCopy('grade-problems', 'all');
  await copyProblem(scratch.root, 'fixed-point-sqrt', TWIN);
  const read = (path: string) => readFile(join(scratch.root, 'src/problems', path), 'utf8');
  const course = JSON.parse(await readFile(join(scratch.root, 'course.json'), 'utf8')) as { problems?: { slug: string }[] };
  const folders = (await readdir(join(scratch.root, 'src/problems'), { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const inCourse = course.problems?.map((problem) => problem.slug) ?? folders;
  ordered = await Promise.all(
    [...inCourse, ...folders.filter((slug) => !inCourse.includes(slug))].map(async (slug) => ({
      slug,
      entry: (JSON.parse(await read(`${slug}/problem.json`)) as { entry: string }).entry,
      inCourse: inCourse.includes(slug),
    })),
  );
  sources = {
    solution: await read('fixed-point-sqrt/solution.ts'),
    misnamed: await read('fixed-point-sqrt/fixtures/wrong-misnamed-export.ts'),
    syntaxError: await read('fixed-point-sqrt/fixtures/wrong-syntax-error.ts'),
    twinSolution: await read(`${TWIN.slug}/solution.ts`),
  };
}, 60_000);

afterAll(() => scratch?.remove());

describe('a folder that mixes katas, without --problem', () => {
  it(
    'grades each file against the problem it names or exports, and explains each file it cannot match',
    async () => {
      const subs = join(scratch.root, 'subs');
      await mkdir(subs);
      await mkdir(join(scratch.root, 'out'));
      const files: Record<string, string> = {
        '1-sqrt.ts': sources.solution,
        '2-twin.ts': sources.twinSolution,
        // Named by its first line: graded against the twin, whose entry it lacks.
        '3-header.ts': `// problem: ${TWIN.slug}\n${sources.solution}`,
        '4-misnamed.ts': sources.misnamed,
        '5-both.ts': `${sources.solution}\nexport const ${TWIN.entry} = fixedPointSqrt;\n`,
        '6-unknown.ts': `// problem: no-such-kata\n${sources.solution}`,
        '7-syntax.ts': sources.syntaxError,
      };
      for (const [name, source] of Object.entries(files)) await writeFile(join(subs, name), source);

      const run = await grade(
        'subs',
        'subs/absent.ts',
        '--seed',
        'mixed-1',
        '--format',
        'json',
        '--format',
        'junit=out/junit.xml',
        '--format',
        'classroom=out/classroom.json',
      );
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 1, stderr: '' });
      const { totals, results } = parseResults(run.stdout);
      const summary = (result: JsonResult) => ({
        file: result.file,
        problem: result.problem,
        verdict: result.verdict,
        score: result.score,
        maxScore: result.maxScore,
        notGraded: result.notGraded?.code ?? null,
      });
      expect(results.map(summary)).toEqual([
        { file: 'subs/1-sqrt.ts', problem: 'fixed-point-sqrt', verdict: 'passed', score: MAX_SCORE, maxScore: MAX_SCORE, notGraded: null },
        { file: 'subs/2-twin.ts', problem: TWIN.slug, verdict: 'passed', score: MAX_SCORE, maxScore: MAX_SCORE, notGraded: null },
        { file: 'subs/3-header.ts', problem: TWIN.slug, verdict: 'error', score: 0, maxScore: MAX_SCORE, notGraded: null },
        { file: 'subs/4-misnamed.ts', problem: null, verdict: 'error', score: 0, maxScore: 0, notGraded: 'no-matching-problem' },
        { file: 'subs/5-both.ts', problem: null, verdict: 'error', score: 0, maxScore: 0, notGraded: 'ambiguous-problem' },
        { file: 'subs/6-unknown.ts', problem: null, verdict: 'error', score: 0, maxScore: 0, notGraded: 'unknown-problem' },
        { file: 'subs/7-syntax.ts', problem: 'fixed-point-sqrt', verdict: 'error', score: 0, maxScore: MAX_SCORE, notGraded: null },
        // Never read, and no problem to hold it against: an entry of its own all the same.
        { file: 'subs/absent.ts', problem: null, verdict: 'error', score: 0, maxScore: 0, notGraded: 'missing' },
      ]);
      expect(totals).toEqual({ submissions: 8, passed: 2, failed: 6, score: 2 * MAX_SCORE, maxScore: 4 * MAX_SCORE });

      const byFile = (name: string) => results.find((result) => result.file === `subs/${name}`);
      expect(byFile('3-header.ts')?.summary).toContain(`No export named \`${TWIN.entry}\``);
      const entries = ordered.map(({ slug, entry }) => `\`${entry}\` for ${slug}`).join(', ');
      expect(byFile('4-misnamed.ts')?.summary).toBe(
        `Not graded: it exports \`fixedPointSQRT\`, which is no problem's entry (${entries}), so the grader cannot tell which problem it solves: name its problem with a first line \`// problem: <slug>\`, or grade it with --problem <slug>.`,
      );
      expect(byFile('4-misnamed.ts')?.checks).toEqual([
        expect.objectContaining({ id: 'problem', status: 'failed', points: 0, maxPoints: 0 }),
      ]);
      expect(byFile('5-both.ts')?.summary).toContain(`it exports \`fixedPointSqrt\` and \`${TWIN.entry}\`, the entry of 2 problems`);
      expect(byFile('6-unknown.ts')?.summary).toContain(`names no problem (the problems are ${ordered.map(({ slug }) => slug).join(', ')})`);
      // Inferred from a file TypeScript could still read, and then placed by its parser, as with one problem.
      expect(byFile('7-syntax.ts')?.checks[0]?.message).toMatch(/^Syntax error at line 8/);

      // The same run's other reports, written where they were asked for, with the same points.
      const junit = parseXml(await readFile(join(scratch.root, 'out/junit.xml'), 'utf8'));
      const suites = descendants(junit, 'testsuite');
      expect(suites.map((suite) => suite.attributes.name)).toEqual(results.map((result) => result.file));
      const suiteScores = suites.map((suite) => {
        const properties = suite.children.find((child) => child.name === 'properties')?.children ?? [];
        const value = (name: string) => properties.find((property) => property.attributes.name === name)?.attributes.value;
        return [value('score'), value('maxScore')];
      });
      expect(suiteScores).toEqual(results.map((result) => [String(result.score), String(result.maxScore)]));
      expect(descendants(suites[3]!, 'testcase')[0]?.attributes.classname).toBe('no-problem');

      const classroom = JSON.parse(await readFile(join(scratch.root, 'out/classroom.json'), 'utf8')) as ClassroomResult;
      expect(classroom.max_score).toBe(totals.maxScore);
      expect(classroom.tests.reduce((sum, test) => sum + test.score, 0)).toBe(totals.score);
      expect(classroom.status).toBe('fail');
    },
    SPAWN_TEST_TIMEOUT_MS,
  );
});

describe('--problem and --list with several problems', () => {
  it(
    'forces one problem for every file, refuses an unknown one, and lists every problem with its course status',
    async () => {
      const [forced, unknown, list, listJson] = await Promise.all([
        grade(`src/problems/fixed-point-sqrt/solution.ts`, `src/problems/${TWIN.slug}/solution.ts`, '--problem', TWIN.slug, '--format', 'json'),
        grade('src/problems/fixed-point-sqrt/solution.ts', '--problem', 'no-such-kata'),
        grade('--list'),
        grade('--list', '--format', 'json'),
      ]);
      expect(forced.code).toBe(1);
      expect(parseResults(forced.stdout).results.map(({ problem, verdict }) => ({ problem, verdict }))).toEqual([
        { problem: TWIN.slug, verdict: 'error' },
        { problem: TWIN.slug, verdict: 'passed' },
      ]);

      expect({ code: unknown.code, stdout: unknown.stdout }).toEqual({ code: 2, stdout: '' });
      expect(unknown.stderr).toBe(`grade: unknown problem 'no-such-kata': known problems are ${ordered.map(({ slug }) => slug).join(', ')}\n`);

      // A course that lists its problems does not list the copy: graded by the CLI, left out of the page, and said so.
      expect({ code: list.code, stderr: list.stderr }).toEqual({ code: 0, stderr: '' });
      const twinInCourse = ordered.find(({ slug }) => slug === TWIN.slug)?.inCourse;
      expect(list.stdout).toContain(
        `${TWIN.slug}  ${TWIN.title}\n  exports ${TWIN.entry}, ${MAX_SCORE} points, time limit 5 s, introductory\n  ${twinInCourse ? 'in the course' : 'not in the course'}`,
      );
      const { problems } = JSON.parse(listJson.stdout) as { problems: ListedProblem[] };
      expect(problems.map(({ slug, entry, inCourse }) => ({ slug, entry, inCourse }))).toEqual(ordered);
      expect(problems.find((listed) => listed.slug === TWIN.slug)).toMatchObject({ entry: TWIN.entry, maxScore: MAX_SCORE });
    },
    SPAWN_TEST_TIMEOUT_MS,
  );
});

describe('the course file', () => {
  it('is the one the page reads: IMPLICIT_KATA_COURSE or course.json, validated, its order and time limits applied', async () => {
    const other = join(scratch.root, 'section-b.json');
    await writeFile(
      other,
      JSON.stringify({ schemaVersion: 1, title: 'Section B', solutionPolicy: 'never', problems: [{ slug: TWIN.slug, timeLimitMs: 7000 }] }),
    );
    await writeFile(join(scratch.root, 'broken.json'), JSON.stringify({ schemaVersion: 1, title: 'x', solutionPolicy: 'never', hideSolution: true }));
    const withCourse = (file: string, ...args: string[]) =>
      gradeWith({ cwd: scratch.root, initCwd: scratch.root, env: { ...scratch.env, [COURSE_FILE_ENV]: file } }, ...args);
    const [listed, broken, missing] = await Promise.all([
      withCourse('section-b.json', '--list', '--format', 'json'),
      withCourse('broken.json', '--list'),
      withCourse(join(scratch.root, 'nowhere.json'), 'subs'),
    ]);
    const { problems } = JSON.parse(listed.stdout) as { problems: ListedProblem[] };
    expect(problems.map(({ slug, inCourse, timeLimitMs }) => ({ slug, inCourse, timeLimitMs }))).toEqual([
      { slug: TWIN.slug, inCourse: true, timeLimitMs: 7000 },
      // The folders this course leaves out, by slug: still graded, with their own time limits.
      ...ordered
        .map(({ slug }) => slug)
        .filter((slug) => slug !== TWIN.slug)
        .sort()
        .map((slug) => ({ slug, inCourse: false, timeLimitMs: expect.any(Number) })),
    ]);
    expect({ code: broken.code, stderr: broken.stderr }).toEqual({ code: 2, stderr: 'grade: broken.json is not valid: hideSolution: unknown key\n' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^grade: \S*nowhere\.json: the course file cannot be read \(there is no such file\)/);
  }, SPAWN_TEST_TIMEOUT_MS);
});
