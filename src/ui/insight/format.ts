/**
 * The words and numbers of the "Why it matters" view, as pure functions of the measured figures: the chart's
 * labels, the table's cells and the sentence under the chart all say a number the same way.
 */
import {
  INSIGHT_METHOD,
  type CostFigures,
  type CostPoint,
  type InsightMethod,
  type InsightResult,
} from '../../insight/protocol.ts';

/** The four figures the view can plot, in the switcher's order. */
export const COST_FIGURES = ['backwardMs', 'backwardKernels', 'peakBytes', 'tapeNodes'] as const satisfies readonly (keyof CostFigures)[];
export type CostFigure = (typeof COST_FIGURES)[number];

export const FIGURE_LABEL = {
  backwardMs: 'Backward time',
  backwardKernels: 'Backward kernels',
  peakBytes: 'Peak tensor memory',
  tapeNodes: 'Tape nodes',
} as const satisfies Record<CostFigure, string>;

export const METHOD_LABEL = {
  implicit: 'Implicit',
  unrolled: 'Unrolled',
  yours: 'Yours',
} as const satisfies Record<InsightMethod, string>;

const BYTE_UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'] as const;

/**
 * Bytes in powers of 1024, as the browser's and TF.js's own memory figures are counted; two significant
 * figures are all a log chart can tell apart ("1.2 GB", "23 MB", "412 MB").
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  let value = Math.abs(bytes);
  let unit = 0;
  // From 1023.5 up, the rounded figure would read "1,024": say it in the next unit.
  while (value >= 1023.5 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const sign = bytes < 0 ? '-' : '';
  if (unit === 0) return `${sign}${Math.round(value)} ${value === 1 ? 'byte' : 'bytes'}`;
  return `${sign}${roundForReading(value)} ${BYTE_UNITS[unit]}`;
}

/** One decimal under 10 ("1.2"), whole numbers above ("23", "412"); never "10.0" or "1024". */
function roundForReading(value: number): string {
  if (value < 9.95) {
    const text = value.toFixed(1);
    return text.endsWith('.0') ? text.slice(0, -2) : text;
  }
  return Math.round(value).toLocaleString('en-US');
}

/** "0.4 ms", "12 ms", "4.5 s", "69 s". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 1000) return `${roundForReading(ms)} ms`;
  return `${roundForReading(ms / 1000)} s`;
}

/** A count with thousands separators: "4,200". */
export function formatCount(count: number): string {
  return Number.isFinite(count) ? Math.round(count).toLocaleString('en-US') : String(count);
}

export function formatFigure(figure: CostFigure, value: number): string {
  switch (figure) {
    case 'backwardMs':
      return formatMs(value);
    case 'peakBytes':
      return formatBytes(value);
    case 'backwardKernels':
    case 'tapeNodes':
      return formatCount(value);
  }
}

/** "over the 1 GB budget": what an out-of-memory point says in place of its figures, in the chart and the table. */
export function overBudgetLabel(budgetBytes: number): string {
  return `over the ${formatBytes(budgetBytes)} budget`;
}

/** A derivative as the convergence study shows it: six significant figures, NaN and ∞ said as such. */
export function formatDerivative(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e6) return trimZeros(value.toPrecision(6)).replace('-', '−');
  return scientific(value, 5);
}

/** |value − truth| / |truth| (or |value| when the truth is 0); NaN when the value is not a number. */
export function relativeError(value: number, truth: number): number {
  if (!Number.isFinite(value)) return Number.NaN;
  const difference = Math.abs(value - truth);
  return truth === 0 ? difference : difference / Math.abs(truth);
}

/** "3.1 × 10⁻⁴", "23%", "exact" (float32 agrees to the last bit): a relative error in words a learner reads. */
export function formatRelativeError(error: number): string {
  if (typeof error !== 'number' || Number.isNaN(error)) return 'not a number';
  if (!Number.isFinite(error)) return '∞';
  if (error === 0) return 'exact';
  if (error >= 0.01 && error < 10) return `${trimZeros((error * 100).toPrecision(2))}%`;
  return scientific(error, 1);
}

/** A power of ten as an axis tick: "10⁻⁴", "1", "10³". */
export function formatPowerOfTen(value: number): string {
  const exponent = Math.round(Math.log10(value));
  return exponent === 0 ? '1' : scientific(10 ** exponent, 0);
}

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

function scientific(value: number, fractionDigits: number): string {
  const [mantissa = '', exponent = '0'] = value.toExponential(fractionDigits).split('e');
  const power = String(Number(exponent))
    .split('')
    .map((char) => SUPERSCRIPT[char] ?? char)
    .join('');
  const shown = trimZeros(mantissa);
  return shown === '1' ? `10${power}` : `${shown.replace('-', '−')} × 10${power}`;
}

function trimZeros(text: string): string {
  return text.includes('.') && !text.includes('e') ? text.replace(/\.?0+$/, '') : text;
}

type Measured = Extract<CostPoint, { status: 'measured' }>;
type OutOfMemory = Extract<CostPoint, { status: 'out-of-memory' }>;

