import type { TensorData } from './tensor.ts';

/**
 * What the loss does with f before the gradient is taken: `output` is f(a, b…) itself, `square` is
 * f(a, b…)², `twice` is f(f(a, b…), b…). The last two check that the gradient composes through the chain rule.
 */
export const LOSS_SHAPES = ['output', 'square', 'twice'] as const;
export type LossShape = (typeof LOSS_SHAPES)[number];

/** Most tensors one call takes: the differentiated function's arguments, or a factory's. */
export const MAX_PROBE_ARGS = 8;

type ProbeBase = {
  readonly id: string;
  /** Says it in words ("the gradient on the example x = [4, 9]"), for messages such as a time-out's. */
  readonly label: string;
  /** The arguments of the function to differentiate, each a fresh float32 tensor (shape [] is a scalar). */
  readonly args: readonly TensorData[];
  /** For a factory entry: the data tensors it is called with, to make the function. */
  readonly factoryArgs?: readonly TensorData[];
};

/** What the sandbox does with the learner's function. Each probe is measured on fresh input tensors. */
export type Probe =
  /** Call f(...args) and snapshot what it returns. */
  | (ProbeBase & { readonly kind: 'forward' })
  /**
   * A vector-Jacobian product: the gradient with respect to every argument of sum(w * loss), where loss is
   * shaped by `loss`, and w is `cotangent` (all ones when null). Every one also measures what the gradient
   * cost: the tape nodes f records, the kernels its gradients run, the values they read back.
   */
  | (ProbeBase & {
      readonly kind: 'vjp';
      readonly cotangent: TensorData | null;
      readonly loss: LossShape;
      /**
       * Also time the forward and the backward apart and take the peak of tensor memory ("Why it matters"
       * measures the learner's point so). The judge's plans leave it out: it costs a little on every kernel.
       */
      readonly profile?: boolean;
    });

export type Plan = {
  /** The export the learner's module must provide. */
  readonly entry: string;
  /** The entry makes the function to differentiate from each probe's `factoryArgs`. */
  readonly factory: boolean;
  /** The run's seed (run-seed.ts): the cases were drawn from it, and it seeds the learner's Math.random(). */
  readonly seed: string;
  readonly probes: readonly Probe[];
};

export type ProbeKind = Probe['kind'];

/** The phase before any probe: evaluating the learner's module, top-level code included. */
export const LOAD_PHASE = 'loading your module';
