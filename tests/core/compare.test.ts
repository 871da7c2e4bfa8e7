import { describe, expect, it } from 'vitest';
import { compareTensor, isClose } from '../../src/core/compare.ts';

const tolerance = { rtol: 1e-5, atol: 0 };
const tensor = (values: number[], shape = [values.length], dtype = 'float32') => ({ shape, dtype, values });

describe('isClose', () => {
  it('accepts a relative error within rtol and rejects one beyond it', () => {
    expect(isClose(1.000009, 1, tolerance)).toBe(true);
    expect(isClose(1.00002, 1, tolerance)).toBe(false);
  });

  it('with atol 0, only exact zero matches zero', () => {
    expect(isClose(0, 0, tolerance)).toBe(true);
    expect(isClose(1e-30, 0, tolerance)).toBe(false);
  });

  it('lets NaN match nothing, not even NaN', () => {
    expect(isClose(Number.NaN, Number.NaN, tolerance)).toBe(false);
    expect(isClose(Number.NaN, 1, tolerance)).toBe(false);
    expect(isClose(1, Number.NaN, tolerance)).toBe(false);
  });

  it('lets an infinity match only the same infinity', () => {
    expect(isClose(Infinity, Infinity, tolerance)).toBe(true);
    expect(isClose(-Infinity, Infinity, tolerance)).toBe(false);
    expect(isClose(Infinity, 1e308, tolerance)).toBe(false);
  });
});

describe('compareTensor', () => {
  const expected = { shape: [3], dtype: 'float32', values: [1, 2, 3] };

  it('checks the shape first', () => {
    expect(compareTensor(tensor([1, 2, 3], [1, 3], 'int32'), expected, tolerance)).toEqual({
      kind: 'shape',
      expected: [3],
      got: [1, 3],
    });
  });

  it('then the dtype', () => {
    expect(compareTensor(tensor([1, 2, 3], [3], 'int32'), expected, tolerance)).toEqual({
      kind: 'dtype',
      expected: 'float32',
      got: 'int32',
    });
  });

  it('then the values, reporting the first bad index and how many are bad', () => {
    expect(compareTensor(tensor([1, 2.5, 4]), expected, tolerance)).toEqual({
      kind: 'value',
      index: 1,
      expected: 2,
      got: 2.5,
      count: 2,
    });
  });

  it('returns null when everything matches', () => {
    expect(compareTensor(tensor([1, 2, 3.00001]), expected, tolerance)).toBeNull();
  });
});
