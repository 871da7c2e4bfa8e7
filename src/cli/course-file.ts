/**
 * Finding and reading the course file, for the page's build (build/course-plugin.ts) and the CLI alike: one
 * environment variable, one default, one set of messages. It lives with the CLI because the grading package
 * ships src/cli and not build/.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { parseCourse, type Course } from '../core/course.ts';

/** Names another course file than course.json: a path, absolute or relative to the project's root. */
export const COURSE_FILE_ENV = 'IMPLICIT_KATA_COURSE';
export const DEFAULT_COURSE_FILE = 'course.json';

/** The course file's absolute path: `file`, else IMPLICIT_KATA_COURSE, else course.json, resolved from `root`. */
export function courseFilePath(root: string, file?: string, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = file ?? (env[COURSE_FILE_ENV] || DEFAULT_COURSE_FILE);
  return isAbsolute(chosen) ? chosen : resolve(root, chosen);
}

/** A path as messages show it: relative to `root`, with `/`, when it is inside it. */
export function displayPath(root: string, path: string): string {
  const inside = relative(root, path);
  return inside.startsWith('..') || isAbsolute(inside) ? path : inside.split(sep).join('/');
}

/** Reads and validates the course file's keys. Throws an Error whose message names the file (as `name`). */
export function readCourseFile(path: string, name: string): Course {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const why = (error as NodeJS.ErrnoException | null)?.code === 'ENOENT' ? 'there is no such file' : String(error);
    throw new Error(`${name}: the course file cannot be read (${why}); ${COURSE_FILE_ENV} or course.json names it`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`${name} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseCourse(raw, name);
}
