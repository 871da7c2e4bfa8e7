/**
 * Whether and when the page offers a problem's reference solution, as the course's solution policy says:
 * `on-request` once every hint is revealed, `after-pass` once the learner's code has passed in this browser
 * (before that the page does not even fetch it), `never` not at all (the build holds none).
 */
import type { SolutionPolicy } from '../../core/course.ts';

export type SolutionOffer = {
  load: () => Promise<string>;
  onShow?: () => void;
  policy: Exclude<SolutionPolicy, 'never'>;
  /** This problem has passed in this browser. */
  passed: boolean;
};

/** The offer for a problem, or undefined when there is none: the policy is `never`, or it has no solution. */
export function solutionOfferOf(
  policy: SolutionPolicy,
  load: (() => Promise<string>) | null,
  passed: boolean,
): SolutionOffer | undefined {
  if (policy === 'never' || load === null) return undefined;
  return { load, policy, passed };
}

/** Whether the learner may ask for the solution now. */
export function isSolutionOffered(offer: SolutionOffer | undefined, allHintsShown: boolean): boolean {
  if (!offer) return false;
  return offer.policy === 'on-request' ? allHintsShown : offer.passed;
}

/**
 * Whether asking for it asks for a confirmation first. Not once the code has passed: there is no attempt
 * left to spoil.
 */
export function needsConfirmation(offer: SolutionOffer): boolean {
  return !offer.passed;
}

/** What the learner is told about the solution, after the hints' count; null when none is offered. */
export function solutionPromise(offer: SolutionOffer | undefined): string | null {
  if (!offer) return null;
  if (offer.policy === 'on-request') return 'The solution comes after the last.';
  return offer.passed
    ? 'Your code has passed: the solution is there to compare with yours.'
    : 'The solution appears once your code passes.';
}
