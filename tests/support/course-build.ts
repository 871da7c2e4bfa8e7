/**
 * Builds the page for a course of a test's own, into a temporary directory (never the repository's dist/),
 * and looks through what came out for the reference solutions.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { COURSE_FILE_ENV } from '../../build/course-plugin.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PROBLEMS_DIR = join(ROOT, 'src/problems');

/** Every problem folder of src/problems, by slug. */
export function problemSlugs(): string[] {
  return readdirSync(PROBLEMS_DIR)
    .filter((name) => existsSync(join(PROBLEMS_DIR, name, 'problem.json')))
    .sort();
}

export type CourseBuild = {
  /** The output directory. */
  readonly dir: string;
  /** Removes it, and the course file. */
  remove(): void;
};

/** `vite build` with the repository's config, IMPLICIT_KATA_COURSE naming `course` written to a file. */
export async function buildCourse(course: object): Promise<CourseBuild> {
  const work = mkdtempSync(join(tmpdir(), 'implicit-kata-course-'));
  const courseFile = join(work, 'course.json');
  const dir = join(work, 'dist');
  writeFileSync(courseFile, JSON.stringify(course, null, 2));
  const previous = { course: process.env[COURSE_FILE_ENV], nodeEnv: process.env.NODE_ENV };
  process.env[COURSE_FILE_ENV] = courseFile;
  // Vitest sets NODE_ENV to "test", which would make a development build (no service worker registered).
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: join(ROOT, 'vite.config.ts'),
      root: ROOT,
      logLevel: 'error',
      build: { outDir: dir, emptyOutDir: true },
    });
  } finally {
    restore(COURSE_FILE_ENV, previous.course);
    restore('NODE_ENV', previous.nodeEnv);
  }
  return { dir, remove: () => rmSync(work, { recursive: true, force: true }) };
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** Every file under `dir`, as paths relative to it. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

export type SolutionLine = { readonly slug: string; readonly line: string };

/**
 * Lines of each problem's solution.ts that its starter.ts does not have (and long enough to be telling): a
 * file holding one of them holds the solution, in whatever quotes a bundler put around it.
 */
export function distinctiveSolutionLines(): SolutionLine[] {
  return problemSlugs().flatMap((slug) => {
    const solutionPath = join(PROBLEMS_DIR, slug, 'solution.ts');
    if (!existsSync(solutionPath)) return [];
    const starterPath = join(PROBLEMS_DIR, slug, 'starter.ts');
    const starterLines = new Set(
      existsSync(starterPath) ? readFileSync(starterPath, 'utf8').split('\n').map((line) => line.trim()) : [],
    );
    return readFileSync(solutionPath, 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.length >= 20 && !starterLines.has(line))
      .map((line) => ({ slug, line }));
  });
}

/** The ways a line of text may be written inside a bundled JavaScript string. */
function spellings(line: string): string[] {
  const doubleQuoted = JSON.stringify(line).slice(1, -1);
  const singleQuoted = line.replaceAll('\\', '\\\\').replaceAll("'", "\\'");
  const backticked = line.replaceAll('\\', '\\\\').replaceAll('`', '\\`').replaceAll('${', '\\${');
  return [...new Set([line, doubleQuoted, singleQuoted, backticked])];
}

/** Which files under `dir` hold which solution lines. */
export function filesHoldingSolutions(dir: string, lines: readonly SolutionLine[]): { file: string; slug: string; line: string }[] {
  return filesUnder(dir).flatMap((file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    return lines
      .filter(({ line }) => spellings(line).some((spelling) => text.includes(spelling)))
      .map(({ slug, line }) => ({ file, slug, line }));
  });
}
