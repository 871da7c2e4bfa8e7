import { describe, expect, it } from 'vitest';
import type { CostPoint } from '../../../src/insight/protocol.ts';
import {
  formatBytes,
  formatCount,
  formatDerivative,
  formatMs,
  formatPowerOfTen,
  formatRelativeError,
  inputSizeNote,
  insightSentence,
  nearestRow,
  overBudgetLabel,
  relativeError,
} from '../../../src/ui/insight/format.ts';

const GB = 2 ** 30;
const MB = 2 ** 20;

const measured = (
  method: CostPoint['method'],
  iterations: number,
  peakBytes: number,
  backwardKernels: number,
  backwardMs = 10,
): CostPoint => ({ method, iterations, status: 'measured', peakBytes, backwardKernels, backwardMs, tapeNodes: 9 * iterations });

const over = (method: CostPoint['method'], iterations: number, heldBytes: number, how: 'stopped' | 'predicted'): CostPoint => ({
  method,
  iterations,
  status: 'out-of-memory',
  budgetBytes: GB,
  heldBytes,
  how,
});

describe('formatting the figures', () => {
  it('says bytes in two significant figures at most, in powers of 1024', () => {
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(1.2 * MB)).toBe('1.2 MB');
    expect(formatBytes(23 * MB)).toBe('23 MB');
    expect(formatBytes(412 * MB)).toBe('412 MB');
    expect(formatBytes(GB)).toBe('1 GB');
    expect(formatBytes(3.8 * GB)).toBe('3.8 GB');
    // Never "1,024 KB": the next unit up.
    expect(formatBytes(1023.9 * 1024)).toBe('1 MB');
    expect(formatBytes(9.97 * MB)).toBe('10 MB');
  });

  it('says times in ms under a second and in s above', () => {
    expect(formatMs(0.42)).toBe('0.4 ms');
    expect(formatMs(12.4)).toBe('12 ms');
    expect(formatMs(4500)).toBe('4.5 s');
    expect(formatMs(69_000)).toBe('69 s');
  });

  it('says counts with thousands separators', () => {
    expect(formatCount(4200)).toBe('4,200');
    expect(formatCount(4)).toBe('4');
  });

  it('names the budget an out-of-memory point passed', () => {
    expect(overBudgetLabel(GB)).toBe('over the 1 GB budget');
    expect(overBudgetLabel(256 * MB)).toBe('over the 256 MB budget');
  });

  it('says derivatives to six figures, small ones in powers of ten, and NaN as such', () => {
    expect(formatDerivative(0.000385695)).toBe('3.85695 × 10⁻⁴');
    expect(formatDerivative(0.5)).toBe('0.5');
    expect(formatDerivative(1296.1877)).toBe('1296.19');
    expect(formatDerivative(Number.NaN)).toBe('NaN');
    expect(formatDerivative(Number.POSITIVE_INFINITY)).toBe('∞');
    expect(formatDerivative(-2e-7)).toBe('−2 × 10⁻⁷');
    expect(formatDerivative(-0.0657446)).toBe('−0.0657446');
  });

  it('measures relative error against the truth and says it in percent or powers of ten', () => {
    expect(relativeError(9.96e-4, 5e-4)).toBeCloseTo(0.992, 6);
    expect(relativeError(Number.NaN, 1)).toBeNaN();
    expect(relativeError(0.1, 0)).toBeCloseTo(0.1, 12);
    expect(formatRelativeError(0.2286)).toBe('23%');
    expect(formatRelativeError(0.992)).toBe('99%');
    expect(formatRelativeError(3.1e-4)).toBe('3.1 × 10⁻⁴');
    expect(formatRelativeError(1e-7)).toBe('10⁻⁷');
    expect(formatRelativeError(0)).toBe('exact');
    // A thousand-fold error in powers of ten, not "100000%".
    expect(formatRelativeError(1000)).toBe('10³');
    expect(formatPowerOfTen(1e-4)).toBe('10⁻⁴');
    expect(formatPowerOfTen(1)).toBe('1');
    expect(formatRelativeError(Number.NaN)).toBe('not a number');
  });

  it('starts the convergence slider at the learner’s N, or the study’s nearest when theirs is outside it', () => {
    const rows = Array.from({ length: 12 }, (_, index) => ({ iterations: index + 1 }));
    expect(nearestRow(rows, 10)).toBe(9);
    // The ridge kata's solver takes about 160 CG steps on the chart's input; its study has 12 rows.
    expect(nearestRow(rows, 160)).toBe(11);
    expect(nearestRow(rows, 0)).toBe(0);
    expect(nearestRow([], 5)).toBe(0);
  });

  it('says the input size, and what it was shrunk from', () => {
    expect(inputSizeNote({ inputSize: 100_000, shrunkFrom: null })).toBe('Measured on an input of 100,000 elements.');
    expect(inputSizeNote({ inputSize: 25_000, shrunkFrom: 100_000 })).toMatch(
      /^Measured on an input of 25,000 elements, shrunk from 100,000 because/,
    );
  });
});

