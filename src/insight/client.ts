/**
 * The page's side of "Why it matters": starts the insight worker for the reference curves, then measures
 * the learner's own function in the sandbox (src/worker/, the same isolation as any Run) on the very input
 * the curves were measured on, and hands the view everything as it comes. Knows nothing of React.
 */
import { insightSlugs } from 'virtual:course-insight-slugs';
import type { ProbeResult } from '../core/measurements.ts';
import type { RunOutcome } from '../core/outcome.ts';
import type { Plan } from '../core/plan.ts';
import type { TensorData } from '../core/tensor.ts';
import { SandboxRunner } from '../worker/runner.ts';
import { parseInsightWorkerMessage, type InsightStartMessage } from './insight-messages.ts';
import { budgetForDevice } from './measure-insight.ts';
import {
  INSIGHT_ITERATIONS,
  INSIGHT_METHOD,
  type CostPoint,
  type InsightListeners,
  type InsightProgress,
  type InsightRequest,
  type InsightResult,
  type InsightSession,
  InsightStopped,
} from './protocol.ts';

export { InsightStopped } from './protocol.ts';

/** Whether this build offers "Why it matters" for a problem: not under the solution policy `never`. */
export function insightAvailable(slug: string): boolean {
  return insightSlugs.includes(slug);
}

/** Said when the build has no insight for the problem (the course's solution policy is `never`, or none was written). */
export const INSIGHT_NOT_OFFERED = '“Why it matters” is not offered for this problem in this course.';

/** `result` rejects with this when the session was cancelled. */
export class InsightCancelled extends Error {
  override readonly name = 'InsightCancelled';
  constructor() {
    super('the measurement was cancelled');
  }
}

/**
 * A worker that says nothing for this long is taken for dead (a browser may kill a worker that ran out of
 * memory without an error event). The longest single run the engine allows is well under it.
 */
export const INSIGHT_SILENCE_TIMEOUT_MS = 90_000;
/** The learner's function on the chart's input: generous, the input is larger than a Run's. */
export const LEARNER_POINT_TIME_LIMIT_MS = 30_000;

/** What the learner's point needs to know of the problem. */
export type InsightProblemEntry = { readonly entry: string; readonly factory: boolean };

export type InsightDependencies = {
  createInsightWorker(): Worker;
  createSandboxWorker(): Worker;
  /** The device's memory in GB, if it says (navigator.deviceMemory). */
  deviceMemoryGB(): number | undefined;
  problemEntry(slug: string): InsightProblemEntry | Promise<InsightProblemEntry>;
  /** Left out: the engine's own target. */
  timeTargetMs?: number;
};

/** Loaded only when a session starts: the problem catalog is the page's, and this module stays light. */
async function catalogEntry(slug: string): Promise<InsightProblemEntry> {
  const { problemBySlug } = await import('../problems/catalog.ts');
  const { meta } = problemBySlug(slug);
  return { entry: meta.entry, factory: meta.factory };
}

export const BROWSER_DEPENDENCIES: InsightDependencies = {
  createInsightWorker: () => new Worker(new URL('./insight.worker.ts', import.meta.url), { type: 'module', name: 'kata-insight' }),
  createSandboxWorker: () =>
    new Worker(new URL('../worker/sandbox.worker.ts', import.meta.url), { type: 'module', name: 'kata-sandbox' }),
  deviceMemoryGB: () => (globalThis.navigator as { deviceMemory?: number } | undefined)?.deviceMemory,
  problemEntry: catalogEntry,
};

/**
 * Measures "Why it matters" for `request.slug`: progress and points stream to `listeners`; `result` has
 * them all, the learner's point ('yours') last when `learnerCode` was given. `cancel()` terminates the
 * worker at once and `result` rejects with InsightCancelled; a worker that crashes or breaks the protocol
 * rejects it with the reason. It never hangs.
 */
