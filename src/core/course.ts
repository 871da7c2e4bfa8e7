import * as v from 'valibot';
import { DIFFICULTIES, describeIssues, type ProblemMeta } from './problem.ts';

/**
 * When the reference solution may be seen in the page: `after-pass` once the learner's code has passed,
 * `on-request` after the last hint whenever asked, `never` not at all (and no file of the build holds it).
 */
export const SOLUTION_POLICIES = ['after-pass', 'on-request', 'never'] as const;
export type SolutionPolicy = (typeof SOLUTION_POLICIES)[number];

const slug = v.pipe(v.string(), v.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'slug must be kebab-case'));

/**
 * `course.json` at the repository root: one file governs the page and the CLI. Unknown keys are refused, so a
 * misspelt setting fails the build instead of being silently ignored.
 */
export const CourseSchema = v.strictObject({
  schemaVersion: v.literal(1),
  /** Shown in the top bar, the document titles and the index. */
  title: v.pipe(v.string(), v.minLength(1), v.maxLength(80)),
  solutionPolicy: v.picklist(
    SOLUTION_POLICIES,
    (issue) => `must be one of ${SOLUTION_POLICIES.map((policy) => `"${policy}"`).join(', ')}, not ${issue.received}`,
  ),
  /**
   * The problems in the order the index lists them: a subset of src/problems is fine. Left out, the course is
   * every folder, by difficulty and then by slug.
   */
  problems: v.optional(
    v.pipe(
      v.array(
        v.strictObject({
          slug,
          /** Overrides the problem's own `timeLimitMs`, in the page and the CLI alike. */
          timeLimitMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(120_000))),
        }),
      ),
      v.minLength(1, 'a course needs at least one problem'),
      v.check(
        (problems) => repeatedSlug(problems) === undefined,
        (issue) => `'${repeatedSlug(issue.input as readonly { slug: string }[])}' is listed twice`,
      ),
    ),
  ),
});
export type Course = v.InferOutput<typeof CourseSchema>;

function repeatedSlug(problems: readonly { slug: string }[]): string | undefined {
  return problems.find((problem, index) => problems.findIndex((other) => other.slug === problem.slug) !== index)?.slug;
}

export function parseCourse(raw: unknown, source = 'course.json'): Course {
  const result = v.safeParse(CourseSchema, raw);
  if (result.success) return result.output;
  throw new Error(`${source} is not valid: ${describeIssues(result.issues)}`);
}

/**
 * The course's problems, in its order, with its time limits applied. Throws on a slug with no folder, naming
 * the folders there are.
 */
export function problemsOfCourse<P extends { readonly meta: Pick<ProblemMeta, 'slug' | 'timeLimitMs' | 'difficulty'> }>(
  course: Course,
  available: readonly P[],
): P[] {
  if (!course.problems) {
    const rank = (problem: P) => DIFFICULTIES.indexOf(problem.meta.difficulty);
    return [...available].sort((a, b) => rank(a) - rank(b) || a.meta.slug.localeCompare(b.meta.slug));
  }
  return course.problems.map(({ slug: wanted, timeLimitMs }) => {
    const problem = available.find((candidate) => candidate.meta.slug === wanted);
    if (!problem) {
      const known = available.map((candidate) => candidate.meta.slug).join(', ');
      throw new Error(`course.json lists '${wanted}', which is not a folder of src/problems (there are: ${known})`);
    }
    return timeLimitMs === undefined ? problem : { ...problem, meta: { ...problem.meta, timeLimitMs } };
  });
}
