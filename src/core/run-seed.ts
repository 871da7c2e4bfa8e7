import type { ProblemMeta } from './problem.ts';

/**
 * A run's seed: it draws the test cases and seeds the learner's `Math.random()`. The page and the CLI draw a
 * fresh one for every run, so that no input can be learnt from an earlier run; the report carries it, and
 * the CLI takes it back with `--seed`, so that any grade can be replayed exactly.
 */
export const RUN_SEED_PATTERN = /^[0-9a-z][0-9a-z-]{0,63}$/;

/** Eight random bytes as 16 hex digits: enough that two runs never share a seed by chance. */
export function drawRunSeed(): string {
  const bytes = new Uint8Array(8);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The problem as one run sees it: its cases drawn from the run's seed instead of the problem's default. */
export function withRunSeed(problem: ProblemMeta, seed: string): ProblemMeta {
  return { ...problem, seed };
}
