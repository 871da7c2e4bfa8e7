import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ProbeResultSchema } from '../../src/core/measurements.ts';

const returned = (values: number[]) => ({
  probeId: 'gradient/example',
  status: 'returned',
  values: [{ kind: 'tensor', shape: [], rank: 0, dtype: 'float32', values, fromJavaScript: false }],
  inputIntact: true,
  ms: 1,
});

describe('ProbeResultSchema', () => {
  it('carries NaN and infinite values, which the checks then report as wrong', () => {
    // A gradient taken through a solver past convergence is NaN: a measurement, not a broken protocol.
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0.5]) {
      const parsed = v.safeParse(ProbeResultSchema, returned([value]));
      expect(parsed.success).toBe(true);
      if (parsed.success && parsed.output.status === 'returned') {
        const [snapshot] = parsed.output.values;
        expect(snapshot?.kind === 'tensor' ? snapshot.values[0] : null).toBe(value);
      }
    }
  });

  it('still refuses what is not a number', () => {
    expect(v.safeParse(ProbeResultSchema, returned(['1' as unknown as number])).success).toBe(false);
  });
});
