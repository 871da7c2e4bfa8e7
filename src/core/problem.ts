import * as v from 'valibot';

const ToleranceSchema = v.strictObject({
  rtol: v.pipe(v.number(), v.minValue(0)),
  atol: v.pipe(v.number(), v.minValue(0)),
});

export const DIFFICULTIES = ['introductory', 'intermediate', 'advanced'] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

/**
 * `problem.json`: a problem's metadata. Validated on load, unknown keys refused, so a content mistake (or a
 * misspelt key that would otherwise be silently ignored) fails loudly and early.
 */
export const ProblemMetaSchema = v.strictObject({
  schemaVersion: v.literal(2),
  /** Must match the folder's name: the folder is the problem. */
  slug: v.pipe(v.string(), v.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'slug must be kebab-case')),
  title: v.pipe(v.string(), v.minLength(1)),
  /** One line, for the course index. */
  summary: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  difficulty: v.picklist(DIFFICULTIES),
  /** The name the learner's module must export. */
  entry: v.pipe(v.string(), v.regex(/^[A-Za-z_$][\w$]*$/, 'entry must be an identifier')),
  /** The entry's type as the statement gives it, for messages: "(x: tf.Tensor): tf.Tensor". */
  signature: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  /**
   * The entry is a factory: called with data tensors, it returns the function to differentiate
   * (`makeLoss(X, y)` returning `(lam) => loss`).
   */
  factory: v.optional(v.boolean(), false),
  timeLimitMs: v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(120_000)),
  tolerance: v.strictObject({ forward: ToleranceSchema, gradient: ToleranceSchema }),
  /** Points per check id, for a score; a check not listed is worth 0. */
  points: v.record(v.string(), v.pipe(v.number(), v.minValue(0))),
  /** Seeds the random test cases: the same seed gives the same cases in the page and the CLI. */
  seed: v.pipe(v.string(), v.minLength(1)),
});
export type ProblemMeta = v.InferOutput<typeof ProblemMetaSchema>;

export function parseProblemMeta(raw: unknown, source: string): ProblemMeta {
  const result = v.safeParse(ProblemMetaSchema, raw);
  if (result.success) return result.output;
  throw new Error(`${source} is not a valid problem.json: ${describeIssues(result.issues)}`);
}

/** Valibot's issues as one line: "tolerance.forward.rtol: Invalid type; hideSolution: Invalid key". */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .map((issue) => {
      const path = v.getDotPath(issue);
      // An unknown key's path is the key itself: say so, rather than valibot's "Invalid type: never".
      if (issue.expected === 'never') return `${path ?? '(root)'}: unknown key`;
      return `${path ?? '(root)'}: ${issue.message}`;
    })
    .join('; ');
}
