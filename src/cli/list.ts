import { formatLimit } from '../core/judge.ts';
import { sumPoints } from '../core/report.ts';
import { FORMAT } from './args.ts';
import { visible } from './escape.ts';
import type { GradingProblem } from './problems.ts';

/** Bumped like the results document's: when a field changes meaning or goes away. */
export const PROBLEM_LIST_SCHEMA_VERSION = 1;

export type ListedProblem = {
  readonly slug: string;
  readonly title: string;
  readonly entry: string;
  readonly difficulty: string;
  /** As the CLI applies it: course.json's for the problems it lists, else problem.json's. */
  readonly timeLimitMs: number;
  readonly points: Readonly<Record<string, number>>;
  readonly maxScore: number;
  /** Listed by course.json (or every folder, when it lists none): shown in the page. */
  readonly inCourse: boolean;
};

/** `--list`: every problem the grader would grade against, the course's first, in its order. */
export function formatProblemList(problems: readonly GradingProblem[], format: typeof FORMAT.text | typeof FORMAT.json): string {
  const listed = problems.map(
    ({ meta, inCourse }): ListedProblem => ({
      slug: meta.slug,
      title: meta.title,
      entry: meta.entry,
      difficulty: meta.difficulty,
      timeLimitMs: meta.timeLimitMs,
      points: meta.points,
      maxScore: sumPoints(Object.values(meta.points)),
      inCourse,
    }),
  );
  if (format === FORMAT.json) return `${JSON.stringify({ schemaVersion: PROBLEM_LIST_SCHEMA_VERSION, problems: listed }, null, 2)}\n`;
  const blocks = listed.map((problem) =>
    [
      `${problem.slug}  ${visible(problem.title)}`,
      `  exports ${problem.entry}, ${problem.maxScore} points, time limit ${formatLimit(problem.timeLimitMs)}, ${problem.difficulty}`,
      problem.inCourse
        ? '  in the course'
        : "  not in the course: course.json lists its problems and not this one, so the page leaves it out; the grader grades it",
    ].join('\n'),
  );
  return `${blocks.join('\n')}\n${listed.length} problem${listed.length === 1 ? '' : 's'}\n`;
}
