/**
 * When the page offers "Compare with the reference": once the learner's code has passed in this browser, under
 * any policy that offers a solution at all (`on-request` and `after-pass`; under `never` the build holds none).
 * Unlike "Show the solution" under `on-request`, it does not wait for the last hint: a pass is the attempt done.
 */
import type { SolutionOffer } from '../statement/solutionOffer.ts';

export function isComparisonOffered(offer: SolutionOffer | undefined): boolean {
  return offer !== undefined && offer.passed;
}

/** What the comparison says when the reference could not be loaded: the cause, in the learner's terms. */
export function comparisonFailure(error: unknown, online: boolean): string {
  // The service worker keeps a solution only once it has been fetched: the first time needs the site.
  if (!online) return 'This browser is offline, and the reference solution needs the network the first time it is shown.';
  const detail = error instanceof Error ? error.message : String(error);
  return `The reference solution did not load (${detail}). Try again, or reload the page.`;
}
