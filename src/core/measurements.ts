/**
 * What the sandbox measures and sends back: plain data only, validated on arrival, because it comes from
 * the realm where the learner's code ran. The judge reads nothing else.
 */
import * as v from 'valibot';

const finiteInt = v.pipe(v.number(), v.integer());
const position = v.nullable(v.pipe(finiteInt, v.minValue(1)));

export const LearnerErrorSchema = v.object({
  name: v.string(),
  message: v.string(),
  /** 1-based line and column in the learner's TypeScript source, when one of its frames was found. */
  line: position,
  column: position,
  /** The stack trimmed to the learner's frames, with positions in the learner's source. */
  stack: v.string(),
});
export type LearnerError = v.InferOutput<typeof LearnerErrorSchema>;

export const ValueSnapshotSchema = v.variant('kind', [
  v.object({
    kind: v.literal('tensor'),
    shape: v.array(finiteInt),
    dtype: v.string(),
    values: v.array(v.number()),
  }),
  /** A thenable: the learner made the function async. */
  v.object({ kind: v.literal('promise') }),
  /** Anything else, described for the message: a number, an array, a Float32Array, undefined... */
  v.object({ kind: v.literal('other'), description: v.string() }),
]);
export type ValueSnapshot = v.InferOutput<typeof ValueSnapshotSchema>;

const count = v.pipe(v.number(), v.integer(), v.minValue(0));

/** What a gradient cost, counted from TF.js's engine: the difference between implicit and unrolled. */
export const GradientCostSchema = v.object({
  /** Operations recorded on the tape while the learner's function ran under tf.grad. */
  tapeNodes: count,
  /** Kernels run after the loss was taken: the backward pass. */
  backwardKernels: count,
});
export type GradientCost = v.InferOutput<typeof GradientCostSchema>;

export const ProbeResultSchema = v.variant('status', [
  v.object({
    probeId: v.string(),
    status: v.literal('returned'),
    output: ValueSnapshotSchema,
    /** False when the learner's code disposed or changed the input tensor it was given. */
    inputIntact: v.boolean(),
    /** Present for probes that asked for it. */
    cost: v.optional(GradientCostSchema),
    ms: v.number(),
  }),
  v.object({
    probeId: v.string(),
    status: v.literal('threw'),
    error: LearnerErrorSchema,
    ms: v.number(),
  }),
]);
export type ProbeResult = v.InferOutput<typeof ProbeResultSchema>;

export const ExportKindSchema = v.picklist([
  'function',
  'async-function',
  'number',
  'string',
  'boolean',
  'object',
  'undefined',
  'other',
]);
export type ExportKind = v.InferOutput<typeof ExportKindSchema>;

export const LoadResultSchema = v.variant('status', [
  v.object({
    status: v.literal('loaded'),
    /** Every export of the learner's module, by name, with what kind of value it is. */
    exports: v.record(v.string(), ExportKindSchema),
    ms: v.number(),
  }),
  v.object({ status: v.literal('threw'), error: LearnerErrorSchema, ms: v.number() }),
]);
export type LoadResult = v.InferOutput<typeof LoadResultSchema>;

export const MeasurementsSchema = v.object({
  load: LoadResultSchema,
  probes: v.array(ProbeResultSchema),
});
export type Measurements = v.InferOutput<typeof MeasurementsSchema>;

export const ConsoleLevelSchema = v.picklist(['log', 'info', 'warn', 'error', 'debug']);
export type ConsoleLevel = v.InferOutput<typeof ConsoleLevelSchema>;

export type ConsoleLine = { readonly level: ConsoleLevel; readonly text: string };

/** The learner's console output as kept: capped, with a count of what was dropped. */
export type ConsoleCapture = { readonly lines: readonly ConsoleLine[]; readonly droppedLines: number };
