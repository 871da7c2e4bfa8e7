/**
 * The measuring side of "Why it matters": for each iteration count and each method, what the gradient of a
 * problem's fixed point costs, and how its accuracy follows convergence. Pure: it takes `tf` and the
 * problem's `ProblemInsight`, and runs in the insight worker and in Node (tests, the bench) alike.
 *
 * - implicit: a customGrad that runs the iteration with the tape off, disposing each iterate, and whose
 *   gradFunc is the problem's IFT backward at the last iterate.
 * - unrolled: the same loop under the tape, so autodiff goes back through every step.
 *
 * The engine drives the loop itself and watches every kernel the engine runs: tensor memory past the budget
 * stops the run on the spot (everything it made is disposed, the tape included) and the next one goes on.
 * The figures are counted as the sandbox counts the learner's (src/worker/measure.ts): tape nodes the
 * function records, kernels its tape nodes' gradients run, so "yours" compares with these like for like.
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import type { TensorData } from '../core/tensor.ts';
import { peakWatch } from '../worker/peak-bytes.ts';
import { watchGradient, type GradientTapeNode } from '../worker/tape-gradients.ts';
import type { FixedPointIteration, ProblemInsight, Tensor, Tf } from './problem-insight.ts';
import {
  INSIGHT_ITERATIONS,
  INSIGHT_METHOD,
  type ConvergenceRow,
  type ConvergenceStudy,
  type CostPoint,
  type InsightProgress,
  type InsightResult,
} from './protocol.ts';

/** The budget where the device says nothing of its memory: 1 GB of tensors. */
export const DEFAULT_BUDGET_BYTES = 2 ** 30;
/**
 * What the cost chart may take on this machine class, so that the whole view (the convergence study and
 * the learner's point included) is done in about 15 s: past it, the input is shrunk.
 */
export const DEFAULT_TIME_TARGET_MS = 11_000;
/** Below this many elements the figures say more about overheads than about the method. */
export const MIN_COST_SIZE = 2_000;
/** How much slower per step the calibration assumes an unrolled run of many steps is than one of 10. */
const UNROLLED_SLOWDOWN = 1.5;
/** Runs that would end later than this many times the time target after the calibration are left out. */
const LATE_FACTOR = 2;
/** How many times the calibration may time the input and shrink it. */
const CALIBRATION_ROUNDS = 3;
/** The count the calibration measures first; its points are kept when the input needs no shrinking. */
const CALIBRATION_ITERATIONS = 10;

/** The memory budget for a device: min(1 GB, a quarter of its memory), when it says how much it has. */
export function budgetForDevice(deviceMemoryGB: number | undefined): number {
  if (deviceMemoryGB === undefined || !Number.isFinite(deviceMemoryGB) || deviceMemoryGB <= 0) return DEFAULT_BUDGET_BYTES;
  return Math.min(DEFAULT_BUDGET_BYTES, Math.floor((deviceMemoryGB * 2 ** 30) / 4));
}

export type MeasureInsightOptions = {
  readonly slug: string;
  readonly budgetBytes: number;
  /** The cost chart's time target; the input shrinks to fit it. */
  readonly timeTargetMs?: number;
  /** Exactly this many elements, no calibration (the bench, tests). */
  readonly size?: number;
  /** The counts the chart measures, distinct and increasing (INSIGHT_ITERATIONS unless told). */
  readonly iterations?: readonly number[];
  /** A monotonic clock in ms. */
  readonly now?: () => number;
  onProgress?(progress: InsightProgress): void;
  onPoint?(point: CostPoint): void;
  /** Once the input is settled (after any shrinking), before the chart's runs: where "yours" is measured. */
  onInput?(inputs: readonly TensorData[], data: readonly TensorData[], shrunkFrom: number | null): void;
};

/** The tensors held passed the budget: the run is stopped where it is. */
class OverBudget extends Error {
  constructor(readonly heldBytes: number) {
    super(`over the memory budget: ${heldBytes} bytes held`);
  }
}

type TapeNode = GradientTapeNode & { saved?: Tensor[] };
type KernelParams = { kernelName?: string };
type EngineInternals = {
  state: { numBytes: number; numTensors: number; activeTape: TapeNode[] | null; gradientDepth: number };
  runKernelFunc(params: KernelParams): unknown;
};