describe('the sentence under the chart', () => {
  const base = { budgetBytes: GB, iterationName: 'Newton steps', learnerIterations: 10 };

  it('says where the unrolled pass ran out of memory, what it used before, and what the implicit one and yours used', () => {
    const sentence = insightSentence({
      ...base,
      points: [
        measured('implicit', 10, 1.2 * MB, 4),
        measured('implicit', 300, 1.2 * MB, 4),
        measured('implicit', 1000, 1.2 * MB, 4),
        measured('unrolled', 10, 41 * MB, 140),
        measured('unrolled', 300, 1.2 * GB * 0.8, 4200),
        over('unrolled', 1000, 3.8 * GB, 'predicted'),
        measured('yours', 10, 1.2 * MB, 4),
      ],
    });
    expect(sentence).toBe(
      'At N = 1,000 the unrolled backward pass ran out of the 1 GB budget (it would have needed about 3.8 GB); ' +
        'at N = 300 it used 983 MB and 4,200 kernels. ' +
        'The implicit one used 1.2 MB and 4 kernels at N = 1,000, and about as much at every N. ' +
        'Yours used 1.2 MB and 4 kernels at N = 10.',
    );
  });

  it('starts from the first N over the budget when several are, and says what a stopped run held', () => {
    const sentence = insightSentence({
      ...base,
      points: [
        measured('unrolled', 100, 400 * MB, 1400),
        over('unrolled', 300, 1.01 * GB, 'stopped'),
        over('unrolled', 1000, 3.4 * GB, 'predicted'),
        measured('implicit', 300, 23 * MB, 5),
      ],
    });
    expect(sentence).toMatch(/^From N = 300 the unrolled backward pass ran out of the 1 GB budget \(it held 1 GB when it was stopped\); at N = 100 it used 400 MB and 1,400 kernels\./);
    // The implicit pass is quoted at the same N, so that the two compare.
    expect(sentence).toContain('The implicit one used 23 MB and 5 kernels at N = 300.');
    expect(sentence).not.toContain('Yours');
  });

  it('quotes the largest N with its time when nothing ran out of memory', () => {
    const sentence = insightSentence({
      ...base,
      points: [
        measured('unrolled', 10, 4 * MB, 140, 45),
        measured('unrolled', 1000, 400 * MB, 14_000, 4500),
        measured('implicit', 10, 2 * MB, 4, 1),
        measured('implicit', 1000, 9 * MB, 4, 1),
      ],
    });
    expect(sentence).toBe(
      'At N = 1,000 the unrolled backward pass used 400 MB and 14,000 kernels in 4.5 s. ' +
        // 2 MB and 9 MB are not "about as much".
        'The implicit one used 9 MB and 4 kernels at N = 1,000.',
    );
  });

  it('says why the learner’s point is missing, or that it ran out of memory', () => {
    const notMeasured = insightSentence({
      ...base,
      points: [{ method: 'yours', iterations: 10, status: 'not-measured', reason: 'your function threw at this size.' }],
    });
    expect(notMeasured).toBe('Yours was not measured: your function threw at this size.');
    const yoursOver = insightSentence({ ...base, points: [over('yours', 10, 2 * GB, 'stopped')] });
    expect(yoursOver).toBe('Yours ran out of the 1 GB budget at N = 10.');
  });
});
