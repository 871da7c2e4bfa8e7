/** Medians and spread of a bench's samples, and the plain-text tables it prints them in. */

export type Summary = { median: number; min: number; max: number; n: number };

/** Page clocks tick in 0.1 ms; more digits are floating-point noise. */
export const tenths = (ms: number): number => Math.round(ms * 10) / 10;

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const median = Number.isInteger(middle)
    ? ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2
    : (sorted[Math.floor(middle)] ?? NaN);
  return { median: tenths(median), min: tenths(sorted[0] ?? NaN), max: tenths(sorted.at(-1) ?? NaN), n: sorted.length };
}

/** Plain text, space-aligned; columns after the first are right-aligned unless `left` lists them. */
export function formatTable(header: string[], rows: string[][], left: number[] = []): string {
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) =>
        column === 0 || left.includes(column) ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

export const kB = (bytes: number): string => (bytes / 1000).toFixed(1);
export const ms = (value: number): string => value.toFixed(0);
/** A ratio, or a dash when either side is missing or the denominator is 0. */
export function ratio(numerator: number | undefined, denominator: number | undefined): string {
  if (numerator === undefined || denominator === undefined || !Number.isFinite(numerator) || !denominator) return '-';
  return (numerator / denominator).toFixed(2);
}

/** How a figure is printed: times and counts as integers, sizes in kB, scores and ratios to two places. */
export type Unit = 'ms' | 'kB' | 'count' | 'score' | 'ratio';

export function formatValue(value: number | undefined, unit: Unit): string {
  if (value === undefined || !Number.isFinite(value)) return '-';
  switch (unit) {
    case 'ms':
    case 'count':
      return value.toFixed(0);
    case 'kB':
      return kB(value);
    case 'score':
    case 'ratio':
      return value.toFixed(2);
  }
}

/**
 * One line of a comparison table: this build's figure (a summary over rounds, or a single value), the naive
 * build's if it was measured, and the baseline's under the same `id`.
 */
export type FigureRow = {
  id: string;
  label: string;
  unit: Unit;
  ours: Summary | number | undefined;
  naive?: Summary | number | undefined;
  /** Printed after the label's figures, e.g. "4/5 rounds" or why a figure is missing. */
  note?: string;
};

export const central = (figure: Summary | number | undefined): number | undefined =>
  typeof figure === 'number' ? figure : figure?.median;

/**
 * The table every section prints: median, min, max and n for ours; then, when `naive` is on, the naive
 * build's median and ours/naive; then the baseline and now/baseline.
 */
export function figureTable(rows: FigureRow[], naive: boolean, baseline: (id: string) => number | undefined): string {
  const header = ['', 'median', 'min', 'max', 'n', ...(naive ? ['naive', 'ours/naive'] : []), 'baseline', 'now/baseline', ''];
  const cells = rows.map((row) => {
    const spread = typeof row.ours === 'object' ? row.ours : undefined;
    const now = central(row.ours);
    const before = baseline(row.id);
    return [
      row.label,
      formatValue(now, row.unit),
      spread ? formatValue(spread.min, row.unit) : '',
      spread ? formatValue(spread.max, row.unit) : '',
      spread ? String(spread.n) : '',
      ...(naive ? [formatValue(central(row.naive), row.unit), ratio(now, central(row.naive))] : []),
      formatValue(before, row.unit),
      ratio(now, before),
      row.note ?? '',
    ];
  });
  return formatTable(header, cells, [header.length - 1]);
}
