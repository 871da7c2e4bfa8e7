/**
 * The course this build serves: the course file's title and policy, and its problems in its order, with the
 * page's content (statements and hints). The page reads problems from here only. The course comes validated
 * from build/course-plugin.ts (course.json, or the file IMPLICIT_KATA_COURSE names), so a mistake in it
 * fails the build rather than this page.
 */
import { course } from 'virtual:course';
import { problemsOfCourse } from '../core/course.ts';
import { PROBLEM_CONTENT, type ProblemContent } from './content.ts';

export const COURSE = {
  title: course.title,
  solutionPolicy: course.solutionPolicy,
  problems: problemsOfCourse(course, PROBLEM_CONTENT) as readonly ProblemContent[],
} as const;
