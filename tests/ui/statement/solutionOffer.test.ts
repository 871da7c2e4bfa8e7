import { describe, expect, test } from 'vitest';
import {
  isSolutionOffered,
  needsConfirmation,
  solutionOfferOf,
  solutionPromise,
} from '../../../src/ui/statement/solutionOffer.ts';

const load = () => Promise.resolve('export const answer = 42;');

describe('the solution, as each policy offers it', () => {
  test('never: no offer, and nothing said about a solution', () => {
    for (const passed of [false, true]) {
      const offer = solutionOfferOf('never', load, passed);
      expect(offer).toBeUndefined();
      expect(isSolutionOffered(offer, true)).toBe(false);
      expect(solutionPromise(offer)).toBeNull();
    }
  });

  test('a problem without a solution.ts: no offer under any policy', () => {
    for (const policy of ['on-request', 'after-pass', 'never'] as const) {
      expect(solutionOfferOf(policy, null, true)).toBeUndefined();
    }
  });

  test('on-request: after the last hint, with a confirmation until the code has passed', () => {
    const before = solutionOfferOf('on-request', load, false)!;
    expect(isSolutionOffered(before, false)).toBe(false);
    expect(isSolutionOffered(before, true)).toBe(true);
    expect(needsConfirmation(before)).toBe(true);
    expect(solutionPromise(before)).toBe('The solution comes after the last.');
    expect(needsConfirmation(solutionOfferOf('on-request', load, true)!)).toBe(false);
  });

  test('after-pass: not before a pass however many hints are out, at once after one', () => {
    const before = solutionOfferOf('after-pass', load, false)!;
    expect(isSolutionOffered(before, true)).toBe(false);
    expect(solutionPromise(before)).toBe('The solution appears once your code passes.');
    const after = solutionOfferOf('after-pass', load, true)!;
    expect(isSolutionOffered(after, false)).toBe(true);
    expect(needsConfirmation(after)).toBe(false);
    expect(solutionPromise(after)).toMatch(/^Your code has passed/);
  });
});
