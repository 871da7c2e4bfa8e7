/**
 * What the measuring code knows about tensors, from TF.js's engine itself rather than from the tensor
 * objects the learner's code can touch. Installed once, before lockdown (harden.ts), on an engine the
 * learner cannot reach:
 *
 * - Every tensor the engine tracks is recorded with its data id, shape and dtype as the engine made it.
 *   Tensor instances are not frozen (TF.js writes to them), so a learner can shadow `dataSync` or
 *   `isDisposed` on one, or hand back a look-alike that passes `instanceof tf.Tensor` (TF.js decides that by
 *   duck typing); the measurements read the record instead, and what has none is no tensor.
 * - Values never alias the backend: `dataSync()`/`data()` hand out copies, and `tf.tensor(typedArray)`
 *   stores a copy. Writing through a read-back array, or into the array a tensor was made from, changes
 *   neither what is measured nor what the caller holds.
 * - Provenance: a tensor made from JavaScript numbers that vary (not a constant such as ones or 0.5), and
 *   everything a kernel computes from one, is marked. The judge can then tell "computed by TF.js ops" from
 *   "computed in JavaScript and wrapped in a tensor".
 * - Counters: kernels run, and the largest read-back while the backward pass is being watched.
 * - Names of tape nodes, from the call that recorded each: a node's own `kernelName` is a kernel's name
 *   only for built-in ops; for a customGrad node or a kept copy it is the enclosing scope's name, which is
 *   "forward", or whatever text the learner passed to tf.tidy.
 */
import { OPERATION } from '../core/measurements.ts';
import { sizeOfShape } from '../core/tensor.ts';
import { peakWatch } from './peak-bytes.ts';
import type { Tf } from './tf.ts';

export type TensorRecord = {
  readonly dataId: object;
  readonly shape: readonly number[];
  readonly dtype: string;
};

export type EngineWatch = {
  /** The engine's record of a live, real tensor; null for a look-alike, a disposed tensor or a non-tensor. */
  liveRecord(value: unknown): TensorRecord | null;
  /** Whether the engine was asked to dispose this tensor object. */
  wasDisposed(tensor: unknown): boolean;
  /** A copy of the first `max` values behind a record, read from the backend directly. */
  readValues(record: TensorRecord, max: number): number[];
  /** True when the data came from varying JavaScript numbers, directly or through kernels. */
  fromJavaScriptValues(record: TensorRecord): boolean;
  /**
   * Makes the grader's own tensors (the probe's input, its upstream gradient) without marking them. Every
   * other tensor made from varying JavaScript numbers is marked, whenever it is made: the learner's code can
   * run between probes too (a microtask, a timer).
   */
  asGrader<T>(make: () => T): T;
  /**
   * Runs `body` (a piece of the learner's backward pass) and returns what it returned with the most values
   * one of its read-backs (dataSync, data, array...) gave it, and how many kernels it ran. An async read
   * counts when it is asked for, not when it resolves. Reading scalars back, one per step of an iteration
   * to see whether it has converged, stays allowed; numbers assembled back into a tensor are marked instead.
   */
  watchBackward<T>(body: () => T): { result: T; largestReadbackValues: number; kernels: number };
  /** Bytes of tensor memory the engine holds now. */
  tensorBytes(): number;
  /** Runs `body` and returns what it returned with the most tensor bytes held after any kernel it ran. */
  watchPeak<T>(body: () => T): { result: T; peakBytes: number };
  /**
   * What recorded a node of the tape: a built-in kernel's name ("RealDiv"), `customGrad` for the node of a
   * tf.customGrad function, `Identity` for a copy kept for the backward pass; null for a node none of the
   * engine calls watched here pushed.
   */
  tapeNodeName(node: unknown): string | null;
};

