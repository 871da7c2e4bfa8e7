import type { CheckContext, CheckSpec, CheckVerdict } from '../grader.ts';

/**
 * A few seeds' cases are kept: a judgement asks for them once per check, and the page draws a fresh seed for
 * every Run, so keeping them all would grow for as long as the page stays open.
 */
const SEEDS_KEPT = 4;

export type SeededCases<Cases> = {
  /** The cases of a seed, drawn once and shared by the plan and every check. */
  of(seed: string): Cases;
  /** A check's `run` that receives the cases of the problem's seed beside the usual context. */
  check(run: (context: CheckContext & { readonly cases: Cases }) => CheckVerdict): CheckSpec['run'];
};

/** A grader's test cases as a function of the seed: `draw` must depend on nothing else. */
export function seededCases<Cases>(draw: (seed: string) => Cases): SeededCases<Cases> {
  const bySeed = new Map<string, Cases>();
  const of = (seed: string): Cases => {
    const kept = bySeed.get(seed);
    if (kept !== undefined) return kept;
    const cases = draw(seed);
    if (bySeed.size >= SEEDS_KEPT) bySeed.delete(bySeed.keys().next().value as string);
    bySeed.set(seed, cases);
    return cases;
  };
  return { of, check: (run) => (context) => run({ ...context, cases: of(context.problem.seed) }) };
}
