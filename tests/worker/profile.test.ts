/**
 * The sandbox's `profile` flag on a gradient probe (src/worker/measure.ts): what "Why it matters" measures
 * of the learner's own function, in the same locked-down sandbox as any Run, on the chart's kind of input.
 */
import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ProbeResultSchema, type ProbeResult } from '../../src/core/measurements.ts';
import type { Plan } from '../../src/core/plan.ts';
import { insight } from '../../src/problems/fixed-point-sqrt/insight.ts';
import { measureInSandbox } from '../support/sandbox.ts';

const ELEMENTS = 20_000;
const input = insight.costInput(ELEMENTS);
const source = (path: string) => readFileSync(new URL(`../../src/problems/fixed-point-sqrt/${path}`, import.meta.url), 'utf8');

const plan = (profile: boolean): Plan => ({
  entry: 'fixedPointSqrt',
  factory: false,
  seed: 'profile-test',
  probes: [{ id: 'insight', kind: 'vjp', label: 'the chart input', args: input, cotangent: null, loss: 'output', ...(profile ? { profile } : {}) }],
});

async function probeOf(code: string, profile = true): Promise<ProbeResult> {
  const outcome = await measureInSandbox(code, plan(profile));
  const probe = outcome.probes[0];
  if (!probe) throw new Error(`no probe result: ${JSON.stringify(outcome.end)}`);
  return probe;
}

const profileOf = (probe: ProbeResult) => (probe.status === 'returned' ? probe.profile : undefined);

describe('the profile probe', () => {
  it('times and counts the reference solution: a tape node or two, a few kernels', async () => {
    const probe = await probeOf(source('solution.ts'));
    expect(probe.status).toBe('returned');
    expect(v.safeParse(ProbeResultSchema, probe).success).toBe(true);
    const profile = profileOf(probe);
    expect(profile).toBeDefined();
    if (!profile) return;
    expect(profile.tapeNodes).toBeGreaterThanOrEqual(1);
    expect(profile.tapeNodes).toBeLessThanOrEqual(2);
    expect(profile.backwardKernels).toBeLessThanOrEqual(6);
    // Its forward keeps the 10 steps' intermediates until customGrad's own tidy ends: about 3 a step.
    expect(profile.peakBytes).toBeGreaterThanOrEqual(ELEMENTS * 4 * 30);
    expect(profile.peakBytes).toBeLessThan(ELEMENTS * 4 * 40);
    expect(profile.forwardMs).toBeGreaterThanOrEqual(0);
    expect(profile.backwardMs).toBeGreaterThanOrEqual(0);
  });

  it('holds a handful of copies of the input when the forward frees its iterates', async () => {
    const profile = profileOf(await probeOf(source('fixtures/right-disposes-iterates.ts')));
    expect(profile).toBeDefined();
    // The input, an iterate or two, dy and the gradient: not 10 steps' worth.
    expect(profile?.peakBytes).toBeGreaterThanOrEqual(ELEMENTS * 4);
    expect(profile?.peakBytes).toBeLessThan(ELEMENTS * 4 * 10);
  });

  it('sees the unrolled loop: about 9 tape nodes and 12 kernels a step, memory for every step', async () => {
    const [honest, unrolled] = await Promise.all([
      probeOf(source('fixtures/right-disposes-iterates.ts')),
      probeOf(source('fixtures/wrong-unrolled-loop.ts')),
    ]);
    const profile = profileOf(unrolled);
    const reference = profileOf(honest);
    expect(profile).toBeDefined();
    expect(reference).toBeDefined();
    if (!profile || !reference) return;
    expect(profile.tapeNodes).toBeGreaterThanOrEqual(80);
    expect(profile.backwardKernels).toBeGreaterThanOrEqual(100);
    expect(profile.peakBytes).toBeGreaterThan(5 * reference.peakBytes);
  });

  it('is not there unless asked for', async () => {
    const probe = await probeOf(source('solution.ts'), false);
    expect(probe.status).toBe('returned');
    expect(profileOf(probe)).toBeUndefined();
    expect(probe.status === 'returned' && probe.cost).toBeTruthy();
  });

  it('refuses a profile with a negative or fractional count on arrival', () => {
    const base = { probeId: 'insight', status: 'returned', values: [{ kind: 'other', description: 'x' }], inputIntact: true, ms: 1 };
    const profile = { forwardMs: 1, backwardMs: 2, peakBytes: 100, backwardKernels: 4, tapeNodes: 2 };
    expect(v.safeParse(ProbeResultSchema, { ...base, profile }).success).toBe(true);
    expect(v.safeParse(ProbeResultSchema, { ...base, profile: { ...profile, peakBytes: -1 } }).success).toBe(false);
    expect(v.safeParse(ProbeResultSchema, { ...base, profile: { ...profile, tapeNodes: 1.5 } }).success).toBe(false);
    expect(v.safeParse(ProbeResultSchema, { ...base, profile: { ...profile, backwardMs: Number.POSITIVE_INFINITY } }).success).toBe(false);
  });
});
