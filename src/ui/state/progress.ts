/**
 * How far the learner got with each problem, told from what the page already saves for it (the code with the
 * starter it began from, the solved flag, the last Run): nothing of its own is stored, so it cannot drift.
 */
import { loadLastRun } from './lastRun.ts';
import { loadWork } from './storage.ts';

export const PROGRESS_STATES = ['not-started', 'attempted', 'solved'] as const;
export type ProgressState = (typeof PROGRESS_STATES)[number];

export const PROGRESS_LABEL: Record<ProgressState, string> = {
  'not-started': 'Not started',
  attempted: 'Attempted',
  solved: 'Solved',
};

/**
 * Solved once a Run passed; attempted once the code differs from its starter or a Run was graded (a Run of
 * the untouched starter is a start too); otherwise not started. Opening a problem saves its starter, which
 * is not a start.
 */
export function progressOf(slug: string): ProgressState {
  const work = loadWork(slug);
  if (work?.solved) return 'solved';
  if (work && work.code !== work.starter) return 'attempted';
  return loadLastRun(slug) ? 'attempted' : 'not-started';
}

export function courseProgress(slugs: readonly string[]): Record<string, ProgressState> {
  return Object.fromEntries(slugs.map((slug) => [slug, progressOf(slug)]));
}
