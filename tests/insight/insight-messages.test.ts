/** src/insight/insight-messages.ts: what the page accepts from the insight worker, and what it refuses. */
import { describe, expect, it } from 'vitest';
import { parseInsightWorkerMessage } from '../../src/insight/insight-messages.ts';
import type { InsightResult } from '../../src/insight/protocol.ts';

const measured = { method: 'implicit', iterations: 10, status: 'measured', backwardMs: 1.5, backwardKernels: 2, peakBytes: 4096, tapeNodes: 1, forwardMs: 9 };
const result: InsightResult = {
  slug: 'fixed-point-sqrt',
  inputSize: 100_000,
  shrunkFrom: null,
  iterationName: 'Newton steps',
  learnerIterations: 10,
  budgetBytes: 2 ** 30,
  points: [
    measured as InsightResult['points'][number],
    { method: 'unrolled', iterations: 1000, status: 'out-of-memory', budgetBytes: 2 ** 30, heldBytes: 4e9, how: 'predicted' },
    { method: 'yours', iterations: 10, status: 'not-measured', reason: 'your function threw' },
  ],
  convergence: {
    where: 'x = 10⁶',
    readout: 'dy/dx',
    truth: 5e-4,
    truthSource: 'the closed form',
    // A derivative through a solver may well be NaN or infinite: that is the point of the study.
    rows: [{ iterations: 1, forward: 500000.5, unrolled: Number.NaN, implicit: Number.POSITIVE_INFINITY }],
  },
};

const failure = (data: unknown) => {
  const message = parseInsightWorkerMessage(data);
  return message.type === 'failed' ? message.message : null;
};

describe('messages from the insight worker', () => {
  it('takes every kind the worker sends, as sent', () => {
    expect(parseInsightWorkerMessage({ type: 'result', result })).toEqual({ type: 'result', result });
    expect(parseInsightWorkerMessage({ type: 'point', point: measured })).toEqual({ type: 'point', point: measured });
    expect(parseInsightWorkerMessage({ type: 'progress', progress: { done: 1, total: 11, doing: 'implicit, 30 Newton steps' } }).type).toBe('progress');
    expect(parseInsightWorkerMessage({ type: 'input', inputs: [{ shape: [2], values: [4, 9] }] }).type).toBe('input');
    expect(parseInsightWorkerMessage({ type: 'failed', message: 'measuring failed: x' })).toEqual({ type: 'failed', message: 'measuring failed: x' });
  });

  it('refuses junk, saying where', () => {
    expect(failure(null)).toMatch(/breaks the protocol/);
    expect(failure({ type: 'hello' })).toMatch(/breaks the protocol \(type:/);
    expect(failure({ type: 'point', point: { ...measured, method: 'guessed' } })).toMatch(/point\.method/);
    expect(failure({ type: 'point', point: { ...measured, peakBytes: -1 } })).toMatch(/point\.peakBytes/);
    expect(failure({ type: 'point', point: { ...measured, backwardKernels: 2.5 } })).toMatch(/point\.backwardKernels/);
    expect(failure({ type: 'point', point: { ...measured, backwardMs: Number.NaN } })).toMatch(/point\.backwardMs/);
    expect(failure({ type: 'point', point: { ...measured, iterations: 0 } })).toMatch(/point\.iterations/);
    expect(failure({ type: 'point', point: { method: 'unrolled', iterations: 10, status: 'out-of-memory', budgetBytes: 1, heldBytes: 2, how: 'maybe' } })).toMatch(/point\.how/);
    expect(failure({ type: 'result', result: { ...result, shrunkFrom: 'no' } })).toMatch(/result\.shrunkFrom/);
    expect(failure({ type: 'result', result: { ...result, points: 'none' } })).toMatch(/result\.points/);
    expect(failure({ type: 'progress', progress: { done: -1, total: 2, doing: '' } })).toMatch(/progress\.done/);
    expect(failure({ type: 'progress', progress: { done: 1, total: 2, doing: 'x'.repeat(5000) } })).toMatch(/progress\.doing/);
  });

  it('refuses an input whose values do not fill its shape, or that are not finite', () => {
    expect(failure({ type: 'input', inputs: [{ shape: [3], values: [1, 2] }] })).toMatch(/values do not fill the shape/);
    expect(failure({ type: 'input', inputs: [{ shape: [1], values: [Number.NaN] }] })).toMatch(/inputs/);
    expect(failure({ type: 'input', inputs: [] })).toMatch(/inputs/);
  });
});
