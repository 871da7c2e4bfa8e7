/**
 * The messages between the page and the insight worker (insight.worker.ts). The worker runs only the
 * course's own code, but what it posts is checked all the same, as src/worker/protocol.ts checks the
 * sandbox's: a message that breaks the shape ends the session with a clear reason instead of a chart drawn
 * from nonsense.
 */
import * as v from 'valibot';
import type { TensorData } from '../core/tensor.ts';
import type { ConvergenceStudy, CostPoint, InsightProgress, InsightResult } from './protocol.ts';

/** Page to worker, once: what to measure, within what budget. */
export type InsightStartMessage = {
  readonly type: 'start';
  readonly slug: string;
  readonly budgetBytes: number;
  readonly timeTargetMs?: number;
};

const TEXT_CHARS = 2000;
/** The cost input's elements at most: the cost input is about 10⁵, with room. */
const MAX_INPUT_VALUES = 2_000_000;
const MAX_POINTS = 64;
const MAX_ROWS = 10_000;

const text = v.pipe(v.string(), v.maxLength(TEXT_CHARS));
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const positiveCount = v.pipe(v.number(), v.integer(), v.minValue(1));
const milliseconds = v.pipe(v.number(), v.finite(), v.minValue(0));
/** A derivative may be NaN or infinite: that is what the convergence study is there to show. */
const anyNumber = v.union([v.number(), v.nan()]);
const method = v.picklist(['implicit', 'unrolled', 'yours']);

const figures = {
  backwardMs: milliseconds,
  backwardKernels: count,
  peakBytes: count,
  tapeNodes: count,
  forwardMs: v.optional(milliseconds),
};

export const CostPointSchema = v.variant('status', [
  v.object({ method, iterations: positiveCount, status: v.literal('measured'), ...figures }),
  v.variant('how', [
    v.object({
      method,
      iterations: positiveCount,
      status: v.literal('out-of-memory'),
      budgetBytes: count,
      heldBytes: count,
      how: v.picklist(['stopped', 'predicted']),
    }),
    v.object({ method, iterations: positiveCount, status: v.literal('out-of-memory'), budgetBytes: count, how: v.literal('crashed') }),
  ]),
  v.object({ method, iterations: positiveCount, status: v.literal('not-measured'), reason: text }),
]);

export const ConvergenceStudySchema = v.object({
  where: text,
  readout: text,
  truth: anyNumber,
  truthSource: text,
  rows: v.pipe(
    v.array(v.object({ iterations: positiveCount, forward: anyNumber, unrolled: anyNumber, implicit: anyNumber })),
    v.maxLength(MAX_ROWS),
  ),
});

export const InsightProgressSchema = v.object({
  done: count,
  total: count,
  doing: text,
  running: v.optional(v.object({ method: v.picklist(['implicit', 'unrolled']), iterations: positiveCount })),
});

export const InsightResultSchema = v.object({
  slug: text,
  inputSize: positiveCount,
  shrunkFrom: v.nullable(positiveCount),
  iterationName: text,
  learnerIterations: positiveCount,
  learnerIterationsNote: v.optional(text),
  budgetBytes: count,
  points: v.pipe(v.array(CostPointSchema), v.maxLength(MAX_POINTS)),
  convergence: ConvergenceStudySchema,
});

export const TensorDataSchema = v.pipe(
  v.object({
    shape: v.pipe(v.array(count), v.maxLength(8)),
    values: v.pipe(v.array(v.pipe(v.number(), v.finite())), v.maxLength(MAX_INPUT_VALUES)),
  }),
  v.check((data) => data.shape.reduce((size, dim) => size * dim, 1) === data.values.length, 'values do not fill the shape'),
);

export const InsightWorkerMessageSchema = v.variant('type', [
  v.object({ type: v.literal('progress'), progress: InsightProgressSchema }),
  v.object({ type: v.literal('point'), point: CostPointSchema }),
  /** The cost input, once settled: where the learner's point is measured. */
  v.object({
    type: v.literal('input'),
    inputs: v.pipe(v.array(TensorDataSchema), v.minLength(1), v.maxLength(8)),
    /** A factory entry's data tensors, in its order; empty for a plain function. */
    factoryInputs: v.optional(v.pipe(v.array(TensorDataSchema), v.maxLength(8)), []),
  }),
  v.object({ type: v.literal('result'), result: InsightResultSchema }),
  /** The worker caught an error of its own (or has no insight for the slug): the session is over. */
  v.object({ type: v.literal('failed'), message: text }),
]);
/** Worker to page, in the contract's types (the schema's output is assignable to them, checked below). */
export type InsightWorkerMessage =
  | { readonly type: 'progress'; readonly progress: InsightProgress }
  | { readonly type: 'point'; readonly point: CostPoint }
  | { readonly type: 'input'; readonly inputs: readonly TensorData[]; readonly factoryInputs?: readonly TensorData[] }
  | { readonly type: 'result'; readonly result: InsightResult }
  | { readonly type: 'failed'; readonly message: string };

// What parses is the contract's type as is (a schema that drifted from protocol.ts fails to compile here).
const sameShapes: [
  v.InferOutput<typeof CostPointSchema> extends CostPoint ? true : false,
  v.InferOutput<typeof ConvergenceStudySchema> extends ConvergenceStudy ? true : false,
  v.InferOutput<typeof InsightProgressSchema> extends InsightProgress ? true : false,
  v.InferOutput<typeof InsightResultSchema> extends InsightResult ? true : false,
  v.InferOutput<typeof TensorDataSchema> extends TensorData ? true : false,
  v.InferOutput<typeof InsightWorkerMessageSchema> extends InsightWorkerMessage ? true : false,
] = [true, true, true, true, true, true];
void sameShapes;

/**
 * Validates a message from the insight worker. One that breaks the protocol comes back as 'failed', naming
 * where, so that the session ends with that reason rather than hanging on a message it dropped.
 */
export function parseInsightWorkerMessage(data: unknown): InsightWorkerMessage {
  const result = v.safeParse(InsightWorkerMessageSchema, data);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const where = issue ? (v.getDotPath(issue) ?? 'the message') : 'the message';
  return {
    type: 'failed',
    message: `the measuring worker sent a message that breaks the protocol (${where}: ${issue?.message ?? 'invalid'})`.slice(0, TEXT_CHARS),
  };
}
