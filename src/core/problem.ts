import * as v from 'valibot';

/** `problem.json`: a problem's metadata. Validated on load, so a content mistake fails loudly and early. */
export const ProblemMetaSchema = v.object({
  schemaVersion: v.literal(1),
  slug: v.pipe(v.string(), v.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'slug must be kebab-case')),
  title: v.pipe(v.string(), v.minLength(1)),
  summary: v.string(),
  /** The name the learner's module must export. */
  entry: v.pipe(v.string(), v.regex(/^[A-Za-z_$][\w$]*$/, 'entry must be an identifier')),
  /** Which grader in src/core/graders judges this problem. */
  grader: v.string(),
  timeLimitMs: v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(120_000)),
  tolerance: v.object({
    rtol: v.pipe(v.number(), v.minValue(0)),
    atol: v.pipe(v.number(), v.minValue(0)),
  }),
  /** Seeds the random test cases: the same seed gives the same cases in the page and the CLI. */
  seed: v.pipe(v.string(), v.minLength(1)),
});
export type ProblemMeta = v.InferOutput<typeof ProblemMetaSchema>;

export function parseProblemMeta(raw: unknown, source: string): ProblemMeta {
  const result = v.safeParse(ProblemMetaSchema, raw);
  if (result.success) return result.output;
  const issues = result.issues
    .map((issue) => `${v.getDotPath(issue) ?? '(root)'}: ${issue.message}`)
    .join('; ');
  throw new Error(`${source} is not a valid problem.json: ${issues}`);
}
