/**
 * The course this build serves: course.json's title and policy, and its problems in its order, with the page's
 * content (statements and hints). The page reads problems from here only.
 */
import courseJson from '../../course.json';
import { parseCourse, problemsOfCourse } from '../core/course.ts';
import { PROBLEM_CONTENT, type ProblemContent } from './content.ts';

const course = parseCourse(courseJson);

export const COURSE = {
  title: course.title,
  solutionPolicy: course.solutionPolicy,
  problems: problemsOfCourse(course, PROBLEM_CONTENT) as readonly ProblemContent[],
} as const;
