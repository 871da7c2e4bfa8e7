import type { ConsoleCapture, LoadResult, ProbeResult } from './measurements.ts';

/** How the sandbox run ended, as the runner (page or CLI) saw it from outside the sandbox. */
export type RunEnd =
  | { readonly kind: 'complete' }
  /** Stopped at the time limit; `phase` names what the sandbox had started last, if known. */
  | { readonly kind: 'timeout'; readonly limitMs: number; readonly phase: string | null }
  /** The sandbox died before it finished: out of memory, or a fault outside the learner's code. */
  | { readonly kind: 'crashed'; readonly reason: string };

/**
 * Everything the judge gets. The sandbox streams results as it goes, so a run that times out or dies
 * still brings back what it measured before: the learner sees which checks passed before the hang.
 */
export type RunOutcome = {
  readonly end: RunEnd;
  readonly load: LoadResult | null;
  readonly probes: readonly ProbeResult[];
  readonly console: ConsoleCapture;
  readonly durationMs: number;
};
