import type * as TfCore from '@tensorflow/tfjs-core';
import { capText, MEASUREMENT_LIMITS as LIMITS } from '../core/limits.ts';
import {
  isOperationName,
  OPERATION,
  type ExportKind,
  type GradientCost,
  type LoadResult,
  type ProbeProfile,
  type ProbeResult,
  type ValueSnapshot,
} from '../core/measurements.ts';
import { LOAD_PHASE, type LossShape, type Plan, type Probe } from '../core/plan.ts';
import { evaluateModule, ModuleThrew } from './evaluate.ts';
import { checkFootprint } from './footprint.ts';
import { learnerSeed } from './learner-globals.ts';
import { toLearnerError, type PositionMapper } from './learner-error.ts';
import { TranspileError } from './transpile.ts';
import { watchGradient, type GradientTapeNode } from './tape-gradients.ts';
import type { EngineWatch, TensorRecord } from './engine-watch.ts';
import type { HardenedRealm } from './harden.ts';
import type { Tf } from './tf.ts';
import type { TensorData } from '../core/tensor.ts';

export type MeasureHooks = {
  /** Called before each step with what it is about to do, in words (for a time-out's message). */
  onPhase(label: string): void;
  onLoad(result: LoadResult): void;
  onProbe(result: ProbeResult): void;
  /** A monotonic clock in ms. */
  now(): number;
};

/**
 * Loads the learner's module and runs every probe of the plan on it, reporting each result as soon as it
 * exists, as plain data. Measures only: whether a number is right is for the judge to say.
 */
export async function measure(
  tf: Tf,
  realm: HardenedRealm,
  source: string,
  plan: Plan,
  learnerConsole: object,
  hooks: MeasureHooks,
): Promise<void> {
  hooks.onPhase(LOAD_PHASE);
  const loadStart = hooks.now();
  let entry: unknown;
  let mapPosition: PositionMapper | null = null;
  let evaluated: Awaited<ReturnType<typeof evaluateModule>>;
  try {
    evaluated = await evaluateModule(source, {
      tf: realm.learnerTf,
      console: learnerConsole,
      seed: learnerSeed(plan.seed, source, plan.entry),
    });
    mapPosition = evaluated.mapPosition;
  } catch (error) {
    throwIfOutOfMemory(realm);
    const thrown = error instanceof ModuleThrew ? error.thrown : error;
    const mapper = error instanceof ModuleThrew ? error.mapPosition : null;
    if (!(error instanceof ModuleThrew) && !(error instanceof TranspileError)) throw error;
    hooks.onLoad({ status: 'threw', error: toLearnerError(thrown, mapper), ms: hooks.now() - loadStart });
    return;
  }
  try {
    // The exports object is the learner's: `module.exports` may be a Proxy, an export a getter. Whatever
    // they throw while being read is the learner's error, reported at the learner's line.
    const described = describeExports(evaluated.exports, plan.entry);
    entry = described.entry;
    const { kinds, more } = described;
    hooks.onLoad({ status: 'loaded', exports: kinds, moreExports: more, ms: hooks.now() - loadStart });
  } catch (error) {
    throwIfOutOfMemory(realm);
    hooks.onLoad({ status: 'threw', error: toLearnerError(error, mapPosition), ms: hooks.now() - loadStart });
    return;
  }
  throwIfOutOfMemory(realm);
  if (typeof entry !== 'function') return;
  const learnerEntry = entry as LearnerFunction;
  for (const probe of plan.probes) {
    hooks.onPhase(probe.label);
    const start = hooks.now();
    try {
      const measured = runProbe(tf, realm.watch, learnerEntry, plan, probe, hooks.now);
      // A turn between probes, as before: whatever the learner's code queued runs now, not inside the next one.
      await null;
      hooks.onProbe({ probeId: probe.id, status: 'returned', ...measured, ms: hooks.now() - start });
    } catch (error) {
      throwIfOutOfMemory(realm);
      hooks.onProbe({ probeId: probe.id, status: 'threw', error: toLearnerError(error, mapPosition), ms: hooks.now() - start });
    }
    throwIfOutOfMemory(realm);
  }
}

/** Past the memory cap the run is over, even if the learner's code caught the error and carried on. */
function throwIfOutOfMemory(realm: HardenedRealm): void {
  const exceeded = realm.memoryExceeded();
  if (exceeded) throw exceeded;
  checkFootprint();
}

type LearnerFunction = (...args: TfCore.Tensor[]) => unknown;
type Measured = { values: ValueSnapshot[]; inputIntact: boolean; cost?: GradientCost; profile?: ProbeProfile };

/** The parts of TF.js's engine state that tell an implicit gradient from an unrolled one. */
type EngineState = { activeTape: GradientTapeNode[] | null };

