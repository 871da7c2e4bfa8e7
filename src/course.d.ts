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

/**
 * Each problem's "Why it matters" (its insight.ts), one lazy loader per problem that has one, by slug; empty
 * under the `never` policy. Imported by the insight worker only.
 */
declare module 'virtual:course-insights' {
  import type { ProblemInsight } from './insight/problem-insight.ts';
  export const insights: Readonly<Record<string, () => Promise<ProblemInsight>>>;
}

/** The slugs of the problems that have a "Why it matters" in this build; empty under `never`. */
declare module 'virtual:course-insight-slugs' {
  export const insightSlugs: readonly string[];
}
