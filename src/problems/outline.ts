/**
 * The course in outline: its title and its problems' names, summaries and difficulties, in course order. This
 * is all the index needs, and all it downloads: the statements, hints and graders (`course.ts`) come with a
 * problem's workspace, in a chunk of their own. Both read the course (validated by build/course-plugin.ts) and the
 * problem.json files through the same functions, so the index lists exactly the problems the workspace can open, in the same order.
 */
import { course } from 'virtual:course';
import { problemsOfCourse } from '../core/course.ts';
import { parseProblemMeta, type ProblemMeta } from '../core/problem.ts';

export type ProblemOutline = Pick<ProblemMeta, 'slug' | 'title' | 'summary' | 'difficulty'>;

const metas = import.meta.glob<unknown>('./*/problem.json', { eager: true, import: 'default' });

const available = Object.entries(metas).map(([path, raw]) => ({
  meta: parseProblemMeta(raw, `src/problems/${path.split('/')[1] ?? path}/problem.json`),
}));

export const COURSE_OUTLINE = {
  title: course.title,
  problems: problemsOfCourse(course, available).map(({ meta }): ProblemOutline => ({
    slug: meta.slug,
    title: meta.title,
    summary: meta.summary,
    difficulty: meta.difficulty,
  })),
} as const;