type Engine = {
  state: {
    numBytes: number;
    tensorInfo: { has(dataId: object): boolean; get(dataId: object): { shape: number[] } | undefined };
    activeTape: { outputs?: unknown[] }[] | null;
  };
  trackTensor(tensor: object, backend: unknown): void;
  disposeTensor(tensor: object): void;
  makeTensor(values: unknown, shape: number[], dtype: string, backend?: unknown): object;
  runKernelFunc(params: { kernelName?: string; inputs?: Record<string, unknown> }): unknown;
  readSync(dataId: object): unknown;
  read(dataId: object): Promise<unknown>;
  /** A copy taped as its own node (under the scope's name): how TF.js keeps a tensor for the backward pass. */
  clone(tensor: object): object;
};

type DataIdHolder = { dataId?: unknown; shape?: unknown; dtype?: unknown };

function copyOf(values: unknown): unknown {
  if (ArrayBuffer.isView(values)) return (values as unknown as Float32Array).slice();
  // String tensors: an array of byte arrays.
  if (Array.isArray(values)) return values.map((item: unknown) => copyOf(item));
  return values;
}

function sizeOf(values: unknown): number {
  return ArrayBuffer.isView(values) || Array.isArray(values) ? (values as ArrayLike<unknown>).length : 0;
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/** More than one value, not all the same: numbers computed in JavaScript, not a constant fill. */
function varies(values: unknown): boolean {
  if (!ArrayBuffer.isView(values) && !Array.isArray(values)) return false;
  const list = values as ArrayLike<unknown>;
  for (let index = 1; index < list.length; index++) {
    if (!Object.is(list[index], list[0])) return true;
  }
  return false;
}

/** Nonzero while the console formats a value: its reads are for printing, not the learner's computation. */
let uncountedDepth = 0;

export function withoutReadbackCounting<T>(body: () => T): T {
  uncountedDepth++;
  try {
    return body();
  } finally {
    uncountedDepth--;
  }
}

export function watchEngine(tf: Tf): EngineWatch {
  const engine = tf.engine() as unknown as Engine;
  const records = new WeakMap<object, TensorRecord>();
  const disposed = new WeakSet<object>();
  const fromJs = new WeakSet<object>();
  /** The one value of a tensor the learner made from a constant (a scalar, a fill): 0.5, 1, 1e-6... */
  const constants = new WeakMap<object, unknown>();
  /**
   * Joining constants of different values (tf.stack of tf.scalar(v) for each v) is an array of JavaScript
   * numbers assembled into a tensor, as much as tf.tensor(numbers) is.
   */
  const assemblesNumbers = (kernelName: string | undefined, inputIds: readonly unknown[]) => {
    if (kernelName !== 'Pack' && kernelName !== 'Concat') return false;
    const values = new Set<unknown>();
    for (const dataId of inputIds) {
      if (isObject(dataId) && constants.has(dataId)) values.add(constants.get(dataId));
    }
    return values.size > 1;
  };
  const readSync = engine.readSync.bind(engine);
  const read = engine.read.bind(engine);
  const track = engine.trackTensor.bind(engine);
  const dispose = engine.disposeTensor.bind(engine);
  const makeTensor = engine.makeTensor.bind(engine);
  const runKernelFunc = engine.runKernelFunc.bind(engine);
  const clone = engine.clone.bind(engine);
  const tapeNames = new WeakMap<object, string>();
  /**
   * Names the node `call` pushed, if it pushed one: the engine pushes a call's own node last, after any its
   * body pushed (the copies it keeps), and the node's first output is what the call returned.
   */
  const nameTapeNode = <T>(name: string, call: () => T): T => {
    const tapeBefore = engine.state.activeTape;
    const lengthBefore = tapeBefore?.length ?? 0;
    const result = call();
    const tape = engine.state.activeTape;
    const node = tape === tapeBefore && tape && tape.length > lengthBefore ? tape[tape.length - 1] : undefined;
    const output = Array.isArray(result) ? (result as unknown[])[0] : result;
    if (node && node.outputs?.[0] === output) tapeNames.set(node, name);
    return result;
  };
  let kernels = 0;
  let graderMaking = 0;
  let backward: { largest: number } | null = null;
  const peaks = peakWatch(() => engine.state.numBytes);

  const noteReadback = (values: number) => {
    if (backward && uncountedDepth === 0) backward.largest = Math.max(backward.largest, values);
  };
  const dataIdOf = (tensor: unknown): object | null => (isObject(tensor) ? records.get(tensor)?.dataId : undefined) ?? null;

  // Installed after the originals are bound; the engine calls its own methods through `this`, so these
  // see every tensor, kernel and read, whoever started it.
  engine.trackTensor = (tensor, backend) => {
    track(tensor, backend);
    // The engine's own object, just built (or a Variable just assigned): its fields are the truth now.
    const { dataId, shape, dtype } = tensor as DataIdHolder;
    if (isObject(dataId) && Array.isArray(shape) && typeof dtype === 'string') {
      records.set(tensor, { dataId, shape: [...(shape as number[])], dtype });
    }
  };
  engine.disposeTensor = (tensor) => {
    disposed.add(tensor);
    dispose(tensor);
  };
  engine.makeTensor = (values, shape, dtype, backend) => {
    const tensor = makeTensor(copyOf(values), shape, dtype, backend);
    const dataId = dataIdOf(tensor);
    if (graderMaking === 0 && dataId) {
      if (varies(values)) fromJs.add(dataId);
      else if (sizeOf(values) > 0) constants.set(dataId, (values as ArrayLike<unknown>)[0]);
    }
    return tensor;
  };
  engine.runKernelFunc = (params) => {
    if (params.kernelName != null) kernels++;
    // A built-in op names its kernel; a call without a kernel name is tf.customGrad's.
    const outputs = nameTapeNode(params.kernelName ?? OPERATION.customGrad, () => runKernelFunc(params));
    peaks.note();
    const inputs = Object.values(params.inputs ?? {});
    const inputIds = inputs.map((input) => dataIdOf(input) ?? (input as DataIdHolder | null)?.dataId);
    const marked = inputIds.some((dataId) => isObject(dataId) && fromJs.has(dataId));
    if (marked || assemblesNumbers(params.kernelName, inputIds)) {
      for (const output of Array.isArray(outputs) ? outputs : [outputs]) {
        const dataId = dataIdOf(output);
        if (dataId) fromJs.add(dataId);
      }
    }
    return outputs;
  };
  engine.clone = (tensor) => nameTapeNode(OPERATION.identity, () => clone(tensor));
  engine.readSync = (dataId) => {
    const values = copyOf(readSync(dataId));
    noteReadback(sizeOf(values));
    return values;
  };
  engine.read = (dataId) => {
    // Counted now, while the gradFunc that asked is still running; the values arrive later.
    noteReadback(sizeOfShape(engine.state.tensorInfo.get(dataId)?.shape ?? []));
    return read(dataId).then(copyOf);
  };

  return {
    liveRecord(value) {
      if (!isObject(value)) return null;
      const record = records.get(value);
      if (!record || disposed.has(value) || !engine.state.tensorInfo.has(record.dataId)) return null;
      return record;
    },
    wasDisposed: (tensor) => isObject(tensor) && disposed.has(tensor),
    readValues(record, max) {
      const values = readSync(record.dataId) as ArrayLike<number>;
      const count = Math.min(values.length, max);
      return Array.from({ length: count }, (_, index) => Number(values[index]));
    },
    fromJavaScriptValues: (record) => fromJs.has(record.dataId),
    asGrader(make) {
      graderMaking++;
      try {
        return make();
      } finally {
        graderMaking--;
      }
    },
    tensorBytes: () => engine.state.numBytes,
    watchPeak: (body) => peaks.watch(body),
    watchBackward(body) {
      const outer = backward;
      const current = { largest: 0 };
      const kernelsBefore = kernels;
      backward = current;
      try {
        const result = body();
        return { result, largestReadbackValues: current.largest, kernels: kernels - kernelsBefore };
      } finally {
        backward = outer;
        if (outer) outer.largest = Math.max(outer.largest, current.largest);
      }
    },
    tapeNodeName: (node) => (isObject(node) ? (tapeNames.get(node) ?? null) : null),
  };
}
