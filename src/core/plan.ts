import type { TensorData } from './tensor.ts';

/**
 * What the loss does with f before the gradient is taken: `output` is f(x) itself, `square` is f(x)²,
 * `twice` is f(f(x)). The last two check that the gradient composes through the chain rule.
 */
export const LOSS_SHAPES = ['output', 'square', 'twice'] as const;
export type LossShape = (typeof LOSS_SHAPES)[number];

/**
 * What the sandbox does with the learner's function. Each probe is measured on a fresh input tensor.
 * `label` says it in words ("the gradient on the example x = [4, 9]"), for messages such as a time-out's.
 */
export type Probe =
  /** Call f(x) and snapshot what it returns. */
  | { readonly id: string; readonly kind: 'forward'; readonly label: string; readonly input: TensorData }
  /**
   * A vector-Jacobian product: the gradient with respect to x of sum(w * loss(x)), where loss is shaped by
   * `loss`, and w is `cotangent` (all ones when null). Every one also measures what the gradient cost: the
   * tape nodes f records, the kernels its gradients run, the values they read back.
   */
  | {
      readonly id: string;
      readonly kind: 'vjp';
      readonly label: string;
      readonly input: TensorData;
      readonly cotangent: TensorData | null;
      readonly loss: LossShape;
    };

export type Plan = {
  /** The export the learner's module must provide. */
  readonly entry: string;
  /** The run's seed (run-seed.ts): the cases were drawn from it, and it seeds the learner's Math.random(). */
  readonly seed: string;
  readonly probes: readonly Probe[];
};

export type ProbeKind = Probe['kind'];

/** The phase before any probe: evaluating the learner's module, top-level code included. */
export const LOAD_PHASE = 'loading your module';