export function startInsight(
  request: InsightRequest,
  listeners: InsightListeners = {},
  dependencies: InsightDependencies = BROWSER_DEPENDENCIES,
): InsightSession {
  let settled = false;
  let worker: Worker | null = null;
  let runner: SandboxRunner | null = null;
  let silenceTimer: ReturnType<typeof setTimeout> | undefined;
  let settle: { resolve(result: InsightResult): void; reject(error: Error): void } = {
    resolve: () => undefined,
    reject: () => undefined,
  };
  const result = new Promise<InsightResult>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // The view may cancel without awaiting `result`; a rejection nobody awaits must not be reported.
  result.catch(() => undefined);

  const cleanUp = () => {
    clearTimeout(silenceTimer);
    worker?.terminate();
    worker = null;
    runner?.dispose();
    runner = null;
  };
  const fail = (error: Error) => {
    if (settled) return;
    settled = true;
    cleanUp();
    settle.reject(error);
  };
  const finish = (value: InsightResult) => {
    if (settled) return;
    settled = true;
    cleanUp();
    settle.resolve(value);
  };

  if (!insightAvailable(request.slug)) {
    fail(new Error(INSIGHT_NOT_OFFERED));
    return { result, cancel: () => undefined };
  }

  const learnerSteps = request.learnerCode === null ? 0 : 1;
  const progress = (reported: InsightProgress) =>
    listeners.onProgress?.({ ...reported, total: reported.total + learnerSteps });
  const budgetBytes = request.budgetBytes ?? budgetForDevice(dependencies.deviceMemoryGB());
  let inputs: readonly TensorData[] | null = null;
  let factoryInputs: readonly TensorData[] = [];
  let workerTotal = 0;
  /** What the worker reported so far: the points, and the run under way. */
  const reported: CostPoint[] = [];
  let running: InsightProgress['running'] = undefined;

  /**
   * The worker is gone mid-measurement: the points it measured stay, the run under way is marked as out of
   * memory (what a browser kills a worker for), and every other point as not measured, so that the chart
   * shows what there is instead of nothing.
   */
  const stopped = (why: string) => {
    if (settled) return;
    const has = (method: string, iterations: number) =>
      reported.some((point) => point.method === method && point.iterations === iterations);
    for (const method of [INSIGHT_METHOD.implicit, INSIGHT_METHOD.unrolled] as const) {
      for (const iterations of INSIGHT_ITERATIONS) {
        if (has(method, iterations)) continue;
        const point: CostPoint =
          running?.method === method && running.iterations === iterations
            ? { method, iterations, status: 'out-of-memory', budgetBytes, how: 'crashed' }
            : { method, iterations, status: 'not-measured', reason: 'the browser stopped the measurement before it' };
        listeners.onPoint?.(point);
      }
    }
    const where = running ? ` at ${running.method}, N = ${running.iterations}` : '';
    fail(new InsightStopped(`the browser stopped the measuring worker${where} (${why})`));
  };

  const watchSilence = () => {
    clearTimeout(silenceTimer);
    silenceTimer = setTimeout(
      () => stopped(`it stopped answering for ${INSIGHT_SILENCE_TIMEOUT_MS / 1000} s`),
      INSIGHT_SILENCE_TIMEOUT_MS,
    );
  };

  const measureLearner = async (reference: InsightResult) => {
    const code = request.learnerCode;
    if (code === null || !inputs) return finish(reference);
    const total = workerTotal + learnerSteps;
    listeners.onProgress?.({ done: workerTotal, total, doing: `your function, ${reference.learnerIterations} ${reference.iterationName}` });
    const entry = await dependencies.problemEntry(request.slug);
    if (settled) return;
    const point = await learnerPoint(dependencies, (created) => (runner = created), entry, code, { inputs, factoryInputs }, reference);
    if (settled) return;
    listeners.onPoint?.(point);
    listeners.onProgress?.({ done: total, total, doing: 'done' });
    finish({ ...reference, points: [...reference.points, point] });
  };

  try {
    worker = dependencies.createInsightWorker();
  } catch (error) {
    fail(new Error(`the measuring worker did not start: ${error instanceof Error ? error.message : String(error)}`));
    return { result, cancel: () => undefined };
  }
  worker.onmessage = (event: MessageEvent) => {
    if (settled) return;
    watchSilence();
    const message = parseInsightWorkerMessage(event.data);
    switch (message.type) {
      case 'progress':
        workerTotal = message.progress.total;
        running = message.progress.running;
        // The worker's 'done' is not the session's while the learner's point is still to come.
        if (message.progress.doing !== 'done' || learnerSteps === 0) progress(message.progress);
        return;
      case 'point':
        reported.push(message.point);
        listeners.onPoint?.(message.point);
        return;
      case 'input':
        inputs = message.inputs;
        factoryInputs = message.factoryInputs ?? [];
        return;
      case 'result':
        clearTimeout(silenceTimer);
        worker?.terminate();
        worker = null;
        measureLearner(message.result).catch((error: unknown) =>
          fail(new Error(`measuring your function failed: ${error instanceof Error ? error.message : String(error)}`)),
        );
        return;
      case 'failed':
        fail(new Error(message.message));
        return;
    }
  };
  worker.onerror = (event: ErrorEvent) => {
    event.preventDefault();
    stopped(event.message ? `it crashed: ${event.message}` : 'most likely it ran out of memory');
  };
  worker.onmessageerror = () => fail(new Error('the measuring worker sent a message that could not be read'));
  const start: InsightStartMessage = {
    type: 'start',
    slug: request.slug,
    budgetBytes,
    ...(dependencies.timeTargetMs === undefined ? {} : { timeTargetMs: dependencies.timeTargetMs }),
  };
  worker.postMessage(start);
  watchSilence();

  return { result, cancel: () => fail(new InsightCancelled()) };
}