/**
 * Counts, for each call of the learner's function under tf.grad, the tape nodes it records and what their
 * gradients do in the backward pass: kernels run and values read back into JavaScript. Every gradient
 * probe is measured so, not one chosen probe: a gradFunc cannot behave only where it is watched. The
 * nodes' names are kept too (the first few hundred), for the learner to see what was taped.
 */
class CallCosts {
  private readonly calls: {
    tapeNodes: number;
    backwardKernels: number;
    largestReadbackValues: number;
    operations: string[];
  }[] = [];

  constructor(
    private readonly state: EngineState,
    readonly watch: EngineWatch,
  ) {}

  /** Calls the learner's function and instruments the tape nodes it recorded. */
  call(learnerFunction: LearnerFunction, args: readonly TfCore.Tensor[]): unknown {
    const tapeBefore = this.state.activeTape?.length ?? 0;
    const result = learnerFunction(...args);
    const tape = this.state.activeTape ?? [];
    const operations = tape
      .slice(tapeBefore, tapeBefore + LIMITS.tapeOperations)
      .map((node) => operationName(this.watch.tapeNodeName(node)));
    const cost = { tapeNodes: tape.length - tapeBefore, backwardKernels: 0, largestReadbackValues: 0, operations };
    this.calls.push(cost);
    for (const node of tape.slice(tapeBefore)) this.instrument(node, cost);
    return result;
  }

  /**
   * The costliest call's figures (a composed loss calls the function more than once), each the largest of
   * any call; the operations are those of the call with the most tape nodes.
   */
  worst(): GradientCost {
    const mostNodes = this.calls.reduce<(typeof this.calls)[number] | null>(
      (worst, call) => (worst === null || call.tapeNodes > worst.tapeNodes ? call : worst),
      null,
    );
    return {
      tapeNodes: Math.max(0, ...this.calls.map((call) => call.tapeNodes)),
      backwardKernels: Math.max(0, ...this.calls.map((call) => call.backwardKernels)),
      largestReadbackValues: Math.max(0, ...this.calls.map((call) => call.largestReadbackValues)),
      operations: mostNodes && mostNodes.tapeNodes > 0 ? mostNodes.operations : [],
    };
  }

  /** Counts what the node's gradient does (both its steps: see watchGradient) into the call's cost. */
  private instrument(node: GradientTapeNode, cost: { backwardKernels: number; largestReadbackValues: number }): void {
    watchGradient(node, (body) => {
      const { result, largestReadbackValues, kernels } = this.watch.watchBackward(body);
      cost.backwardKernels += kernels;
      cost.largestReadbackValues = Math.max(cost.largestReadbackValues, largestReadbackValues);
      return result;
    });
  }
}

/** A node's name as it crosses to the page: our own word for anything that is not a plain kernel name. */
function operationName(name: string | null): string {
  return name !== null && isOperationName(name) ? name : OPERATION.unknown;
}

/** A tensor the grader hands the learner, and what it takes to tell later whether it was left alone. */
type HandedTensor = { readonly tensor: TfCore.Tensor; intact(): boolean };

function handOver(tf: Tf, watch: EngineWatch, data: TensorData): HandedTensor {
  const tensor = watch.asGrader(() => tf.tensor(data.values as number[], data.shape as number[], 'float32'));
  // Our own reference to the caller's tensor, taken before the learner's code can touch the object.
  const record = watch.liveRecord(tensor);
  if (!record) throw new Error('the input tensor has no engine record');
  const ownBefore = ownFields(tensor);
  return { tensor, intact: () => isIntact(watch, tensor, record, ownBefore, data.values) };
}

/**
 * One probe of the learner's function. Synchronous on purpose: what the learner's code throws is caught by the
 * caller's try in the same turn. Thrown out of an async function, it would first reject a promise nobody
 * handles yet, and the browser (and Node) then formats the error for its unhandled-rejection report: a
 * quarter of a second per probe for an error whose name is 32 million characters (cap-error-name.ts), enough
 * to take an honest error past the time limit.
 */