/**
 * Counts kernels and the peak of tensor memory while installed, and throws OverBudget from the kernel that
 * takes the held bytes past the budget. Installed as an own property over the engine's method, which the
 * engine calls through `this`: it sees every kernel, nested ones (a customGrad's forward) included.
 */
function installMeter(tf: Tf, baselineBytes: number, budgetBytes: number) {
  const engine = tf.engine() as unknown as EngineInternals;
  const hadOwn = Object.prototype.hasOwnProperty.call(engine, 'runKernelFunc');
  const previous = engine.runKernelFunc;
  const peaks = peakWatch(() => engine.state.numBytes);
  const meter = { kernels: 0, watchPeak: peaks.watch, uninstall: () => undefined as void };
  engine.runKernelFunc = (params: KernelParams) => {
    const outputs = previous.call(engine, params);
    if (params.kernelName != null) meter.kernels++;
    peaks.note();
    const bytes = engine.state.numBytes;
    if (bytes - baselineBytes > budgetBytes) throw new OverBudget(bytes - baselineBytes);
    return outputs;
  };
  meter.uninstall = () => {
    if (hadOwn) engine.runKernelFunc = previous;
    else delete (engine as Partial<EngineInternals>).runKernelFunc;
  };
  return meter;
}

/**
 * After a run stopped mid-gradient, TF.js leaves the tape behind with the clones its nodes saved (kept
 * tensors, which no tidy frees): dispose them and drop the tape, as a finished tf.grad does.
 */
function dropAbandonedTape(tf: Tf): void {
  const engine = tf.engine() as unknown as EngineInternals;
  if (engine.state.gradientDepth !== 0 || !engine.state.activeTape) return;
  for (const node of engine.state.activeTape) for (const tensor of node.saved ?? []) tensor.dispose();
  engine.state.activeTape = null;
}

/**
 * y_N from y_0 by N steps. With `disposeIterates` (the tape off) each step runs in a tidy and the previous
 * iterate is freed, so the forward holds O(1) memory; under the tape nothing can be freed before backward.
 */
function iterate(
  tf: Tf,
  iteration: FixedPointIteration,
  inputs: readonly Tensor[],
  steps: number,
  disposeIterates: boolean,
): Tensor {
  let y = iteration.init(tf, inputs);
  for (let step = 0; step < steps; step++) {
    const current = y;
    const next = disposeIterates ? tf.tidy(() => iteration.step(tf, current, inputs)) : iteration.step(tf, current, inputs);
    if (disposeIterates && !inputs.includes(current)) current.dispose();
    y = next;
  }
  return y;
}

type GradFunction = (...inputs: Tensor[]) => Tensor;

/**
 * The implicit method: the forward with the tape off, the problem's IFT backward at y_N. A factory's data
 * tensors are no inputs of the op (nothing flows back to them); they stay alive for the whole run.
 */
