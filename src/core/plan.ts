import type { TensorData } from './tensor.ts';

/**
 * What the sandbox does with the learner's function. Each probe is measured on a fresh input tensor.
 * `label` says it in words ("the gradient on the example x = [4, 9]"), for messages such as a time-out's.
 */
export type Probe =
  /** Call f(x) and snapshot what it returns. */
  | { readonly id: string; readonly kind: 'forward'; readonly label: string; readonly input: TensorData }
  /**
   * The vector-Jacobian product: the gradient with respect to x of sum(w * f(x)), or of sum(f(x)) when
   * `cotangent` is null.
   */
  | {
      readonly id: string;
      readonly kind: 'vjp';
      readonly label: string;
      readonly input: TensorData;
      readonly cotangent: TensorData | null;
    };

export type Plan = {
  /** The export the learner's module must provide. */
  readonly entry: string;
  readonly probes: readonly Probe[];
};

export type ProbeKind = Probe['kind'];

/** The phase before any probe: evaluating the learner's module, top-level code included. */
export const LOAD_PHASE = 'loading your module';