function runProbe(
  tf: Tf,
  watch: EngineWatch,
  learnerEntry: LearnerFunction,
  plan: Plan,
  probe: Probe,
  now: () => number,
): Measured {
  const profiling = probe.kind === 'vjp' && probe.profile === true;
  const bytesBefore = watch.tensorBytes();
  const args = probe.args.map((data) => handOver(tf, watch, data));
  const factoryArgs = (probe.factoryArgs ?? []).map((data) => handOver(tf, watch, data));
  const handed = [...args, ...factoryArgs];
  const inputIntact = () => handed.every((input) => input.intact());
  const tensors = args.map((input) => input.tensor);
  const cotangent = probe.kind === 'vjp' ? probe.cotangent : null;
  const weights = cotangent
    ? watch.asGrader(() => tf.tensor(cotangent.values as number[], cotangent.shape as number[], 'float32'))
    : null;
  try {
    // tidy frees every tensor made here, the learner's included, so probes cannot starve each other.
    return tf.tidy(() => {
      const made = plan.factory ? makeFunction(watch, learnerEntry, factoryArgs) : learnerEntry;
      if (typeof made !== 'function') return { values: [made], inputIntact: inputIntact() };
      if (probe.kind === 'forward') {
        return { values: [snapshot(watch, made(...tensors))], inputIntact: inputIntact() };
      }
      const costs = new CallCosts((tf.engine() as unknown as { state: EngineState }).state, watch);
      let forwardEnd = 0;
      const loss = (...inputs: TfCore.Tensor[]): TfCore.Tensor => {
        const shaped = shapeLoss(tf, costs, made, probe.loss, inputs);
        const summed = tf.sum(weights ? tf.mul(shaped, weights) : shaped);
        forwardEnd = now();
        return summed;
      };
      let values: ValueSnapshot[];
      let profile: ProbeProfile | undefined;
      try {
        const start = now();
        const { result: gradients, peakBytes } = profiling
          ? watch.watchPeak(() => tf.grads(loss)(tensors))
          : { result: tf.grads(loss)(tensors), peakBytes: 0 };
        const end = now();
        values = gradients.map((gradient) => snapshot(watch, gradient));
        if (profiling) {
          const { backwardKernels, tapeNodes } = costs.worst();
          const forwardMs = Math.max(0, forwardEnd - start);
          const backwardMs = Math.max(0, end - forwardEnd);
          profile = { forwardMs, backwardMs, peakBytes: Math.max(0, peakBytes - bytesBefore), backwardKernels, tapeNodes };
        }
      } catch (error) {
        if (!(error instanceof NotATensor)) throw error;
        values = [error.snapshot];
      }
      const returnedTensors = values.every((value) => value.kind === 'tensor');
      const measured = returnedTensors ? { cost: costs.worst(), ...(profile ? { profile } : {}) } : {};
      return { values, inputIntact: inputIntact(), ...measured };
    });
  } finally {
    weights?.dispose();
    for (const input of handed) input.tensor.dispose();
  }
}

/**
 * Calls a factory entry with its data tensors. Returns the function it made, or, when it made something
 * else, a snapshot saying what (the probe's only value).
 */
function makeFunction(
  watch: EngineWatch,
  learnerEntry: LearnerFunction,
  factoryArgs: readonly HandedTensor[],
): LearnerFunction | ValueSnapshot {
  const made = learnerEntry(...factoryArgs.map((input) => input.tensor));
  if (typeof made === 'function') return made as LearnerFunction;
  const got = snapshot(watch, made);
  const what = got.kind === 'other' ? got.description : got.kind === 'promise' ? 'a Promise' : 'a tensor';
  return { kind: 'not-a-function', description: what };
}

function shapeLoss(
  tf: Tf,
  costs: CallCosts,
  learnerFunction: LearnerFunction,
  shape: LossShape,
  inputs: readonly TfCore.Tensor[],
): TfCore.Tensor {
  const y = asTensor(costs.watch, costs.call(learnerFunction, inputs));
  switch (shape) {
    case 'output':
      return y;
    case 'square':
      return tf.square(y);
    case 'twice':
      // f(f(a, b…), b…): the output takes the first argument's place.
      return asTensor(costs.watch, costs.call(learnerFunction, [y, ...inputs.slice(1)]));
  }
}

/** Only a live tensor the engine made goes on into tf.grad; anything else is described and ends the probe. */
function asTensor(watch: EngineWatch, value: unknown): TfCore.Tensor {
  if (watch.liveRecord(value)) return value as TfCore.Tensor;
  throw new NotATensor(snapshot(watch, value));
}

/** The learner's function returned something other than a tensor inside tf.grad. */
class NotATensor extends Error {
  constructor(readonly snapshot: ValueSnapshot) {
    super('not a tensor');
  }
}

/** Fields TF.js itself writes on a tensor it is handed (the scope that tracks it, whether it is kept). */
const FIELDS_TFJS_WRITES: ReadonlySet<PropertyKey> = new Set(['scopeId', 'kept']);

/** A tensor's own fields, as descriptors: read without running any getter. */
function ownFields(tensor: object): Map<PropertyKey, PropertyDescriptor> {
  const fields = new Map<PropertyKey, PropertyDescriptor>();
  for (const key of Reflect.ownKeys(tensor)) {
    if (FIELDS_TFJS_WRITES.has(key)) continue;
    const descriptor = Object.getOwnPropertyDescriptor(tensor, key);
    if (descriptor) fields.set(key, descriptor);
  }
  return fields;
}