function pointsOf(points: readonly CostPoint[], method: InsightMethod): CostPoint[] {
  return points.filter((point) => point.method === method).sort((a, b) => a.iterations - b.iterations);
}

function measured(points: readonly CostPoint[]): Measured[] {
  return points.filter((point): point is Measured => point.status === 'measured');
}

function usage(point: Measured): string {
  return `${formatBytes(point.peakBytes)} and ${formatCount(point.backwardKernels)} kernel${point.backwardKernels === 1 ? '' : 's'}`;
}

/** The same figure (within 1.5×) at every N: the implicit pass's memory is meant to be constant. */
function flat(points: readonly Measured[], figure: CostFigure): boolean {
  if (points.length < 2) return false;
  const values = points.map((point) => point[figure]);
  return Math.max(...values) <= 1.5 * Math.min(...values);
}

export type SentenceInput = Pick<InsightResult, 'points' | 'budgetBytes' | 'iterationName' | 'learnerIterations'>;

/**
 * What the numbers say, in one short paragraph built from them: where the unrolled backward pass ran out of
 * memory or what it used at its largest N, what the implicit one used there, and what the learner's own
 * function used. Every number in it is one the table shows, formatted the same way.
 */
export function insightSentence({ points, budgetBytes }: SentenceInput): string {
  const unrolled = pointsOf(points, INSIGHT_METHOD.unrolled);
  const implicit = pointsOf(points, INSIGHT_METHOD.implicit);
  const yours = pointsOf(points, INSIGHT_METHOD.yours);
  const parts: string[] = [];

  const unrolledMeasured = measured(unrolled);
  const lastUnrolled = unrolledMeasured.at(-1);
  const firstOver = unrolled.find((point): point is OutOfMemory => point.status === 'out-of-memory');
  if (firstOver) {
    const need =
      firstOver.how === 'predicted'
        ? ` (it would have needed about ${formatBytes(firstOver.heldBytes)})`
        : firstOver.how === 'stopped'
          ? ` (it held ${formatBytes(firstOver.heldBytes)} when it was stopped)`
          : ' (the browser stopped the measurement)';
    const overFrom = unrolled.filter((point) => point.status === 'out-of-memory').length > 1 ? 'From' : 'At';
    let sentence = `${overFrom} N = ${formatCount(firstOver.iterations)} the unrolled backward pass ran out of the ${formatBytes(budgetBytes)} budget${need}`;
    if (lastUnrolled && lastUnrolled.iterations < firstOver.iterations) {
      sentence += `; at N = ${formatCount(lastUnrolled.iterations)} it used ${usage(lastUnrolled)}`;
    }
    parts.push(`${sentence}.`);
  } else if (lastUnrolled) {
    parts.push(
      `At N = ${formatCount(lastUnrolled.iterations)} the unrolled backward pass used ${usage(lastUnrolled)} in ${formatMs(lastUnrolled.backwardMs)}.`,
    );
  }

  const implicitMeasured = measured(implicit);
  // The implicit pass at the N the unrolled one is quoted at, so that the two compare; else its largest.
  const quotedN = firstOver?.iterations ?? lastUnrolled?.iterations;
  const implicitAt = implicitMeasured.find((point) => point.iterations === quotedN) ?? implicitMeasured.at(-1);
  if (implicitAt) {
    const everywhere = flat(implicitMeasured, 'peakBytes') && flat(implicitMeasured, 'backwardKernels');
    parts.push(
      `The implicit one used ${usage(implicitAt)} at N = ${formatCount(implicitAt.iterations)}${everywhere ? ', and about as much at every N' : ''}.`,
    );
  }

  const yoursPoint = yours[0];
  if (yoursPoint) {
    const at = `at N = ${formatCount(yoursPoint.iterations)}`;
    if (yoursPoint.status === 'measured') parts.push(`Yours used ${usage(yoursPoint)} ${at}.`);
    else if (yoursPoint.status === 'out-of-memory') parts.push(`Yours ran out of the ${formatBytes(budgetBytes)} budget ${at}.`);
    else parts.push(`Yours was not measured: ${yoursPoint.reason}`);
  }
  return parts.join(' ');
}

/** "100,000 elements" and, when the device was too slow for the problem's size, what it was shrunk from. */
export function inputSizeNote({ inputSize, shrunkFrom }: Pick<InsightResult, 'inputSize' | 'shrunkFrom'>): string {
  const size = `${formatCount(inputSize)} element${inputSize === 1 ? '' : 's'}`;
  return shrunkFrom === null
    ? `Measured on an input of ${size}.`
    : `Measured on an input of ${size}, shrunk from ${formatCount(shrunkFrom)} because this device measured slowly.`;
}

/** The index of the row whose N is closest to `iterations` (the first of a tie); 0 for no rows. */
export function nearestRow(rows: readonly { readonly iterations: number }[], iterations: number): number {
  let best = 0;
  rows.forEach((row, index) => {
    if (Math.abs(row.iterations - iterations) < Math.abs((rows[best]?.iterations ?? Number.POSITIVE_INFINITY) - iterations)) best = index;
  });
  return best;
}
