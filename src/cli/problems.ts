/**
 * The problems, read from src/problems on disk: the command-line twin of the page's `catalog.ts`, which finds
 * the same files through Vite's glob imports. Both hand them to `buildCatalog`, so both validate them alike.
 *
 * The rule between the folders and the course (README, "Grading a folder of submissions"): the CLI grades
 * against every folder of src/problems. The course file (course.json, or the one IMPLICIT_KATA_COURSE names,
 * as for the page's build) orders them and sets the time limits of those it lists,
 * in the CLI as in the page; a course that lists its problems shows only those in the page, and a folder it
 * does not list is still graded, with its own problem.json's time limit, and marked as outside the course.
 */
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { problemsOfCourse } from '../core/course.ts';
import { courseFilePath, displayPath, readCourseFile } from './course-file.ts';
import { buildCatalog, type ProblemFiles, type ProblemSource } from '../problems/build-catalog.ts';
import { UsageError } from './usage-error.ts';

const PROBLEMS_DIR = fileURLToPath(new URL('../problems/', import.meta.url));
const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A problem as the CLI grades it: the course's time limit applied, and whether the course lists it. */
export type GradingProblem = ProblemSource & { readonly inCourse: boolean };

export async function loadProblems(): Promise<ProblemSource[]> {
  const metas: Record<string, unknown> = {};
  const graders: Record<string, unknown> = {};
  const starters: Record<string, string> = {};
  const solutions: Record<string, () => Promise<string>> = {};
  const folders = (await readdir(PROBLEMS_DIR, { withFileTypes: true })).filter((entry) => entry.isDirectory());
  for (const { name } of folders) {
    const files = new Set(await readdir(join(PROBLEMS_DIR, name)));
    if (!files.has('problem.json')) continue;
    // Keys as the page's globs spell them, so that buildCatalog pairs the files the same way.
    const key = (file: string) => `./${name}/${file}`;
    const path = (file: string) => join(PROBLEMS_DIR, name, file);
    metas[key('problem.json')] = parseJson(await readFile(path('problem.json'), 'utf8'), `src/problems/${name}/problem.json`);
    if (files.has('grader')) {
      const module = (await import(pathToFileURL(path('grader/index.ts')).href)) as { grader?: unknown };
      graders[key('grader/index.ts')] = module.grader;
    }
    if (files.has('starter.ts')) starters[key('starter.ts')] = await readFile(path('starter.ts'), 'utf8');
    // Grading never needs it (the grading package leaves it out): read only if asked for.
    if (files.has('solution.ts')) solutions[key('solution.ts')] = () => readFile(path('solution.ts'), 'utf8');
  }
  const problemFiles: ProblemFiles = { metas, graders, starters, solutions };
  return buildCatalog(problemFiles);
}

/**
 * Every problem folder, the course's first in its order with its time limits, then the folders it does not
 * list, by slug. Throws when course.json is missing or invalid, or lists a slug that has no folder: the
 * page's build refuses the same course.
 */
export async function loadGradingProblems(): Promise<GradingProblem[]> {
  const course = readCourse();
  const available = await loadProblems();
  const listed = problemsOfCourse(course, available);
  const inCourse = new Set(listed.map((problem) => problem.meta.slug));
  const others = available.filter((problem) => !inCourse.has(problem.meta.slug));
  // A course without `problems` is every folder: then nothing is outside it.
  return [
    ...listed.map((problem) => ({ ...problem, inCourse: true })),
    ...others.map((problem) => ({ ...problem, inCourse: false })),
  ];
}

function readCourse() {
  const path = courseFilePath(PROJECT_ROOT);
  return readCourseFile(path, displayPath(PROJECT_ROOT, path));
}

/** The problem `--problem` names; an unknown slug is a usage error that lists the known ones. */
export function problemNamed<P extends ProblemSource>(problems: readonly P[], slug: string): P {
  const chosen = problems.find((problem) => problem.meta.slug === slug);
  if (chosen) return chosen;
  const slugs = problems.map((problem) => problem.meta.slug).join(', ');
  throw new UsageError(
    problems.length === 0 ? `unknown problem '${slug}': there is no problem in src/problems` : `unknown problem '${slug}': known problems are ${slugs}`,
  );
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${source} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}
