/**
 * Makes the sandbox's realm safe to run a submission in, once, before any learner code: the learner's code
 * can then neither patch what the measurements rely on (Math, Array.prototype, tf.Tensor.prototype...)
 * nor reach the engine, the kernel registries or the host (the page's port, Node's `process`).
 *
 * - SES `lockdown()` freezes every JavaScript intrinsic.
 * - The learner gets a hardened copy of tfjs's namespace without the entry points into the engine, the
 *   backends and the registries (an `engine().runKernel` patch could forge any number).
 * - Their code runs in a SES Compartment: its own global object, with the hardened globals of
 *   learner-globals.ts on it (console, the float typed arrays, a working Date, a seeded Math.random, a coarse
 *   performance.now).
 * - Tensor memory is capped, so a runaway allocation ends the run with a verdict that names memory.
 * - The engine is watched (engine-watch.ts): measurements read tensors through its records, and values
 *   never alias the backend.
 */
import 'ses';
import * as tfCore from '@tensorflow/tfjs-core';
import { watchEngine, type EngineWatch } from './engine-watch.ts';
import { checkFootprint } from './footprint.ts';
import type { Tf } from './tf.ts';
import { withholdNetworkMembers } from './no-network.ts';
import { WITHHELD_EXPORTS } from './withheld-exports.ts';

/** More than any honest solution needs by orders of magnitude, well under what takes a tab down. */
export const TENSOR_MEMORY_CAP_MB = 256;

/** Thrown from inside TF.js when the learner's tensors outgrow the cap; ends the run. */
export class TensorMemoryExceeded extends Error {
  override readonly name = 'TensorMemoryExceeded';
  constructor(readonly bytes: number) {
    super(
      `your code holds ${Math.round(bytes / 2 ** 20)} MB of tensors, over the sandbox's ${TENSOR_MEMORY_CAP_MB} MB: is something allocated in a loop that never ends, or never disposed?`,
    );
  }
}

export type HardenedRealm = {
  /** What `import ... from '@tensorflow/tfjs'` gives the learner. */
  readonly learnerTf: object;
  /** Set once the cap has been hit, even if the learner's code caught the error. */
  memoryExceeded(): TensorMemoryExceeded | null;
  /** What the measurements read tensors through: the engine's records, not the learner's objects. */
  readonly watch: EngineWatch;
};

type EngineInternals = {
  state: { numBytes: number };
  trackTensor(tensor: unknown, backend: unknown): void;
};

let realm: Promise<HardenedRealm> | undefined;

/** Hardens this realm once (lockdown cannot be undone) and returns what the learner's code may use. */
/**
 * tf.eye fills a JavaScript buffer with 0s and 1s, which provenance would take for numbers computed in
 * JavaScript; yet its values follow from its sizes alone, so it can carry no data. The sizes are read into
 * plain numbers first, outside the exemption: a `valueOf` of the learner's runs before it, not inside.
 */
function structuralEye(tf: Tf, watch: EngineWatch): (...args: unknown[]) => unknown {
  return (numRows: unknown, numColumns?: unknown, batchShape?: unknown, dtype?: unknown) => {
    const rows = Number(numRows);
    const columns = numColumns === undefined || numColumns === null ? undefined : Number(numColumns);
    const batch = Array.isArray(batchShape) ? Array.from(batchShape, (dim) => Number(dim)) : undefined;
    const kind = dtype === undefined ? undefined : (String(dtype) as tfCore.DataType);
    return watch.asGrader(() => tf.eye(rows, columns, batch as [number] | undefined, kind));
  };
}

export function hardenRealm(tf: Tf): Promise<HardenedRealm> {
  realm ??= prepare(tf);
  return realm;
}

async function prepare(tf: Tf): Promise<HardenedRealm> {
  await warmUp(tf);
  const memoryExceeded = capTensorMemory(tf);
  const watch = watchEngine(tf);
  lockdown({
    // Keep real stacks: they are how errors point at the learner's line.
    errorTaming: 'unsafe',
    stackFiltering: 'verbose',
    // Assigning to a property that a frozen prototype also has must keep working for tfjs and for us.
    overrideTaming: 'severe',
    consoleTaming: 'unsafe',
    // The learner's code is evaluated from source.
    evalTaming: 'unsafe-eval',
    domainTaming: 'unsafe',
    localeTaming: 'unsafe',
    // Lockdown logs each intrinsic it removes for want of a permit (in Chromium the iterator helpers `join`
    // and `includes`): two warnings in the learner's devtools for every sandbox worker, at load and after each
    // Run. The removals stay, and so do the errors lockdown throws when one fails: only the log goes.
    // (Uncaught errors and unhandled rejections are reported by other options, left as they were.)
    reporting: 'none',
  });
  // tfjs-core's names only, as the editor's types promise: the Node bundle that the CLI loads also exports
  // backends and layers, whose classes keep mutable state that hardening would freeze.
  const learnerTf: Record<string, unknown> = { __esModule: true };
  for (const name of Object.keys(tfCore)) {
    if (!WITHHELD_EXPORTS.has(name)) learnerTf[name] = (tf as unknown as Record<string, unknown>)[name];
  }
  // `tf.util` without `fetch`: nothing the learner's tfjs holds opens a connection.
  withholdNetworkMembers(learnerTf);
  learnerTf.eye = structuralEye(tf, watch);
  return { learnerTf: harden(learnerTf), memoryExceeded, watch };
}

/**
 * Runs once, before lockdown, everything a submission will make tfjs do for the first time (backend setup,
 * lazily built tables), so that none of it has to write to an object that lockdown has frozen.
 */
async function warmUp(tf: Tf): Promise<void> {
  const op = tf.customGrad((...args: unknown[]) => {
    const [x, save] = args as [InstanceType<Tf['Tensor']>, (tensors: InstanceType<Tf['Tensor']>[]) => void];
    const y = tf.sqrt(x);
    save([y]);
    return { value: y, gradFunc: (dy: InstanceType<Tf['Tensor']>, saved: InstanceType<Tf['Tensor']>[]) => tf.div(dy, saved[0]!) };
  });
  const info = await tf.profile(() => tf.tidy(() => tf.grad((x) => tf.sum(tf.square(op(op(x)))))(tf.tensor([4, 9]))));
  tf.dispose(info.result);
}

/** Counts every tensor TF.js tracks; past the cap, the next one throws, and the run is over. */
function capTensorMemory(tf: Tf): () => TensorMemoryExceeded | null {
  const engine = tf.engine() as unknown as EngineInternals;
  const track = engine.trackTensor.bind(engine);
  const capBytes = TENSOR_MEMORY_CAP_MB * 2 ** 20;
  let exceeded: TensorMemoryExceeded | null = null;
  engine.trackTensor = (tensor, backend) => {
    track(tensor, backend);
    if (engine.state.numBytes > capBytes) {
      exceeded ??= new TensorMemoryExceeded(engine.state.numBytes);
      throw exceeded;
    }
    checkFootprint();
  };
  return () => exceeded;
}
