/**
 * "Why it matters": what the page shows about the cost of an implicit gradient against an unrolled one, and
 * about how its accuracy follows convergence. Measured in a worker of its own (src/insight/), never on the
 * page's thread; this file is the contract between that measuring side and the view (src/ui/insight/).
 *
 * The reference curves (implicit, unrolled) come from the problem folder's `insight.ts`: trusted code of
 * the course. The learner's point comes from their own code, run in the sandbox like any Run: what crosses
 * from there is validated plain data, as always.
 */

/** The iteration counts the cost chart measures, on log axes. */
export const INSIGHT_ITERATIONS = [10, 30, 100, 300, 1000] as const;

export const INSIGHT_METHOD = {
  /** The problem's reference: a customGrad whose backward pass uses the Implicit Function Theorem. */
  implicit: 'implicit',
  /** The same forward iteration, differentiated by autodiff through every step. */
  unrolled: 'unrolled',
  /** The learner's own function, at its own iteration count. */
  yours: 'yours',
} as const;
export type InsightMethod = (typeof INSIGHT_METHOD)[keyof typeof INSIGHT_METHOD];

/** What one method's backward pass cost at one iteration count, on the view's input. */
export type CostFigures = {
  /** Wall time of the backward pass alone (the forward is timed apart and not included). */
  readonly backwardMs: number;
  /** Kernels the backward pass ran. */
  readonly backwardKernels: number;
  /** Peak bytes of tensor memory while the gradient was computed, forward and backward. */
  readonly peakBytes: number;
  /** Operations recorded on the tape by the forward pass under tf.grad. */
  readonly tapeNodes: number;
  /**
   * Wall time of the forward pass under tf.grad, timed apart from the backward. Optional: the learner's
   * point from the sandbox carries it too, but the chart need not show it.
   */
  readonly forwardMs?: number;
};

export type CostPoint = { readonly method: InsightMethod; readonly iterations: number } & (
  | ({ readonly status: 'measured' } & CostFigures)
  /**
   * Stopped before it could finish, because the tensors it held would pass the view's memory budget. The
   * chart says so at this point instead of the page (or the worker) crashing.
   */
  | ({ readonly status: 'out-of-memory'; readonly budgetBytes: number } & (
      | {
          /** 'stopped' after it ran over; 'predicted' when the smaller counts showed it would and it never ran. */
          readonly how: 'stopped' | 'predicted';
          /** How much it held when it was stopped, or the estimate it was not started on. */
          readonly heldBytes: number;
        }
      /**
       * The browser stopped the measuring worker while this point ran (it kills a worker that takes too much
       * memory, before the engine's budget can): what it held is not known.
       */
      | { readonly how: 'crashed' }
    ))
  /** Not measured, with why in the learner's terms (their code failed at this size, say). */
  | { readonly status: 'not-measured'; readonly reason: string }
);

/** One position of the convergence slider: the derivative each way after `iterations` steps. */
export type ConvergenceRow = {
  readonly iterations: number;
  /** The forward value after `iterations` steps, as the readout describes it. */
  readonly forward: number;
  readonly unrolled: number;
  readonly implicit: number;
};

export type ConvergenceStudy = {
  /** Where it is measured, in words with the numbers: "x = 10⁶, where 10 Newton steps are far from √x". */
  readonly where: string;
  /** What the numbers are: "dy/dx", or "∂L/∂x₀". */
  readonly readout: string;
  /** The true derivative: a closed form (0.5/√x), or the implicit one after full convergence. */
  readonly truth: number;
  /** How the truth was obtained, in words. */
  readonly truthSource: string;
  /** Rows for 1…maxIterations, in order. */
  readonly rows: readonly ConvergenceRow[];
};

export type InsightProgress = {
  /** Steps finished and in all: one per (method, iteration count), plus the convergence study. */
  readonly done: number;
  readonly total: number;
  /** What is being measured now: "unrolled, 300 Newton steps". */
  readonly doing: string;
  /** The reference run under way, when one is: what the page marks if the browser stops the worker. */
  readonly running?: { readonly method: typeof INSIGHT_METHOD.implicit | typeof INSIGHT_METHOD.unrolled; readonly iterations: number };
};

export type InsightResult = {
  readonly slug: string;
  /** Elements of the input the cost was measured on, after any shrinking for a slow device. */
  readonly inputSize: number;
  /** The size the problem asked for, when the device was too slow for it; null when not shrunk. */
  readonly shrunkFrom: number | null;
  /** What one iteration is called, plural: "Newton steps". */
  readonly iterationName: string;
  /** The learner's function's own iteration count (10 Newton steps), where "yours" is marked. */
  readonly learnerIterations: number;
  /**
   * Present when that count is the learner's solver's on this input rather than fixed by the problem ("the
   * CG steps the solution takes on this input: about d + 2, d = 158"): the view says so.
   */
  readonly learnerIterationsNote?: string;
  readonly budgetBytes: number;
  readonly points: readonly CostPoint[];
  readonly convergence: ConvergenceStudy;
};

export type InsightListeners = {
  onProgress?(progress: InsightProgress): void;
  /** Each point as soon as it is measured, so the chart fills in while the rest runs. */
  onPoint?(point: CostPoint): void;
};

export type InsightRequest = {
  readonly slug: string;
  /** The learner's code to measure as "yours" (their last passing Run's), or null for the reference alone. */
  readonly learnerCode: string | null;
  /**
   * The memory budget in bytes; by default min(1 GB, a quarter of navigator.deviceMemory). A small one
   * shows the out-of-memory points on any machine (the e2e tests use it).
   */
  readonly budgetBytes?: number;
};

/**
 * `result` rejects with this when the browser stopped the measuring worker (it kills one that takes too much
 * memory, before the engine's own budget can stop a run). The points measured before it have been reported,
 * the one under way as out of memory (how: 'crashed'), the other reference points as not measured.
 */
export class InsightStopped extends Error {
  override readonly name = 'InsightStopped';
}

/** A measurement under way. `cancel` ends it at once (the worker is terminated); `result` then rejects. */
export type InsightSession = {
  readonly result: Promise<InsightResult>;
  cancel(): void;
};
