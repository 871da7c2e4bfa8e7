/**
 * src/insight/client.ts with stand-in workers: the real engine behind a fake insight worker (in this
 * process), and workers that crash, break the protocol or never answer. The learner's point is measured in
 * the command-line sandbox on the plan the client builds, the same isolation the page's sandbox gives.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  INSIGHT_NOT_OFFERED,
  InsightCancelled,
  InsightStopped,
  insightAvailable,
  learnerPlan,
  learnerPointFrom,
  startInsight,
  type InsightDependencies,
} from '../../src/insight/client.ts';
import type { InsightWorkerMessage } from '../../src/insight/insight-messages.ts';
import { measureInsight, measureRun } from '../../src/insight/measure-insight.ts';
import { INSIGHT_ITERATIONS, type CostPoint, type InsightProgress, type InsightResult } from '../../src/insight/protocol.ts';
import { insight as sqrt } from '../../src/problems/fixed-point-sqrt/insight.ts';
import { insight as ridge } from '../../src/problems/ridge-hypergradient/insight.ts';
import { readyTf, type Tf } from '../../src/worker/tf.ts';
import { measureInSandbox } from '../support/sandbox.ts';

let tf: Tf;
beforeAll(async () => {
  tf = await readyTf();
});

type Behaviour = (worker: FakeWorker, start: unknown) => void | Promise<void>;

/** Enough of a Worker for the client: postMessage, the three handlers, terminate. */
class FakeWorker {
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  terminated = false;
  constructor(private readonly behaviour: Behaviour) {}
  postMessage(data: unknown) {
    setTimeout(() => void this.behaviour(this, data), 0);
  }
  post(data: unknown) {
    if (!this.terminated) this.onmessage?.({ data: structuredClone(data) } as MessageEvent);
  }
  crash(message: string) {
    if (!this.terminated) this.onerror?.({ message, preventDefault: () => undefined } as ErrorEvent);
  }
  terminate() {
    this.terminated = true;
  }
}

/** The real engine, small: 2 000 elements, two counts. */
const engineWorker: Behaviour = async (worker, start) => {
  const { slug, budgetBytes } = start as { slug: string; budgetBytes: number };
  const post = (message: InsightWorkerMessage) => worker.post(message);
  const result = await measureInsight(tf, sqrt, {
    slug,
    budgetBytes,
    size: 2_000,
    iterations: [10, 30],
    onProgress: (progress) => post({ type: 'progress', progress }),
    onPoint: (point) => post({ type: 'point', point }),
    onInput: (inputs, factoryInputs) => post({ type: 'input', inputs, factoryInputs }),
  });
  post({ type: 'result', result });
};

function dependencies(insight: Behaviour, sandbox?: Behaviour) {
  const made: FakeWorker[] = [];
  const sandboxes: FakeWorker[] = [];
  const deps: InsightDependencies = {
    createInsightWorker: () => {
      const worker = new FakeWorker(insight);
      made.push(worker);
      return worker as unknown as Worker;
    },
    createSandboxWorker: () => {
      const worker = new FakeWorker(sandbox ?? ((fake) => fake.crash('no sandbox here')));
      sandboxes.push(worker);
      return worker as unknown as Worker;
    },
    deviceMemoryGB: () => 8,
    problemEntry: () => ({ entry: 'fixedPointSqrt', factory: false }),
  };
  return { deps, made, sandboxes };
}

