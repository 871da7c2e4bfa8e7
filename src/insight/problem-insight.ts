/**
 * What a problem folder supplies for "Why it matters": `src/problems/<slug>/insight.ts` exports `insight`, a
 * `ProblemInsight`. It is trusted course code (it holds the answer: the implicit backward pass), so it is
 * bundled only into the insight worker, and not at all under the solution policy `never`.
 *
 * The problem describes its iteration as data and small functions of `tf` (passed in, never imported, so
 * the same file runs in the worker and in Node); the engine (measure-insight.ts) drives the loop itself. That
 * is how it can dispose the iterates of the implicit forward, watch memory after every step, stop a run
 * that passes the budget, and report progress, the same way for every problem.
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import type { TensorData } from '../core/tensor.ts';

export type Tf = typeof TfCore;
export type Tensor = TfCore.Tensor;

/**
 * One fixed-point iteration x ↦ y* = fix(y ↦ step(y, inputs)), as the problem's learner writes it. `inputs`
 * are the differentiated arguments followed by the factory's data tensors, if any (ProblemInsight.costData).
 */
export type FixedPointIteration = {
  /** The first iterate, y₀, from the inputs (sqrt: ones; the DEQ layer: zeros). Must be a new tensor. */
  init(tf: Tf, inputs: readonly Tensor[]): Tensor;
  /** One step y_{k+1} = g(y_k, inputs). The engine disposes y_k when it no longer needs it. */
  step(tf: Tf, y: Tensor, inputs: readonly Tensor[]): Tensor;
  /**
   * What the function returns from the last iterate, when that is not the iterate itself (a loss of the
   * solution, say). Left out, it returns y_N. Taped in the unrolled method, inside the custom op otherwise.
   */
  output?(tf: Tf, y: Tensor, inputs: readonly Tensor[]): Tensor;
  /**
   * The implicit backward pass at the fixed point y* (the Implicit Function Theorem): the vector-Jacobian
   * product of `dy` (shaped like the output) with the output's derivative, one tensor per differentiated
   * argument (not per data tensor), in their order and shapes.
   */
  implicitBackward(tf: Tf, dy: Tensor, yStar: Tensor, inputs: readonly Tensor[]): Tensor[];
};

/**
 * The input where the iteration has not converged after the learner's count of steps, so that the
 * implicit derivative is visibly off there, and where each method's derivative is read.
 */
export type ConvergenceSetup = {
  /** In words, with the numbers: "x = 10⁶, where 10 Newton steps are still far from √x". */
  readonly where: string;
  /** What the numbers are: "dy/dx", "∂z₀/∂x₀". */
  readonly readout: string;
  /** The inputs, in the entry's argument order. */
  readonly inputs: readonly TensorData[];
  /** For a factory entry, its data tensors (in the factory's order). */
  readonly data?: readonly TensorData[];
  /** The rows run from 1 to this many steps. */
  readonly maxIterations: number;
  /** The output element read (the loss is that element alone), in row-major order. */
  readonly outputIndex: number;
  /** The input whose derivative is read, and which of its elements, row-major. */
  readonly inputIndex: number;
  readonly elementIndex: number;
  /** The true derivative: a closed form, or a float64 solve independent of TF.js. */
  truth(): number;
  /** How `truth` is obtained, in words. */
  readonly truthSource: string;
};

export type ProblemInsight = {
  /** What one iteration is called, plural: "Newton steps". */
  readonly iterationName: string;
  /** The learner's function's own count of steps (the problem's forward), where "yours" is marked. */
  readonly learnerIterations: number;
  /**
   * When the learner's count is not fixed but their solver's (CG stops on its residual, after about as many
   * steps as there are unknowns): that count on a cost input of `elements` elements in all, which the view
   * uses in place of learnerIterations once the input is settled, and what it is, in words.
   */
  readonly learnerIterationsAt?: { readonly count: (elements: number) => number; readonly note: string };
  /** Elements of the realistic cost input, before any shrinking for a slow device (about 10⁵). */
  readonly costSize: number;
  /**
   * The cost input with about `elements` elements in all, as plain data in the entry's argument order (the
   * learner's point is measured in the sandbox on exactly these values). Deterministic: a seeded draw.
   */
  costInput(elements: number): readonly TensorData[];
  /**
   * For a factory entry (`makeLoss(X, y)` returning `(lam) => loss`): its data tensors for a cost input of
   * about `elements` elements in all; `costInput` then gives the differentiated arguments only.
   */
  costData?(elements: number): readonly TensorData[];
  readonly iteration: FixedPointIteration;
  readonly convergence: ConvergenceSetup;
};
