import { describe, expect, it } from 'vitest';
import { foldedText, foldTape, itemLength, type TapeItem } from '../../../src/ui/results/tapeFold.ts';

const NEWTON_STEP = ['Identity', 'Identity', 'RealDiv', 'Identity', 'Identity', 'Add', 'Identity', 'Identity', 'Multiply'];
const unrolled = (steps: number) => ['OnesLike', ...Array.from({ length: steps }, () => NEWTON_STEP).flat()];

/** Every name the folded items stand for, in order: folding loses nothing and invents nothing. */
function unfold(items: readonly TapeItem[]): string[] {
  return items.flatMap((item) =>
    item.kind === 'operation' ? [item.name] : Array.from({ length: item.times }, () => unfold(item.body)).flat(),
  );
}

describe('foldTape', () => {
  it('leaves a custom gradient\'s two nodes as they are', () => {
    expect(foldTape(['Identity', 'customGrad'])).toEqual([
      { kind: 'operation', name: 'Identity' },
      { kind: 'operation', name: 'customGrad' },
    ]);
    expect(foldTape([])).toEqual([]);
  });

  it('folds the 91 nodes of ten unrolled Newton steps into the step × 10, the step itself folded', () => {
    const items = foldTape(unrolled(10));
    expect(items).toHaveLength(2);
    expect(items[0]).toEqual({ kind: 'operation', name: 'OnesLike' });
    expect(items[1]).toMatchObject({ kind: 'repeat', times: 10, length: 90 });
    expect(foldedText(items)).toBe('OnesLike, (Identity × 2, RealDiv, Identity × 2, Add, Identity × 2, Multiply) × 10');
    expect(unfold(items)).toEqual(unrolled(10));
  });

  it('folds a capped list up to where it was cut, the part step last', () => {
    const names = unrolled(100).slice(0, 300);
    const items = foldTape(names);
    expect(foldedText(items)).toBe(
      'OnesLike, (Identity × 2, RealDiv, Identity × 2, Add, Identity × 2, Multiply) × 33, Identity × 2',
    );
    expect(items.reduce((sum, item) => sum + itemLength(item), 0)).toBe(300);
  });

  it('prefers the shortest block and the longest stretch', () => {
    expect(foldedText(foldTape(['A', 'A', 'A', 'A']))).toBe('A × 4');
    expect(foldedText(foldTape(['A', 'B', 'A', 'B', 'C']))).toBe('(A, B) × 2, C');
    // Starting one name later covers more: A on its own, then A B three times.
    expect(foldedText(foldTape(['A', 'A', 'B', 'A', 'B', 'A', 'B']))).toBe('A, (A, B) × 3');
  });

  it('never folds what does not repeat, and always unfolds back to the names', () => {
    const distinct = ['Sqrt', 'Square', 'Add', 'Sum'];
    expect(foldTape(distinct).every((item) => item.kind === 'operation')).toBe(true);
    // A fixed pseudo-random sequence over three names: whatever the folding chose, it is exact.
    let state = 7;
    const names = Array.from({ length: 300 }, () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return ['A', 'B', 'C'][state % 3]!;
    });
    expect(unfold(foldTape(names))).toEqual(names);
  });
});