/**
 * Whether the caller's tensor is as it was handed over, judged from the engine's record and from the
 * object's own fields before and after, never from what the object says (its `isDisposed`, `dataSync`,
 * `shape` or `dataId` may have been shadowed or reassigned).
 */
function isIntact(
  watch: EngineWatch,
  x: TfCore.Tensor,
  record: TensorRecord,
  before: ReadonlyMap<PropertyKey, PropertyDescriptor>,
  values: readonly number[],
): boolean {
  // liveRecord is null once x was disposed, and another record once its object was reassigned.
  if (watch.liveRecord(x) !== record) return false;
  const after = ownFields(x);
  if (after.size !== before.size) return false;
  for (const [key, was] of before) {
    const now = after.get(key);
    if (!now || !('value' in now) || !('value' in was) || !Object.is(now.value, was.value)) return false;
  }
  const now = watch.readValues(record, values.length);
  return values.every((value, index) => Object.is(Math.fround(value), now[index]));
}

/**
 * What the learner's function returned, as plain data. A tensor is read through the engine's record (its
 * shape, dtype and values as the engine holds them), never through the object; anything else is described
 * in words, and reading it may run the learner's getters, whose exceptions are the learner's.
 */
function snapshot(watch: EngineWatch, value: unknown): ValueSnapshot {
  const record = watch.liveRecord(value);
  if (record) {
    return {
      kind: 'tensor',
      shape: record.shape.slice(0, LIMITS.shapeDims),
      rank: record.shape.length,
      dtype: capText(record.dtype, LIMITS.dtypeChars),
      values: watch.readValues(record, LIMITS.tensorValues),
      fromJavaScript: watch.fromJavaScriptValues(record),
    };
  }
  if (watch.wasDisposed(value)) return { kind: 'other', description: 'a tensor that was already disposed' };
  if (isThenable(value)) {
    // Nobody will await it: keep its rejection, if any, from surfacing as an unhandled one.
    Promise.resolve(value).then(undefined, () => undefined);
    return { kind: 'promise' };
  }
  return { kind: 'other', description: capText(describeValue(value), LIMITS.descriptionChars) };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** In words, for a message: "the number 2", "an array of 2 items", "an object with keys value, gradFunc". */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined (is a `return` missing?)';
  if (value === null) return 'null';
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'boolean') return `the boolean ${value}`;
  if (typeof value === 'bigint') return 'a bigint';
  if (typeof value === 'symbol') return 'a symbol';
  if (typeof value === 'function') return 'a function (call it: return op(x), not op)';
  if (Array.isArray(value)) return `an array of ${Number(value.length)} item${value.length === 1 ? '' : 's'}`;
  if (ArrayBuffer.isView(value)) return `a ${capText(String(value.constructor.name), 40)}`;
  const keys: string[] = [];
  for (const key of Object.keys(value as object)) {
    if (keys.length === 5) break;
    keys.push(capText(key, 40));
  }
  // A look-alike passes `instanceof tf.Tensor` (TF.js checks for a few methods), but the engine never made it.
  const looksLikeTensor = ['dataSync', 'data', 'shape'].every((key) => key in (value as object));
  if (looksLikeTensor) return 'an object that looks like a tensor but was not made by TF.js';
  return keys.length > 0 ? `an object with keys ${keys.join(', ')}` : 'an object';
}

/**
 * The entry's value, and the names and kinds of the exports, the entry first, at most `exportNames` of them.
 * Each is read once: reading may run the learner's getters and throw the learner's errors.
 */
function describeExports(
  moduleExports: unknown,
  entry: string,
): { entry: unknown; kinds: Record<string, ExportKind>; more: number } {
  const kinds: Record<string, ExportKind> = {};
  let listed = 0;
  let more = 0;
  if ((typeof moduleExports !== 'object' && typeof moduleExports !== 'function') || moduleExports === null) {
    return { entry: undefined, kinds, more };
  }
  const entryValue = (moduleExports as Record<string, unknown>)[entry];
  if (Object.prototype.hasOwnProperty.call(moduleExports, entry)) {
    kinds[entry] = exportKind(entryValue);
    listed++;
  }
  for (const name of Object.keys(moduleExports)) {
    if (name === '__esModule' || name === 'default' || name === entry) continue;
    if (listed >= LIMITS.exportNames) {
      more++;
      continue;
    }
    listed++;
    kinds[capText(name, LIMITS.exportNameChars)] = exportKind((moduleExports as Record<string, unknown>)[name]);
  }
  return { entry: entryValue, kinds, more };
}

function exportKind(value: unknown): ExportKind {
  const type = typeof value;
  if (type === 'function') {
    return Object.prototype.toString.call(value) === '[object AsyncFunction]' ? 'async-function' : 'function';
  }
  return type === 'number' || type === 'string' || type === 'boolean' || type === 'object' || type === 'undefined'
    ? type
    : 'other';
}
