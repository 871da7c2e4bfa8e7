/**
 * The messages between the page and the sandbox worker. The page talks to the worker over a private
 * MessagePort handed over at connection time: the learner's code can call `self.postMessage`, but nothing
 * it posts that way is ever read. Every message from the worker is validated before use.
 */
import * as v from 'valibot';
import { capText, MEASUREMENT_LIMITS as LIMITS } from '../core/limits.ts';
import { ConsoleLevelSchema, LoadResultSchema, ProbeResultSchema } from '../core/measurements.ts';
import type { Plan } from '../core/plan.ts';

/** Bump when a message changes shape; the page refuses a worker that speaks another version. */
export const PROTOCOL_VERSION = 2;

/** Loading tfjs in a new sandbox takes well under a second; this only catches one that never starts. */
export const WORKER_STARTUP_TIMEOUT_MS = 30_000;

/** Posted on `worker.postMessage` once, with the private port as its only transfer. */
export type ConnectMessage = { readonly type: 'connect'; readonly protocol: typeof PROTOCOL_VERSION };

/** Page to worker, on the port. A worker runs at most one submission, then is thrown away. */
export type RunMessage = {
  readonly type: 'run';
  readonly seq: number;
  readonly source: string;
  readonly plan: Plan;
};

const seq = v.pipe(v.number(), v.integer(), v.minValue(1));
const text = (maxChars: number) => v.pipe(v.string(), v.maxLength(maxChars));

export const WorkerMessageSchema = v.variant('type', [
  /** tfjs is loaded and the backend is up: the worker can start a run at once. */
  v.object({ type: v.literal('ready'), protocol: v.number(), backend: text(LIMITS.labelChars), startupMs: v.number() }),
  /** Sent before each step, so that a time-out can say what was running. */
  v.object({ type: v.literal('phase'), seq, label: text(LIMITS.labelChars) }),
  v.object({ type: v.literal('load'), seq, result: LoadResultSchema }),
  v.object({ type: v.literal('probe'), seq, result: ProbeResultSchema }),
  v.object({ type: v.literal('console'), seq, level: ConsoleLevelSchema, text: text(LIMITS.consoleLineChars) }),
  /** The running count of console lines the worker dropped past its cap. */
  v.object({ type: v.literal('console-dropped'), seq, count: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
  v.object({ type: v.literal('done'), seq }),
  /** The submission outgrew the sandbox's memory; the run is over and the message names the limit. */
  v.object({ type: v.literal('out-of-memory'), seq, message: text(LIMITS.faultChars) }),
  /** A failure of the sandbox itself, not of the learner's code. */
  v.object({ type: v.literal('fault'), seq: v.number(), message: text(LIMITS.faultChars) }),
]);
export type WorkerMessage = v.InferOutput<typeof WorkerMessageSchema>;

/** The seq of a fault that ends the connection, whatever run is in progress. */
export const CONNECTION_FAULT_SEQ = 0;

/**
 * Validates a message from the sandbox. The sandbox caps and shapes everything it sends, so a message that
 * breaks the protocol means the sandbox itself went wrong: it comes back as a connection fault, which ends
 * the run as a crash, rather than being dropped (a dropped result would read as a missing measurement).
 */
export function parseWorkerMessage(data: unknown): WorkerMessage {
  const result = v.safeParse(WorkerMessageSchema, data);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const where = issue ? (v.getDotPath(issue) ?? 'the message') : 'the message';
  return {
    type: 'fault',
    seq: CONNECTION_FAULT_SEQ,
    message: capText(`it sent a message that breaks the protocol (${where}: ${issue?.message ?? 'invalid'})`, LIMITS.faultChars),
  };
}
