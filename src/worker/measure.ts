import type * as TfCore from '@tensorflow/tfjs-core';
import type { ExportKind, GradientCost, LoadResult, ProbeResult, ValueSnapshot } from '../core/measurements.ts';
import { LOAD_PHASE, type LossShape, type Plan, type Probe } from '../core/plan.ts';
import { evaluateModule, ModuleThrew } from './evaluate.ts';
import { learnerSeed } from './learner-globals.ts';
import { toLearnerError, type PositionMapper } from './learner-error.ts';
import { TranspileError } from './transpile.ts';
import type { HardenedRealm } from './harden.ts';
import type { Tf } from './tf.ts';

/** A returned tensor larger than this is described by its shape and its first values only. */
export const SNAPSHOT_MAX_VALUES = 4096;

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
  try {
    const evaluated = await evaluateModule(source, {
      tf: realm.learnerTf,
      console: learnerConsole,
      seed: learnerSeed(plan.seed, source, plan.entry),
    });
    mapPosition = evaluated.mapPosition;
    entry = evaluated.exports[plan.entry];
    hooks.onLoad({ status: 'loaded', exports: describeExports(evaluated.exports), ms: hooks.now() - loadStart });
  } catch (error) {
    throwIfOutOfMemory(realm);
    const thrown = error instanceof ModuleThrew ? error.thrown : error;
    const mapper = error instanceof ModuleThrew ? error.mapPosition : null;
    if (!(error instanceof ModuleThrew) && !(error instanceof TranspileError)) throw error;
    hooks.onLoad({ status: 'threw', error: toLearnerError(thrown, mapper), ms: hooks.now() - loadStart });
    return;
  }
  throwIfOutOfMemory(realm);
  if (typeof entry !== 'function') return;
  const learnerFunction = entry as (x: TfCore.Tensor) => unknown;
  for (const probe of plan.probes) {
    hooks.onPhase(probe.label);
    const start = hooks.now();
    try {
      const measured = await runProbe(tf, learnerFunction, probe);
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
}

type LearnerFunction = (x: TfCore.Tensor) => unknown;
type Measured = { output: ValueSnapshot; inputIntact: boolean; cost?: GradientCost };

/** The parts of TF.js's engine state that tell an implicit gradient from an unrolled one. */
type EngineState = {
  activeTape: unknown[] | null;
  activeProfile: { kernels: unknown[] } | null;
};

async function runProbe(tf: Tf, learnerFunction: LearnerFunction, probe: Probe): Promise<Measured> {
  const x = tf.tensor(probe.input.values as number[], probe.input.shape as number[], 'float32');
  try {
    if (probe.kind === 'forward') {
      // tidy frees every tensor made here, the learner's included, so probes cannot starve each other.
      return tf.tidy(() => ({ output: snapshot(tf, learnerFunction(x)), inputIntact: isIntact(x, probe.input.values) }));
    }
    const weights = probe.cotangent ? tf.tensor(probe.cotangent.values as number[], probe.cotangent.shape as number[], 'float32') : null;
    try {
      const state = (tf.engine() as unknown as { state: EngineState }).state;
      let tapeNodes = 0;
      let forwardKernels = 0;
      const loss = (input: TfCore.Tensor): TfCore.Tensor => {
        const tapeBefore = state.activeTape?.length ?? 0;
        const shaped = shapeLoss(tf, learnerFunction, probe.loss, input);
        tapeNodes = (state.activeTape?.length ?? 0) - tapeBefore;
        const total = tf.sum(weights ? tf.mul(shaped, weights) : shaped);
        forwardKernels = state.activeProfile?.kernels.length ?? 0;
        return total;
      };
      const gradient = () => tf.tidy(() => tf.grad(loss)(x));
      if (!probe.measureCost) return withOutput(tf, gradient, x, probe.input.values);
      // tf.profile lists every kernel in the order run; those after the loss are the backward pass.
      let measured: Measured | undefined;
      const profile = await tf.profile(() => {
        measured = withOutput(tf, gradient, x, probe.input.values);
        return [];
      });
      if (!measured) throw new Error('tf.profile did not run the gradient');
      const cost = { tapeNodes, backwardKernels: Math.max(0, profile.kernels.length - forwardKernels) };
      return measured.output.kind === 'tensor' ? { ...measured, cost } : measured;
    } finally {
      weights?.dispose();
    }
  } finally {
    x.dispose();
  }
}

/** Runs the gradient, snapshots it and frees it; a non-tensor from the learner becomes the output. */
function withOutput(tf: Tf, gradient: () => TfCore.Tensor, x: TfCore.Tensor, values: readonly number[]): Measured {
  let output: ValueSnapshot;
  try {
    const result = gradient();
    output = snapshot(tf, result);
    result.dispose();
  } catch (error) {
    if (!(error instanceof NotATensor)) throw error;
    output = error.snapshot;
  }
  return { output, inputIntact: isIntact(x, values) };
}

function shapeLoss(tf: Tf, learnerFunction: LearnerFunction, shape: LossShape, input: TfCore.Tensor): TfCore.Tensor {
  const y = asTensor(tf, learnerFunction(input));
  switch (shape) {
    case 'output':
      return y;
    case 'square':
      return tf.square(y);
    case 'twice':
      return asTensor(tf, learnerFunction(y));
  }
}

function asTensor(tf: Tf, value: unknown): TfCore.Tensor {
  if (value instanceof tf.Tensor) return value;
  throw new NotATensor(snapshot(tf, value));
}

/** The learner's function returned something other than a tensor inside tf.grad. */
class NotATensor extends Error {
  constructor(readonly snapshot: ValueSnapshot) {
    super('not a tensor');
  }
}

function isIntact(x: TfCore.Tensor, values: readonly number[]): boolean {
  if (x.isDisposed) return false;
  const now = x.dataSync();
  return values.every((value, index) => Object.is(Math.fround(value), now[index]));
}

function snapshot(tf: Tf, value: unknown): ValueSnapshot {
  if (value instanceof tf.Tensor) {
    const data = value.dataSync();
    const count = Math.min(data.length, SNAPSHOT_MAX_VALUES);
    const values = Array.from({ length: count }, (_, index) => Number(data[index]));
    return { kind: 'tensor', shape: [...value.shape], dtype: value.dtype, values };
  }
  if (isThenable(value)) {
    // Nobody will await it: keep its rejection, if any, from surfacing as an unhandled one.
    value.then(undefined, () => undefined);
    return { kind: 'promise' };
  }
  return { kind: 'other', description: describeValue(value) };
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
  if (typeof value === 'function') return 'a function (call it: return op(x), not op)';
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  const keys = Object.keys(value as object).slice(0, 5);
  return keys.length > 0 ? `an object with keys ${keys.join(', ')}` : 'an object';
}

function describeExports(moduleExports: Record<string, unknown>): Record<string, ExportKind> {
  const kinds: Record<string, ExportKind> = {};
  for (const name of Object.keys(moduleExports)) {
    if (name === '__esModule' || name === 'default') continue;
    kinds[name] = exportKind(moduleExports[name]);
  }
  return kinds;
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
