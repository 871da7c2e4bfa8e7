import { describe, expect, test } from 'vitest';
import { comparisonFailure, isComparisonOffered } from '../../../src/ui/diff/compare.ts';
import { solutionOfferOf } from '../../../src/ui/statement/solutionOffer.ts';

const load = () => Promise.resolve('export const answer = 42;');

describe('when "Compare with the reference" is offered', () => {
  test('never: not before a pass, not after one', () => {
    expect(isComparisonOffered(solutionOfferOf('never', load, false))).toBe(false);
    expect(isComparisonOffered(solutionOfferOf('never', load, true))).toBe(false);
  });

  test('a problem without a solution: under no policy', () => {
    for (const policy of ['on-request', 'after-pass'] as const) {
      expect(isComparisonOffered(solutionOfferOf(policy, null, true))).toBe(false);
    }
  });

  test('on-request and after-pass: only once the code has passed', () => {
    for (const policy of ['on-request', 'after-pass'] as const) {
      expect(isComparisonOffered(solutionOfferOf(policy, load, false))).toBe(false);
      expect(isComparisonOffered(solutionOfferOf(policy, load, true))).toBe(true);
    }
  });
});

describe('what a failed load says', () => {
  test('offline: that the solution needs the network the first time', () => {
    expect(comparisonFailure(new TypeError('Failed to fetch dynamically imported module'), false)).toBe(
      'This browser is offline, and the reference solution needs the network the first time it is shown.',
    );
  });

  test('online: the error itself, and what to do', () => {
    const message = comparisonFailure(new TypeError('Failed to fetch dynamically imported module: /assets/solution-x.js'), true);
    expect(message).toContain('Failed to fetch dynamically imported module: /assets/solution-x.js');
    expect(message).toMatch(/Try again, or reload the page\.$/);
    expect(comparisonFailure('a string thrown', true)).toContain('(a string thrown)');
  });
});