/** The chart's input: the differentiated arguments, and a factory entry's data tensors. */
export type LearnerInput = { readonly inputs: readonly TensorData[]; readonly factoryInputs: readonly TensorData[] };

/** The one-probe plan of the learner's point: the gradient of sum(f(inputs)), profiled. */
export function learnerPlan(entry: InsightProblemEntry, { inputs, factoryInputs }: LearnerInput): Plan {
  return {
    entry: entry.entry,
    factory: entry.factory,
    seed: 'why-it-matters',
    probes: [
      {
        id: 'insight',
        kind: 'vjp',
        label: 'your function on the chart’s input',
        args: inputs,
        ...(entry.factory ? { factoryArgs: factoryInputs } : {}),
        cotangent: null,
        loss: 'output',
        profile: true,
      },
    ],
  };
}

async function learnerPoint(
  dependencies: InsightDependencies,
  hold: (runner: SandboxRunner) => void,
  entry: InsightProblemEntry,
  code: string,
  input: LearnerInput,
  reference: InsightResult,
): Promise<CostPoint> {
  const runner = new SandboxRunner(dependencies.createSandboxWorker, { keepSpare: false });
  hold(runner);
  const outcome = await runner.run({ source: code, plan: learnerPlan(entry, input), timeLimitMs: LEARNER_POINT_TIME_LIMIT_MS });
  runner.dispose();
  return learnerPointFrom(outcome, reference);
}

/** The learner's point from the sandbox's outcome: its figures, or why there are none, in words. */
export function learnerPointFrom(outcome: RunOutcome | null, reference: InsightResult): CostPoint {
  const base = { method: INSIGHT_METHOD.yours, iterations: reference.learnerIterations } as const;
  const notMeasured = (reason: string): CostPoint => ({ ...base, status: 'not-measured', reason });
  if (!outcome) return notMeasured('your function’s run was stopped before it finished');
  const elements = `${reference.inputSize.toLocaleString('en')} elements`;
  if (outcome.load?.status === 'threw') return notMeasured(`your module threw while loading: ${errorText(outcome.load.error)}`);
  const probe: ProbeResult | undefined = outcome.probes[0];
  if (!probe) {
    switch (outcome.end.kind) {
      case 'timeout':
        return notMeasured(`your function took longer than ${outcome.end.limitMs / 1000} s on the chart’s input (${elements})`);
      case 'crashed':
        return notMeasured(`your function could not be measured on the chart’s input (${elements}): ${outcome.end.reason}`);
      case 'complete':
        return notMeasured('your module does not export the function the problem asks for');
    }
  }
  if (probe.status === 'threw') return notMeasured(`your function threw on the chart’s input (${elements}): ${errorText(probe.error)}`);
  if (!probe.profile) {
    const first = probe.values[0];
    const got = first && first.kind !== 'tensor' ? ('description' in first ? first.description : 'a Promise') : 'no gradient';
    return notMeasured(`your function’s gradient could not be taken on the chart’s input: it gave ${got}`);
  }
  const { forwardMs, backwardMs, backwardKernels, peakBytes, tapeNodes } = probe.profile;
  return { ...base, status: 'measured', forwardMs, backwardMs, backwardKernels, peakBytes, tapeNodes };
}

function errorText(error: { name: string; message: string; line: number | null }): string {
  return `${error.name}: ${error.message}${error.line === null ? '' : ` (line ${error.line})`}`;
}
