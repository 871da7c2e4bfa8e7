/**
 * The sandbox's whole footprint is capped in the CLI, ArrayBuffers included: what the tensor cap and the
 * thread's heap limit do not see ends the run as out of memory too (src/worker/footprint.ts in the thread,
 * the page-fault backstop of src/cli/sandbox-pool.ts in the parent). tests/fixtures/cli/array-buffer-hog.ts
 * goes through the real command in grade.test.ts.
 */
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../src/core/plan.ts';
import { closeSandboxes } from '../../src/cli/sandbox.ts';
import { SANDBOX_FOOTPRINT_CAP_MB } from '../../src/worker/footprint.ts';
import { measureInSandbox } from '../support/sandbox.ts';

const plan: Plan = {
  entry: 'f',
  factory: false,
  seed: 'test',
  probes: [
    { id: 'forward', kind: 'forward', label: 'f(x)', args: [{ shape: [2], values: [4, 9] }] },
    { id: 'again', kind: 'forward', label: 'f(x) again', args: [{ shape: [2], values: [4, 9] }] },
  ],
};

const module = (...lines: string[]) => ["import * as tf from '@tensorflow/tfjs';", ...lines].join('\n');

afterAll(() => closeSandboxes());

describe('the sandbox footprint cap', () => {
  it('ends a run that holds typed arrays past the cap as out of memory, even if it lets go of them', async () => {
    const outcome = await measureInSandbox(
      module(
        'export const f = (x: tf.Tensor) => {',
        '  let hoard: Float32Array[] | null = [];',
        '  for (let i = 0; i < 4; i++) hoard.push(tf.util.makeZerosTypedArray(2 ** 26, "float32"));',
        '  try { tf.scalar(1); } catch (error) { console.log("caught", (error as Error).name); }',
        '  hoard = null;',
        '  return x.mul(x);',
        '};',
      ),
      plan,
    );
    expect(outcome.end).toEqual({ kind: 'crashed', reason: expect.stringMatching(/^it ran out of memory: your code holds 10\d\d MB of memory/) });
    expect(outcome.end.kind === 'crashed' && outcome.end.reason).toContain(`over the sandbox's ${SANDBOX_FOOTPRINT_CAP_MB} MB`);
    expect(outcome.console.lines.map((line) => line.text)).toEqual(['caught SandboxMemoryExceeded']);
    expect(outcome.probes).toEqual([]);
  }, 30_000);

  it('counts the heap and the ArrayBuffers together, each under its own limit', async () => {
    // About 230 MB of heap (under the 512 MB heap limit) and 640 MB of typed arrays, held from the module.
    const outcome = await measureInSandbox(
      module(
        'const heap: number[][] = [];',
        'for (let i = 0; i < 30; i++) heap.push(new Array<number>(1_000_000).fill(1.5));',
        'const buffers = Array.from({ length: 5 }, () => new Float64Array(2 ** 24));',
        'export const f = (x: tf.Tensor) => x.mul(heap.length + buffers.length);',
      ),
      plan,
    );
    expect(outcome.load).toMatchObject({ status: 'loaded' });
    expect(outcome.end).toEqual({ kind: 'crashed', reason: expect.stringMatching(/^it ran out of memory: your code holds \d+ MB of memory/) });
    expect(outcome.probes).toEqual([]);
  }, 30_000);

  it('lets a submission that stays under the cap run to the end', async () => {
    const outcome = await measureInSandbox(
      module(
        'const kept = Array.from({ length: 3 }, () => new Float64Array(2 ** 24));',
        'export const f = (x: tf.Tensor) => x.mul(kept.length);',
      ),
      plan,
    );
    expect(outcome.end).toEqual({ kind: 'complete' });
    expect(outcome.probes.map((probe) => probe.status)).toEqual(['returned', 'returned']);
  }, 30_000);

  it('still ends a heap hog at the heap limit, between two checks', async () => {
    const outcome = await measureInSandbox(
      module(
        'const hoard: number[][] = [];',
        'export const f = (x: tf.Tensor) => { for (;;) hoard.push(new Array<number>(1_000_000).fill(1.5)); };',
      ),
      plan,
    );
    expect(outcome.end).toEqual({
      kind: 'crashed',
      reason: "the submission ran out of memory: it used more than the sandbox's 512 MB of heap",
    });
  }, 30_000);

  it.skipIf(!existsSync('/proc/thread-self'))(
    'stops code that fills typed arrays in a loop, which no check sees, well before the time limit',
    async () => {
      const started = performance.now();
      const outcome = await measureInSandbox(
        module('const hoard: Float64Array[] = [];', 'for (;;) hoard.push(new Float64Array(2 ** 21).fill(1));', 'export const f = (x: tf.Tensor) => x;'),
        plan,
      );
      expect(outcome.end).toEqual({
        kind: 'crashed',
        reason: expect.stringMatching(new RegExp(`^the submission ran out of memory: it filled more than the sandbox's ${SANDBOX_FOOTPRINT_CAP_MB} MB \\(\\d+ MB\\) while it ran$`)),
      });
      expect(outcome.load).toBeNull();
      expect(performance.now() - started).toBeLessThan(10_000);
    },
    30_000,
  );
});
