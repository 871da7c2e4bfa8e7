import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MEASUREMENT_LIMITS } from '../../src/core/limits.ts';
import type { GradientCost } from '../../src/core/measurements.ts';
import type { Plan } from '../../src/core/plan.ts';
import type { RunOutcome } from '../../src/core/outcome.ts';
import { problemBySlug } from '../../src/problems/catalog.ts';
import { gradeOne, measureInSandbox } from '../support/sandbox.ts';

const read = (url: URL) => readFileSync(url, 'utf8');
const SOLUTION = read(new URL('../../src/problems/fixed-point-sqrt/solution.ts', import.meta.url));
const UNROLLED = read(new URL('../../src/problems/fixed-point-sqrt/fixtures/wrong-unrolled-loop.ts', import.meta.url));
const TAPE_NAMES = read(new URL('../fixtures/measure/tape-names.ts', import.meta.url));

const gradientPlan = (entry: string): Plan => ({
  entry,
  factory: false,
  seed: 'test',
  probes: [{ id: 'vjp', kind: 'vjp', label: 'grad', args: [{ shape: [2], values: [4, 9] }], cotangent: null, loss: 'output' }],
});

function costOf(outcome: RunOutcome): GradientCost {
  const [result] = outcome.probes;
  if (result?.status !== 'returned' || !result.cost) throw new Error(`no cost measured: ${JSON.stringify(result)}`);
  return result.cost;
}

/** One Newton step `y = 0.5 * (y + x / y)` unrolled: each op keeps both its inputs, each copy a node. */
const NEWTON_STEP = ['Identity', 'Identity', 'RealDiv', 'Identity', 'Identity', 'Add', 'Identity', 'Identity', 'Multiply'];

describe('the operations recorded on the tape', () => {
  it('are the copy save() keeps and one customGrad node for the reference solution', async () => {
    const cost = costOf(await measureInSandbox(SOLUTION, gradientPlan('fixedPointSqrt')));
    expect(cost.tapeNodes).toBe(2);
    expect(cost.operations).toEqual(['Identity', 'customGrad']);
  });

  it('are nine per Newton step for the unrolled loop: 91 for ten steps', async () => {
    const cost = costOf(await measureInSandbox(UNROLLED, gradientPlan('fixedPointSqrt')));
    expect(cost.tapeNodes).toBe(91);
    expect(cost.operations).toEqual(['OnesLike', ...Array.from({ length: 10 }, () => NEWTON_STEP).flat()]);
  });

  it('stop at the cap, while the count says how many there were', async () => {
    const cost = costOf(await measureInSandbox(TAPE_NAMES, gradientPlan('hundredSteps')));
    expect(cost.tapeNodes).toBe(901);
    expect(cost.operations).toHaveLength(MEASUREMENT_LIMITS.tapeOperations);
    expect(cost.operations.slice(0, 10)).toEqual(['OnesLike', ...NEWTON_STEP]);
  });

  it('are named from what the engine ran, never from a scope name the learner chose', async () => {
    const named = costOf(await measureInSandbox(TAPE_NAMES, gradientPlan('inNamedScope')));
    expect(named.operations).toEqual(['Identity', 'customGrad']);
    const posing = costOf(await measureInSandbox(TAPE_NAMES, gradientPlan('posingAsCustomGrad')));
    expect(posing.operations).toEqual(['Identity', 'Sqrt']);
  });
});

describe('the report', () => {
  const { meta, grader } = problemBySlug('fixed-point-sqrt');

  it("carries the tape of the costliest gradient probe, with the probe's label", async () => {
    const [honest, unrolled] = await Promise.all([gradeOne(SOLUTION, meta, grader), gradeOne(UNROLLED, meta, grader)]);
    const labels = grader.makePlan(meta).probes.map((probe) => probe.label);
    expect(honest.tape).toMatchObject({ nodes: 2, operations: ['Identity', 'customGrad'] });
    expect(honest.tape?.backwardKernels).toBeLessThanOrEqual(5);
    expect(labels).toContain(honest.tape?.probe);
    expect(unrolled.tape).toMatchObject({ nodes: 91 });
    expect(unrolled.tape?.operations).toHaveLength(91);
    expect(unrolled.tape?.backwardKernels).toBeGreaterThan(100);
  });
});