describe('a session', () => {
  it('streams progress and points, and resolves with them all', async () => {
    const { deps, made } = dependencies(engineWorker);
    const progress: InsightProgress[] = [];
    const points: CostPoint[] = [];
    const session = startInsight(
      { slug: 'fixed-point-sqrt', learnerCode: null },
      { onProgress: (step) => progress.push(step), onPoint: (point) => points.push(point) },
      deps,
    );
    const result = await session.result;
    expect(result.points).toEqual(points);
    expect(result.points.map((point) => `${point.method} ${point.iterations} ${point.status}`)).toEqual([
      'implicit 10 measured',
      'implicit 30 measured',
      'unrolled 10 measured',
      'unrolled 30 measured',
    ]);
    // 8 GB of device memory: a quarter is over 1 GB, so the budget is 1 GB.
    expect(result.budgetBytes).toBe(2 ** 30);
    expect(progress.at(-1)).toMatchObject({ done: 5, total: 5, doing: 'done' });
    expect(made[0]?.terminated).toBe(true);
  });

  it('with the learner’s code, adds their point last, or says why there is none, and still ends', async () => {
    const { deps, sandboxes } = dependencies(engineWorker);
    const points: CostPoint[] = [];
    const progress: InsightProgress[] = [];
    const result = await startInsight(
      { slug: 'fixed-point-sqrt', learnerCode: 'export const fixedPointSqrt = (x) => x;', budgetBytes: 2 ** 28 },
      { onPoint: (point) => points.push(point), onProgress: (step) => progress.push(step) },
      deps,
    ).result;
    expect(result.budgetBytes).toBe(2 ** 28);
    const yours = result.points.at(-1);
    expect(yours).toMatchObject({ method: 'yours', iterations: 10, status: 'not-measured' });
    if (yours?.status === 'not-measured') expect(yours.reason).toContain('no sandbox here');
    expect(points.at(-1)).toEqual(yours);
    expect(progress.at(-1)).toMatchObject({ done: 6, total: 6 });
    // One sandbox for the one point, terminated: none warmed for a next run that never comes.
    expect(sandboxes).toHaveLength(1);
    expect(sandboxes[0]?.terminated).toBe(true);
  });

  it('cancel() terminates the worker at once and rejects the result', async () => {
    const { deps, made } = dependencies(() => undefined);
    const session = startInsight({ slug: 'fixed-point-sqrt', learnerCode: null }, {}, deps);
    session.cancel();
    await expect(session.result).rejects.toBeInstanceOf(InsightCancelled);
    expect(made[0]?.terminated).toBe(true);
  });

  it('a worker that crashes rejects with the reason, never hangs', async () => {
    const { deps } = dependencies((worker) => worker.crash('Out of memory'));
    const result = startInsight({ slug: 'deq-layer', learnerCode: null }, {}, deps).result;
    await expect(result).rejects.toBeInstanceOf(InsightStopped);
    await expect(result).rejects.toThrow('the browser stopped the measuring worker (it crashed: Out of memory)');
  });

  it('a worker the browser kills mid-way: the points measured stay, the one under way is out of memory, the rest not measured', async () => {
    // A stand-in for the real worker: two points measured, then killed while measuring unrolled at N = 30
    // (a browser's out-of-memory kill comes as an error event without a message).
    const measured = (method: 'implicit' | 'unrolled', iterations: number): CostPoint => ({
      method,
      iterations,
      status: 'measured',
      backwardMs: 1,
      backwardKernels: 4,
      peakBytes: 1000 * iterations,
      tapeNodes: 2,
    });
    const killed: Behaviour = (worker) => {
      const progress = (done: number, method: 'implicit' | 'unrolled', iterations: number) =>
        worker.post({ type: 'progress', progress: { done, total: 11, doing: `${method}, ${iterations}`, running: { method, iterations } } });
      progress(0, 'implicit', 10);
      worker.post({ type: 'point', point: measured('implicit', 10) });
      progress(1, 'implicit', 30);
      worker.post({ type: 'point', point: measured('implicit', 30) });
      progress(2, 'unrolled', 10);
      worker.post({ type: 'point', point: measured('unrolled', 10) });
      progress(3, 'unrolled', 30);
      worker.crash('');
    };
    const { deps, made } = dependencies(killed);
    const points: CostPoint[] = [];
    const session = startInsight(
      { slug: 'fixed-point-sqrt', learnerCode: null, budgetBytes: 2 ** 28 },
      { onPoint: (point) => points.push(point) },
      deps,
    );
    await expect(session.result).rejects.toThrow('the browser stopped the measuring worker at unrolled, N = 30 (most likely it ran out of memory)');
    await expect(session.result).rejects.toBeInstanceOf(InsightStopped);
    expect(made[0]?.terminated).toBe(true);
    const status = (method: string, iterations: number) => {
      const found = points.filter((point) => point.method === method && point.iterations === iterations);
      expect(found).toHaveLength(1);
      const [point] = found;
      return point?.status === 'out-of-memory' ? `${point.status} ${point.how}` : point?.status;
    };
    expect(INSIGHT_ITERATIONS.map((n) => status('implicit', n))).toEqual([
      'measured',
      'measured',
      'not-measured',
      'not-measured',
      'not-measured',
    ]);
    expect(INSIGHT_ITERATIONS.map((n) => status('unrolled', n))).toEqual([
      'measured',
      'out-of-memory crashed',
      'not-measured',
      'not-measured',
      'not-measured',
    ]);
    expect(points.find((point) => point.status === 'out-of-memory')).toMatchObject({ budgetBytes: 2 ** 28 });
    expect(points.find((point) => point.status === 'not-measured')).toMatchObject({
      reason: 'the browser stopped the measurement before it',
    });
  });

  it('a worker that breaks the protocol rejects, saying where', async () => {
    const { deps } = dependencies((worker) => worker.post({ type: 'point', point: { method: 'implicit', iterations: -3 } }));
    await expect(startInsight({ slug: 'deq-layer', learnerCode: null }, {}, deps).result).rejects.toThrow(/breaks the protocol \(point\./);
  });

  it('is not offered for a problem the build has no insight for', async () => {
    expect(insightAvailable('fixed-point-sqrt')).toBe(true);
    expect(insightAvailable('deq-layer')).toBe(true);
    expect(insightAvailable('no-such-problem')).toBe(false);
    const { deps, made } = dependencies(engineWorker);
    await expect(startInsight({ slug: 'no-such-problem', learnerCode: null }, {}, deps).result).rejects.toThrow(INSIGHT_NOT_OFFERED);
    expect(made).toHaveLength(0);
  });
});

describe("the learner's point, measured in the sandbox on the chart's input", () => {
  const inputs = sqrt.costInput(5_000);
  const reference = { inputSize: 5_000, learnerIterations: 10 } as InsightResult;
  const plan = learnerPlan({ entry: 'fixedPointSqrt', factory: false }, { inputs, factoryInputs: [] });
  const file = (path: string) => readFileSync(new URL(`../../src/problems/fixed-point-sqrt/${path}`, import.meta.url), 'utf8');

  it('is one profiled gradient probe on exactly that input', () => {
    expect(plan.probes).toHaveLength(1);
    expect(plan.probes[0]).toMatchObject({ kind: 'vjp', args: inputs, cotangent: null, loss: 'output', profile: true });
  });

  it('the solution: measured, a tape node or two', async () => {
    const point = learnerPointFrom(await measureInSandbox(file('solution.ts'), plan), reference);
    expect(point).toMatchObject({ method: 'yours', iterations: 10, status: 'measured' });
    if (point.status === 'measured') expect(point.tapeNodes).toBeLessThanOrEqual(2);
  });

  it('the unrolled loop: measured, about 9 tape nodes a step', async () => {
    const point = learnerPointFrom(await measureInSandbox(file('fixtures/wrong-unrolled-loop.ts'), plan), reference);
    expect(point).toMatchObject({ status: 'measured' });
    if (point.status === 'measured') expect(point.tapeNodes).toBeGreaterThanOrEqual(80);
  });

  it('counts as the reference curves count: the unrolled loop in the sandbox has the unrolled curve’s tape nodes and kernels', async () => {
    // The fixture is the insight's own step, written by hand: same ops, so the same figures, if the sandbox
    // and the engine count alike.
    const point = learnerPointFrom(await measureInSandbox(file('fixtures/wrong-unrolled-loop.ts'), plan), reference);
    const curve = measureRun(tf, sqrt, 'unrolled', 10, inputs, 2 ** 30);
    expect(point).toMatchObject({ status: 'measured', tapeNodes: curve.tapeNodes, backwardKernels: curve.backwardKernels });
    // Peak memory by the same watch, around two harnesses: on this input the sandbox's probe held one
    // tensor of the input's size and three floats more (2 180 052 bytes against 2 160 040).
    const inputBytes = 4 * (inputs[0]?.values.length ?? 0);
    if (point.status === 'measured') expect(Math.abs(point.peakBytes - curve.peakBytes)).toBeLessThanOrEqual(inputBytes + 64);
  });

  it('code that throws: not measured, with the error in words', async () => {
    const point = learnerPointFrom(await measureInSandbox(file('fixtures/wrong-gradfunc-throws.ts'), plan), reference);
    expect(point).toMatchObject({ status: 'not-measured' });
    if (point.status === 'not-measured') expect(point.reason).toMatch(/^your function threw on the chart’s input \(5,000 elements\): \w+: /);
  });
});

describe("the learner's point for a factory entry", () => {
  const input = { inputs: ridge.costInput(3_000), factoryInputs: ridge.costData?.(3_000) ?? [] };
  const plan = learnerPlan({ entry: 'makeValidationLoss', factory: true }, input);
  const file = (path: string) => readFileSync(new URL(`../../src/problems/ridge-hypergradient/${path}`, import.meta.url), 'utf8');
  const reference = { inputSize: 3_000, learnerIterations: 160 } as InsightResult;

  it('hands the factory its data and differentiates λ alone', () => {
    expect(plan.factory).toBe(true);
    expect(plan.probes[0]).toMatchObject({ args: input.inputs, factoryArgs: input.factoryInputs, profile: true });
  });

  it('the solution and the unrolled CG are both measured, the second with a tape many times longer', async () => {
    const [solution, unrolled] = await Promise.all([
      measureInSandbox(file('solution.ts'), plan),
      measureInSandbox(file('fixtures/wrong-unrolled-cg.ts'), plan),
    ]);
    const honest = learnerPointFrom(solution, reference);
    const taped = learnerPointFrom(unrolled, reference);
    expect(honest).toMatchObject({ method: 'yours', status: 'measured' });
    expect(taped).toMatchObject({ status: 'measured' });
    if (honest.status === 'measured' && taped.status === 'measured') expect(taped.tapeNodes).toBeGreaterThan(20 * honest.tapeNodes);
  });
});
