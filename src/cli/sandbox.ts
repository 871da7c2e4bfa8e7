/**
 * The parent's side of the command-line sandbox: one fresh worker thread per submission, a private port,
 * a time limit and a memory cap enforced from outside, and every message validated before it is recorded.
 * The same design as the page's runner.ts, with worker_threads for Web Workers, and like the page a few
 * threads started ahead of need (sandbox-pool.ts), each still used for one submission only.
 */
import { availableParallelism } from 'node:os';
import type { RunEnd, RunOutcome } from '../core/outcome.ts';
import { LOAD_PHASE, type Plan } from '../core/plan.ts';
import type { RunMessage } from '../worker/protocol.ts';
import { recordRun } from '../worker/run-recorder.ts';
import { sandboxBundle } from './sandbox-bundle.ts';
import { SandboxPool } from './sandbox-pool.ts';

export { SANDBOX_HEAP_LIMIT_MB } from './sandbox-pool.ts';

export type SandboxRequest = { readonly source: string; readonly plan: Plan; readonly timeLimitMs: number };

/**
 * Threads kept started and unused besides the running ones: one per core, so that each lane of the
 * grader finds a ready thread when its run ends. Grading is CPU-bound: on 2 cores, 1 to 4 warm threads
 * grade 100 submissions equally fast (13.5 to 14 a second), and more would only start threads that the
 * end of the batch wastes.
 */
export const WARM_SANDBOXES = availableParallelism();

/** The only run a thread ever does. */
const SEQ = 1;

let pool: Promise<SandboxPool> | undefined;

/** The process's pool, started by the first run (importing this module starts no thread). */
export function sandboxPool(): Promise<SandboxPool> {
  pool ??= sandboxBundle().then((bundle) => new SandboxPool(bundle, WARM_SANDBOXES));
  return pool;
}

/**
 * Stops the threads waiting for a run. Optional: they never hold the process open; a grader calls it once
 * its last run is over to give their memory back at once. A later run starts the pool again.
 */
export function closeSandboxes(): void {
  const closing = pool;
  pool = undefined;
  void closing?.then((open) => open.close(), () => undefined);
}

/** Runs one submission in a fresh worker thread and reports how it went; never rejects. */
export async function runInSandbox(request: SandboxRequest): Promise<RunOutcome> {
  let thread;
  try {
    thread = (await sandboxPool()).take(request.plan);
  } catch (error) {
    pool = undefined;
    const reason = `the sandbox could not be built: ${error instanceof Error ? error.message : String(error)}`;
    return recordRun(SEQ, LOAD_PHASE).outcome({ kind: 'crashed', reason }, 0);
  }
  const sandbox = thread;
  return new Promise<RunOutcome>((resolve) => {
    const recorder = recordRun(SEQ, LOAD_PHASE);
    let startedAt = performance.now();
    let settled = false;
    let limitTimer: ReturnType<typeof setTimeout> | undefined;

    const settle = (end: RunEnd) => {
      if (settled) return;
      settled = true;
      // What the thread posted just before it stopped may still be queued: record it, so that a run cut short
      // keeps every result it had, and a 'done' that raced the time limit still counts.
      const finalEnd = sandbox.drain((message) => recorder.accept(message)) ?? end;
      clearTimeout(limitTimer);
      sandbox.dispose();
      resolve(recorder.outcome(finalEnd, performance.now() - startedAt));
    };

    const run: RunMessage = { type: 'run', seq: SEQ, source: request.source, plan: request.plan };
    sandbox.start(
      run,
      {
        onMessage: (message) => {
          const end = recorder.accept(message);
          if (end) settle(end);
        },
        onEnd: settle,
      },
      () => {
        // The time limit starts when the submission can start, not while tfjs loads.
        startedAt = performance.now();
        limitTimer = setTimeout(
          () => settle({ kind: 'timeout', limitMs: request.timeLimitMs, phase: recorder.phase() }),
          request.timeLimitMs,
        );
      },
    );
  });
}
