import { formatShape, type TensorSnapshot } from './tensor.ts';

export type Tolerance = { readonly rtol: number; readonly atol: number };

/** The reference side of a comparison: float64 values, with the shape and dtype the learner must produce. */
export type Expected = {
  readonly shape: readonly number[];
  readonly dtype: string;
  readonly values: readonly number[];
};

export type Mismatch =
  | { readonly kind: 'shape'; readonly expected: readonly number[]; readonly got: readonly number[] }
  | { readonly kind: 'dtype'; readonly expected: string; readonly got: string }
  | {
      readonly kind: 'value';
      readonly index: number;
      readonly expected: number;
      readonly got: number;
      /** How many elements are out of tolerance in all. */
      readonly count: number;
    };

/**
 * NaN matches nothing, not even NaN: a NaN in the learner's output is always a bug here. An infinity
 * matches only the same infinity. Everything else: |got - expected| <= atol + rtol * |expected|.
 */
export function isClose(got: number, expected: number, tolerance: Tolerance): boolean {
  if (Number.isNaN(got) || Number.isNaN(expected)) return false;
  if (!Number.isFinite(got) || !Number.isFinite(expected)) return got === expected;
  return Math.abs(got - expected) <= tolerance.atol + tolerance.rtol * Math.abs(expected);
}

/** Compares in the order tfjs-core does: shape, then dtype, then values; reports the first bad index. */
export function compareTensor(got: TensorSnapshot, expected: Expected, tolerance: Tolerance): Mismatch | null {
  if (!sameShape(got.shape, expected.shape)) {
    return { kind: 'shape', expected: expected.shape, got: got.shape };
  }
  if (got.dtype !== expected.dtype) return { kind: 'dtype', expected: expected.dtype, got: got.dtype };
  let first = -1;
  let count = 0;
  for (let index = 0; index < expected.values.length; index++) {
    if (!isClose(got.values[index] ?? Number.NaN, expected.values[index] ?? Number.NaN, tolerance)) {
      if (first < 0) first = index;
      count++;
    }
  }
  if (first < 0) return null;
  return {
    kind: 'value',
    index: first,
    expected: expected.values[first] ?? Number.NaN,
    got: got.values[first] ?? Number.NaN,
    count,
  };
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((dim, axis) => dim === b[axis]);
}

export function describeMismatch(mismatch: Mismatch): string {
  switch (mismatch.kind) {
    case 'shape':
      return `shape ${formatShape(mismatch.got)}, expected ${formatShape(mismatch.expected)}`;
    case 'dtype':
      return `dtype '${mismatch.got}', expected '${mismatch.expected}'`;
    case 'value':
      return `${mismatch.count} value${mismatch.count === 1 ? '' : 's'} out of tolerance, first at index ${mismatch.index}`;
  }
}
