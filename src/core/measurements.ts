/**
 * What the sandbox measures and sends back: plain data only, validated on arrival, because it comes from
 * the realm where the learner's code ran. The judge reads nothing else.
 */
import * as v from 'valibot';
import { MEASUREMENT_LIMITS as LIMITS } from './limits.ts';
import { MAX_PROBE_ARGS } from './plan.ts';

const finiteInt = v.pipe(v.number(), v.integer());
const position = v.nullable(v.pipe(finiteInt, v.minValue(1)));
const text = (maxChars: number) => v.pipe(v.string(), v.maxLength(maxChars));

export const LearnerErrorSchema = v.object({
  name: text(LIMITS.errorNameChars),
  message: text(LIMITS.errorMessageChars),
  /** 1-based line and column in the learner's TypeScript source, when one of its frames was found. */
  line: position,
  column: position,
  /** The stack trimmed to the learner's frames, with positions in the learner's source. */
  stack: text(LIMITS.stackChars),
});
export type LearnerError = v.InferOutput<typeof LearnerErrorSchema>;

export const ValueSnapshotSchema = v.variant('kind', [
  v.object({
    kind: v.literal('tensor'),
    /** The first `shapeDims` dimensions; `rank` says how many there are. */
    shape: v.pipe(v.array(v.pipe(finiteInt, v.minValue(0))), v.maxLength(LIMITS.shapeDims)),
    rank: v.pipe(finiteInt, v.minValue(0)),
    dtype: text(LIMITS.dtypeChars),
    /**
     * The first `tensorValues` values, read by the sandbox from the backend itself. NaN is a value like any
     * other here (valibot's number() refuses it): a NaN output or gradient is the learner's to be told about.
     */
    values: v.pipe(v.array(v.union([v.number(), v.nan()])), v.maxLength(LIMITS.tensorValues)),
    /**
     * The values were computed in JavaScript and made into a tensor (tf.tensor of numbers read back with
     * dataSync, say), directly or through ops, rather than computed by TF.js ops from the input.
     */
    fromJavaScript: v.boolean(),
  }),
  /** A thenable: the learner made the function async. */
  v.object({ kind: v.literal('promise') }),
  /** A factory entry returned this (described as for `other`) instead of the function to differentiate. */
  v.object({ kind: v.literal('not-a-function'), description: text(LIMITS.descriptionChars) }),
  /** Anything else, described for the message: a number, an array, a Float32Array, undefined... */
  v.object({ kind: v.literal('other'), description: text(LIMITS.descriptionChars) }),
]);
export type ValueSnapshot = v.InferOutput<typeof ValueSnapshotSchema>;

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const probeId = text(LIMITS.labelChars);

/**
 * How a tape node is named: a TF.js kernel's name ("RealDiv", "Multiply"), or one of our own words for the
 * nodes that are not a kernel's (OPERATION). Strict, although the sandbox names every node itself from
 * what it saw the engine do: a node's own `kernelName` can be any text the learner passed to tf.tidy.
 */
export const OPERATION_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;

/** The names the sandbox gives the tape nodes that are not a built-in kernel's. */
export const OPERATION = {
  /** The one node of a tf.customGrad function, whatever it computes forward. */
  customGrad: 'customGrad',
  /** A copy of a tensor kept for the backward pass: save([y]) makes one, and each built-in op for its inputs. */
  identity: 'Identity',
  /** A node the sandbox did not see being recorded, or whose name is not a kernel name. */
  unknown: 'unknown',
} as const;

export function isOperationName(name: string): boolean {
  return name.length <= LIMITS.operationNameChars && OPERATION_NAME_PATTERN.test(name);
}

const OperationNameSchema = v.pipe(v.string(), v.check(isOperationName, 'not an operation name'));

/**
 * What a gradient cost, counted from TF.js's engine for each call of the learner's function under tf.grad
 * (a loss such as f(f(x)) calls it twice), the largest call's: the difference between implicit and unrolled.
 */
export const GradientCostSchema = v.pipe(
  v.object({
    /** Operations recorded on the tape while one call of the learner's function ran. */
    tapeNodes: count,
    /** Kernels run by the gradients of those operations: the learner's share of the backward pass. */
    backwardKernels: count,
    /** The most values one read-back (dataSync, data, array...) returned inside those gradients. */
    largestReadbackValues: count,
    /**
     * The names of the operations the call with the most tape nodes recorded, in order: the first
     * `tapeOperations` of its `tapeNodes`.
     */
    operations: v.pipe(v.array(OperationNameSchema), v.maxLength(LIMITS.tapeOperations)),
  }),
  v.check(
    (cost) => cost.operations.length === Math.min(cost.tapeNodes, LIMITS.tapeOperations),
    'the operation names do not match the tape node count',
  ),
);
export type GradientCost = v.InferOutput<typeof GradientCostSchema>;

const milliseconds = v.pipe(v.number(), v.finite(), v.minValue(0));

/** What a gradient probe with `profile` cost, for "Why it matters"'s point of the learner's own function. */
export const ProbeProfileSchema = v.object({
  /** The forward pass under tf.grad, the loss included, and the backward pass, timed apart. */
  forwardMs: milliseconds,
  backwardMs: milliseconds,
  /** The most tensor bytes held at once while the gradient was taken, the probe's inputs included. */
  peakBytes: count,
  /** As in the cost: kernels run by the gradients of the function's tape nodes, and those nodes. */
  backwardKernels: count,
  tapeNodes: count,
});
export type ProbeProfile = v.InferOutput<typeof ProbeProfileSchema>;

export const ProbeResultSchema = v.variant('status', [
  v.object({
    probeId,
    status: v.literal('returned'),
    /**
     * A forward probe's: what f returned. A gradient probe's: the gradient with respect to each argument, in
     * order, or a single snapshot of what f returned when that was not a tensor.
     */
    values: v.pipe(v.array(ValueSnapshotSchema), v.minLength(1), v.maxLength(MAX_PROBE_ARGS)),
    /** False when the learner's code disposed or changed any tensor it was given (a factory's data too). */
    inputIntact: v.boolean(),
    /** Present for gradient probes whose output is a tensor. */
    cost: v.optional(GradientCostSchema),
    /** Present for gradient probes that asked for it (`profile`) and whose output is a tensor. */
    profile: v.optional(ProbeProfileSchema),
    ms: v.number(),
  }),
  v.object({
    probeId,
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
    /** The learner's module's exports (the first `exportNames`), by name, with what kind of value each is. */
    exports: v.pipe(
      v.record(text(LIMITS.exportNameChars), ExportKindSchema),
      v.check((exports) => Object.keys(exports).length <= LIMITS.exportNames, 'too many exports'),
    ),
    /** How many exports were left out of `exports`. */
    moreExports: v.optional(count, 0),
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