function implicitFunction(tf: Tf, iteration: FixedPointIteration, steps: number, data: readonly Tensor[]): GradFunction {
  const op = tf.customGrad((...args: (Tensor | TfCore.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as TfCore.GradSaveFunc;
    const inputs = args.slice(0, -1) as Tensor[];
    const yStar = iterate(tf, iteration, [...inputs, ...data], steps, true);
    save([yStar, ...inputs]);
    return {
      value: iteration.output ? iteration.output(tf, yStar, [...inputs, ...data]) : yStar,
      gradFunc: (dy: Tensor, saved: Tensor[]) =>
        iteration.implicitBackward(tf, dy, saved[0] as Tensor, [...saved.slice(1), ...data]),
    };
  });
  return (...inputs) => op(...inputs);
}

function unrolledFunction(tf: Tf, iteration: FixedPointIteration, steps: number, data: readonly Tensor[]): GradFunction {
  return (...inputs) => {
    const all = [...inputs, ...data];
    const y = iterate(tf, iteration, all, steps, false);
    return iteration.output ? iteration.output(tf, y, all) : y;
  };
}

export type Method = typeof INSIGHT_METHOD.implicit | typeof INSIGHT_METHOD.unrolled;

function functionFor(tf: Tf, problem: ProblemInsight, method: Method, steps: number, data: readonly Tensor[]): GradFunction {
  return method === INSIGHT_METHOD.implicit
    ? implicitFunction(tf, problem.iteration, steps, data)
    : unrolledFunction(tf, problem.iteration, steps, data);
}

function makeInputs(tf: Tf, data: readonly TensorData[]): Tensor[] {
  return data.map((input) => tf.tensor(input.values as number[], input.shape as number[], 'float32'));
}

export type RunFigures = {
  readonly forwardMs: number;
  readonly backwardMs: number;
  readonly backwardKernels: number;
  readonly peakBytes: number;
  readonly tapeNodes: number;
};

/**
 * One gradient of sum(f(inputs)) with respect to every input, measured. Throws OverBudget when it was
 * stopped; whatever way it ends, every tensor it made is gone.
 */
export function measureRun(
  tf: Tf,
  problem: ProblemInsight,
  method: Method,
  steps: number,
  inputData: readonly TensorData[],
  budgetBytes: number,
  now: () => number = () => performance.now(),
  dataData: readonly TensorData[] = [],
): RunFigures {
  const engine = tf.engine() as unknown as EngineInternals;
  const baselineBytes = engine.state.numBytes;
  const meter = installMeter(tf, baselineBytes, budgetBytes);
  const inputs = makeInputs(tf, inputData);
  const data = makeInputs(tf, dataData);
  const f = functionFor(tf, problem, method, steps, data);
  let tapeNodes = 0;
  let backwardKernels = 0;
  let forwardEnd = 0;
  const counted = <T>(body: () => T): T => {
    const before = meter.kernels;
    try {
      return body();
    } finally {
      backwardKernels += meter.kernels - before;
    }
  };
  const loss = (...args: Tensor[]): Tensor => {
    const tape = engine.state.activeTape ?? [];
    const before = tape.length;
    const y = f(...args);
    tapeNodes = tape.length - before;
    // The backward kernels counted as the sandbox counts them, by the same code: those its tape nodes'
    // gradients run.
    for (const node of tape.slice(before)) watchGradient(node, counted);
    forwardEnd = now();
    return y;
  };
  const start = now();
  try {
    const { result: gradients, peakBytes } = meter.watchPeak(() => tf.grads(loss)(inputs));
    const end = now();
    tf.dispose(gradients);
    return {
      forwardMs: forwardEnd - start,
      backwardMs: end - forwardEnd,
      backwardKernels,
      peakBytes: peakBytes - baselineBytes,
      tapeNodes,
    };
  } catch (error) {
    dropAbandonedTape(tf);
    throw error;
  } finally {
    meter.uninstall();
    tf.dispose([...inputs, ...data]);
  }
}

/** The gradient of sum(f(inputs)) with respect to each input, as plain numbers (for tests and checks). */
export function gradientValues(
  tf: Tf,
  problem: ProblemInsight,
  method: Method,
  steps: number,
  inputData: readonly TensorData[],
  dataData: readonly TensorData[] = [],
): number[][] {
  return tf.tidy(() => {
    const f = functionFor(tf, problem, method, steps, makeInputs(tf, dataData));
    return tf.grads(f)(makeInputs(tf, inputData)).map((gradient) => Array.from(gradient.dataSync()));
  });
}

/** The elements of an input, all tensors together. */
export function elementsOf(inputs: readonly TensorData[]): number {
  return inputs.reduce((sum, input) => sum + input.values.length, 0);
}

const METHOD_LABEL = { implicit: 'implicit', unrolled: 'unrolled' } as const;

/**
 * Memory a method will need at `steps`, from what it needed at smaller counts: a straight line through the
 * last two, or in proportion to the only one. Null before any.
 */
function predictedBytes(measured: readonly { steps: number; peakBytes: number }[], steps: number): number | null {
  const last = measured.at(-1);
  if (!last) return null;
  const before = measured.at(-2);
  // The counts are distinct and increasing, so two measured runs never share a step count.
  if (!before) return (last.peakBytes * steps) / last.steps;
  const slope = (last.peakBytes - before.peakBytes) / (last.steps - before.steps);
  return last.peakBytes + Math.max(0, slope) * (steps - last.steps);
}

/** Runs the whole view's measurement: the cost chart's points and the convergence study. */
export async function measureInsight(tf: Tf, problem: ProblemInsight, options: MeasureInsightOptions): Promise<InsightResult> {
  const now = options.now ?? (() => performance.now());
  const counts = options.iterations ?? INSIGHT_ITERATIONS;
  const methods: readonly Method[] = [INSIGHT_METHOD.implicit, INSIGHT_METHOD.unrolled];
  const total = counts.length * methods.length + 1;
  let done = 0;
  const progress = (doing: string, running?: InsightProgress['running']) =>
    options.onProgress?.({ done, total, doing, ...(running ? { running } : {}) });
  // Let the worker post what it has before the next synchronous stretch of kernels.
  const yieldNow = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

  /** Each method's latest measured run at the current input size: what a run's time is predicted from. */
  const latest = new Map<Method, { steps: number; forwardMs: number; backwardMs: number }>();
  const predictedMs = (method: Method, steps: number): number => {
    const last = latest.get(method);
    if (!last) return 0;
    const scale = steps / last.steps;
    // The forward is linear in the steps for both; the implicit backward does not depend on them at all.
    const backwardScale = method === INSIGHT_METHOD.implicit ? 1 : scale;
    return last.forwardMs * scale + last.backwardMs * backwardScale;
  };
  const run = (method: Method, steps: number, inputs: readonly TensorData[]): CostPoint => {
    try {
      const figures = measureRun(tf, problem, method, steps, inputs, options.budgetBytes, now, data);
      latest.set(method, { steps, forwardMs: figures.forwardMs, backwardMs: figures.backwardMs });
      return { method, iterations: steps, status: 'measured', ...figures };
    } catch (error) {
      if (!(error instanceof OverBudget)) throw error;
      return { method, iterations: steps, status: 'out-of-memory', budgetBytes: options.budgetBytes, heldBytes: error.heldBytes, how: 'stopped' };
    }
  };

  // TF.js's first calls cost more than the rest (kernel registration, the backend's first allocations):
  // paid here, on a tiny input, so that the calibration below measures steady work.
  const warmUp = problem.costInput(16);
  const warmUpData = problem.costData?.(16) ?? [];
  for (const method of methods) measureRun(tf, problem, method, 2, warmUp, Number.POSITIVE_INFINITY, now, warmUpData);

  // Calibration: the first count at full size. When the whole chart would take too long on this device,
  // the input shrinks in proportion (each step's cost is linear in the elements) and those runs are redone.
  const targetMs = options.timeTargetMs ?? DEFAULT_TIME_TARGET_MS;
  const requested = options.size ?? problem.costSize;
  let inputs = problem.costInput(requested);
  let data = problem.costData?.(requested) ?? [];
  let shrunkFrom: number | null = null;
  const first = counts[0] ?? CALIBRATION_ITERATIONS;
  const kept = new Map<Method, CostPoint>();
  // Time is not quite linear in the elements (each kernel has a fixed cost too), so a shrunk input is timed
  // again, and shrunk again if need be.
  for (let round = 0; options.size === undefined && round < CALIBRATION_ROUNDS; round++) {
    let estimateMs = 0;
    for (const method of methods) {
      progress(`measuring how fast this device is, ${first} ${problem.iterationName}`, { method, iterations: first });
      await yieldNow();
      const point = run(method, first, inputs);
      kept.set(method, point);
      for (const steps of counts) {
        // An unrolled step gets slower as the tape grows (more tensors alive, more for the collector).
        const growth = method === INSIGHT_METHOD.unrolled && steps > first ? UNROLLED_SLOWDOWN : 1;
        const fits = point.status === 'measured' && (point.peakBytes * steps) / first <= options.budgetBytes;
        if (fits || method === INSIGHT_METHOD.implicit) estimateMs += predictedMs(method, steps) * growth;
      }
    }
    if (estimateMs <= targetMs) break;
    const before = elementsOf([...inputs, ...data]);
    const elements = Math.max(MIN_COST_SIZE, Math.floor((before * targetMs) / estimateMs));
    if (elements >= before) break;
    shrunkFrom ??= before;
    inputs = problem.costInput(elements);
    data = problem.costData?.(elements) ?? [];
    kept.clear();
    latest.clear();
  }
  options.onInput?.(inputs, data, shrunkFrom);

  // Should the device be slower than calibrated (another tab, a phone that throttles), a run that would
  // end past this is left out rather than keeping the learner waiting.
  const deadline = now() + LATE_FACTOR * targetMs;
  const points: CostPoint[] = [];
  for (const method of methods) {
    const measured: { steps: number; peakBytes: number }[] = [];
    for (const steps of counts) {
      progress(`${METHOD_LABEL[method]}, ${steps} ${problem.iterationName}`, { method, iterations: steps });
      await yieldNow();
      const predicted = predictedBytes(measured, steps);
      // A smaller count of this method ran out already (even its first, with nothing measured to predict
      // from): a larger one needs at least as much, so it is not started again.
      const stoppedHeld = points.reduce(
        (most, point) =>
          point.method === method && point.status === 'out-of-memory' ? Math.max(most, 'heldBytes' in point ? point.heldBytes : 0) : most,
        -1,
      );
      const stoppedBefore = stoppedHeld >= 0;
      const runMs = predictedMs(method, steps);
      let point: CostPoint;
      if (stoppedBefore || (predicted !== null && predicted > options.budgetBytes)) {
        // Never less than the budget: "ran out of 1 GB, would have needed about 900 MB" would contradict itself.
        const heldBytes = Math.max(Math.round(predicted ?? 0), stoppedHeld, options.budgetBytes + 1);
        point = { method, iterations: steps, status: 'out-of-memory', budgetBytes: options.budgetBytes, heldBytes, how: 'predicted' };
      } else if (options.size === undefined && now() + runMs > deadline) {
        point = {
          method,
          iterations: steps,
          status: 'not-measured',
          reason: `left out to keep the view quick: it would take about ${Math.ceil(runMs / 1000)} s more on this device`,
        };
      } else {
        point = (steps === first ? kept.get(method) : undefined) ?? run(method, steps, inputs);
      }
      if (point.status === 'measured') measured.push({ steps, peakBytes: point.peakBytes });
      points.push(point);
      options.onPoint?.(point);
      done++;
    }
  }

  progress(`the convergence study, 1 to ${problem.convergence.maxIterations} ${problem.iterationName}`);
  await yieldNow();
  const convergence = convergenceStudy(tf, problem);
  done++;
  progress('done');

  const inputSize = elementsOf([...inputs, ...data]);
  const solver = problem.learnerIterationsAt;
  return {
    slug: options.slug,
    inputSize,
    shrunkFrom,
    iterationName: problem.iterationName,
    // On the input measured: after any shrinking, a solver's count is that of the smaller problem.
    learnerIterations: solver ? solver.count(inputSize) : problem.learnerIterations,
    ...(solver ? { learnerIterationsNote: solver.note } : {}),
    budgetBytes: options.budgetBytes,
    points,
    convergence,
  };
}

/** The derivative the setup reads, of its output element, by `method` after `steps` steps, and the forward value. */
function readDerivative(tf: Tf, problem: ProblemInsight, method: Method, steps: number): { forward: number; derivative: number } {
  const setup = problem.convergence;
  return tf.tidy(() => {
    const inputs = makeInputs(tf, setup.inputs);
    const f = functionFor(tf, problem, method, steps, makeInputs(tf, setup.data ?? []));
    let forward = Number.NaN;
    const readout = (...args: Tensor[]): Tensor => {
      const y = f(...args);
      forward = tf.reshape(y, [-1]).dataSync()[setup.outputIndex] ?? Number.NaN;
      return tf.sum(tf.slice(tf.reshape(y, [-1]), [setup.outputIndex], [1]));
    };
    const gradients = tf.grads(readout)(inputs);
    const gradient = gradients[setup.inputIndex];
    const derivative = gradient ? (tf.reshape(gradient, [-1]).dataSync()[setup.elementIndex] ?? Number.NaN) : Number.NaN;
    return { forward, derivative };
  });
}

/** Rows for 1…maxIterations: the forward value, the unrolled and the implicit derivative, and the truth. */
export function convergenceStudy(tf: Tf, problem: ProblemInsight): ConvergenceStudy {
  const setup = problem.convergence;
  const rows: ConvergenceRow[] = [];
  for (let steps = 1; steps <= setup.maxIterations; steps++) {
    const unrolled = readDerivative(tf, problem, INSIGHT_METHOD.unrolled, steps);
    const implicit = readDerivative(tf, problem, INSIGHT_METHOD.implicit, steps);
    rows.push({ iterations: steps, forward: implicit.forward, unrolled: unrolled.derivative, implicit: implicit.derivative });
  }
  return { where: setup.where, readout: setup.readout, truth: setup.truth(), truthSource: setup.truthSource, rows };
}
