/** Written by build/course-plugin.ts from the course file, once validated. */
declare module 'virtual:course' {
  import type { Course } from './core/course.ts';
  export const course: Course;
}

/**
 * The course's reference solutions, one lazy loader per problem that has one, keyed `./<slug>/solution.ts`;
 * empty under the `never` policy.
 */
declare module 'virtual:course-solutions' {
  export const solutions: Readonly<Record<string, () => Promise<string>>>;
}
