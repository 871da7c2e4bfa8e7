/** Plain, structured-clone-safe tensor data: what crosses the sandbox boundary in either direction. */
export type TensorData = {
  readonly shape: readonly number[];
  readonly values: readonly number[];
};

/** A tensor as the sandbox measured it: its dtype is part of what the learner got right or wrong. */
export type TensorSnapshot = TensorData & { readonly dtype: string };

export function sizeOfShape(shape: readonly number[]): number {
  return shape.reduce((size, dim) => size * dim, 1);
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Formats a number the way a learner compares it by eye: enough digits to see a 1e-5 difference. */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  const magnitude = Math.abs(value);
  // Eight significant digits, then the shortest form of those: 1e-6, not 1.000000e-6.
  if (magnitude !== 0 && (magnitude < 1e-4 || magnitude >= 1e7)) return Number(value.toPrecision(8)).toExponential();
  return String(Number(value.toPrecision(8)));
}

/** Shows a short list in full and a long one as its head, so messages stay readable. */
export function formatValues(values: readonly number[], max = 6): string {
  const shown = values.slice(0, max).map(formatNumber).join(', ');
  return values.length > max ? `[${shown}, … ${values.length - max} more]` : `[${shown}]`;
}
