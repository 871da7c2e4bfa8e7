import { describe, expect, it } from 'vitest';
import { OPERATION } from '../../../src/core/measurements.ts';
import { tapeMeaning } from '../../../src/ui/results/tapeWords.ts';

const { customGrad, identity } = OPERATION;

describe('what the tape view says a tape means', () => {
  it('says nothing was taped for an empty tape, not that every step was', () => {
    const words = tapeMeaning({ nodes: 0, operations: [] });
    expect(words).toMatch(/^Nothing was taped/);
    expect(words).not.toMatch(/every step/i);
  });

  it("calls a short tape with a customGrad a custom gradient's shape, and leaves whether it is right to the checks", () => {
    // The reference's tape, and the failing starter's: the tape cannot tell them apart.
    for (const operations of [[identity, customGrad], [customGrad]]) {
      const words = tapeMeaning({ nodes: operations.length, operations });
      expect(words).toContain("the shape of a custom gradient's tape");
      expect(words).toContain('checks above');
      expect(words).not.toMatch(/honest/);
    }
  });

  it('says the other operations were taped besides a customGrad on a longer tape', () => {
    const operations = [customGrad, ...Array<string>(9).fill('Multiply')];
    expect(tapeMeaning({ nodes: operations.length, operations })).toMatch(/taped besides it/);
  });

  it('says every step was taped when there is no customGrad', () => {
    const operations = ['OnesLike', ...Array<string>(90).fill('RealDiv')];
    expect(tapeMeaning({ nodes: 91, operations })).toMatch(/^Every step of the iteration was taped/);
  });
});
