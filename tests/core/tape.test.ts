import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { MEASUREMENT_LIMITS } from '../../src/core/limits.ts';
import { GradientCostSchema, ProbeResultSchema, type ProbeResult } from '../../src/core/measurements.ts';
import type { Plan } from '../../src/core/plan.ts';
import { costliestTape } from '../../src/core/tape.ts';

const honest = { tapeNodes: 2, backwardKernels: 4, largestReadbackValues: 0, operations: ['Identity', 'customGrad'] };

describe('a gradient cost with the operations on the tape, on arrival', () => {
  it('is taken as the sandbox sends it, cut to the cap when the tape is longer', () => {
    expect(v.safeParse(GradientCostSchema, honest).success).toBe(true);
    const long = { ...honest, tapeNodes: 9001, operations: Array.from({ length: MEASUREMENT_LIMITS.tapeOperations }, () => 'Multiply') };
    expect(v.safeParse(GradientCostSchema, long).success).toBe(true);
    expect(v.safeParse(GradientCostSchema, { ...honest, tapeNodes: 0, operations: [] }).success).toBe(true);
  });

  it('is refused when a name is not an operation name, or the names and the count disagree', () => {
    const cases: Record<string, unknown> = {
      'markup': { ...honest, operations: ['<b>', 'customGrad'] },
      'spaces': { ...honest, operations: ['Identity', 'custom Grad'] },
      'a line break': { ...honest, operations: ['Identity\n', 'customGrad'] },
      'an empty name': { ...honest, operations: ['', 'customGrad'] },
      'a leading digit': { ...honest, operations: ['1Add', 'customGrad'] },
      'a name past 40 characters': { ...honest, operations: ['A'.repeat(MEASUREMENT_LIMITS.operationNameChars + 1), 'customGrad'] },
      'a name that is not a string': { ...honest, operations: [1, 'customGrad'] },
      'fewer names than nodes': { ...honest, operations: ['customGrad'] },
      'more names than nodes': { ...honest, operations: ['Identity', 'customGrad', 'Add'] },
      'past the cap': {
        ...honest,
        tapeNodes: 9001,
        operations: Array.from({ length: MEASUREMENT_LIMITS.tapeOperations + 1 }, () => 'Add'),
      },
      'a long tape cut short of the cap': { ...honest, tapeNodes: 9001, operations: ['Add'] },
      'no names at all': { tapeNodes: 2, backwardKernels: 4, largestReadbackValues: 0 },
    };
    for (const [what, cost] of Object.entries(cases)) {
      expect(v.safeParse(GradientCostSchema, cost).success, what).toBe(false);
    }
    // As part of a probe's result, as the page and the CLI read it.
    const probe = { probeId: 'vjp', status: 'returned', values: [{ kind: 'promise' }], inputIntact: true, ms: 1 };
    expect(v.safeParse(ProbeResultSchema, { ...probe, cost: honest }).success).toBe(true);
    expect(v.safeParse(ProbeResultSchema, { ...probe, cost: cases['markup'] }).success).toBe(false);
  });
});

describe('costliestTape', () => {
  const vjp = (id: string) => ({ id, kind: 'vjp' as const, label: `the gradient ${id}`, args: [], cotangent: null, loss: 'output' as const });
  const plan: Plan = {
    entry: 'f',
    factory: false,
    seed: 'test',
    probes: [{ id: 'forward', kind: 'forward', label: 'f(x)', args: [] }, vjp('a'), vjp('b'), vjp('c')],
  };
  const returned = (probeId: string, tapeNodes: number, backwardKernels = 4): ProbeResult => ({
    probeId,
    status: 'returned',
    values: [{ kind: 'promise' }],
    inputIntact: true,
    cost: { tapeNodes, backwardKernels, largestReadbackValues: 0, operations: Array.from({ length: tapeNodes }, () => 'Add') },
    ms: 1,
  });

  it('is the gradient probe that recorded the most, the first of equals in the plan\'s order', () => {
    // Results arrive in any order; the plan decides.
    expect(costliestTape(plan, [returned('c', 5, 9), returned('b', 7, 30), returned('a', 7, 12)])).toEqual({
      probe: 'the gradient a',
      nodes: 7,
      operations: Array.from({ length: 7 }, () => 'Add'),
      backwardKernels: 12,
    });
  });

  it('is absent when no gradient probe returned a cost', () => {
    const threw: ProbeResult = { probeId: 'a', status: 'threw', error: { name: 'Error', message: 'no', line: null, column: null, stack: '' }, ms: 1 };
    const noCost: ProbeResult = { probeId: 'b', status: 'returned', values: [{ kind: 'promise' }], inputIntact: true, ms: 1 };
    expect(costliestTape(plan, [threw, noCost])).toBeNull();
    expect(costliestTape(plan, [])).toBeNull();
  });
});
