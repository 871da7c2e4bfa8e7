/**
 * The parent's side of the command-line sandbox: one fresh worker thread per submission, a private port,
 * a time limit and a memory cap enforced from outside, and every message validated before it is recorded.
 * The same design as the page's runner.ts, with worker_threads for Web Workers.
 */
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { RunEnd, RunOutcome } from '../core/outcome.ts';
import { LOAD_PHASE, type Plan } from '../core/plan.ts';
import {
  parseWorkerMessage,
  PROTOCOL_VERSION,
  WORKER_STARTUP_TIMEOUT_MS,
  type ConnectMessage,
  type RunMessage,
} from '../worker/protocol.ts';
import { recordRun } from '../worker/run-recorder.ts';

/** The sandbox's V8 heap cap; past it the thread is stopped and the run reported as out of memory. */
export const SANDBOX_HEAP_LIMIT_MB = 512;

export type SandboxRequest = { readonly source: string; readonly plan: Plan; readonly timeLimitMs: number };

const THREAD_ENTRY = new URL('./sandbox-thread.ts', import.meta.url);

/**
 * Node 20 applies `--import tsx` to the main thread only, so the thread registers tsx itself before it
 * imports its TypeScript entry. `execArgv: []` below keeps the parent's flags out of the thread (newer
 * Node versions would run `--import tsx` there too), so that tsx is registered there exactly once.
 */
const BOOTSTRAP = new URL(
  `data:text/javascript,${encodeURIComponent(
    `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};\n` +
      `register();\nawait import(${JSON.stringify(THREAD_ENTRY.href)});\n`,
  )}`,
);

/** The only run a thread ever does. */
const SEQ = 1;

/** Runs one submission in a fresh worker thread and reports how it went; never rejects. */
export function runInSandbox(request: SandboxRequest): Promise<RunOutcome> {
  return new Promise<RunOutcome>((resolve) => {
    const worker = new Worker(BOOTSTRAP, {
      execArgv: [],
      // Nothing the submission writes to process.stdout or process.stderr reaches the grader's own output:
      // both are piped here and discarded (its console calls are captured by the protocol instead).
      stdout: true,
      stderr: true,
      // The submission sees an empty environment: no tokens or paths of the machine grading it.
      env: {},
      resourceLimits: { maxOldGenerationSizeMb: SANDBOX_HEAP_LIMIT_MB },
    });
    worker.stdout.resume();
    worker.stderr.resume();
    const channel = new MessageChannel();
    const recorder = recordRun(SEQ, LOAD_PHASE);
    let startedAt = performance.now();
    let running = false;
    let settled = false;
    let limitTimer: ReturnType<typeof setTimeout> | undefined;

    const settle = (end: RunEnd) => {
      if (settled) return;
      settled = true;
      // What the thread posted just before it stopped may still be queued: record it, so that a run cut short
      // keeps every result it had, and a 'done' that raced the time limit still counts.
      let finalEnd = end;
      for (let queued = receiveMessageOnPort(channel.port1); queued; queued = receiveMessageOnPort(channel.port1)) {
        const message = parseWorkerMessage(queued.message);
        if (!message || message.type === 'ready') continue;
        const ended = recorder.accept(message);
        if (ended) {
          finalEnd = ended;
          break;
        }
      }
      clearTimeout(startupTimer);
      clearTimeout(limitTimer);
      channel.port1.close();
      void worker.terminate();
      resolve(recorder.outcome(finalEnd, performance.now() - startedAt));
    };

    const startupTimer = setTimeout(
      () => settle({ kind: 'crashed', reason: `the sandbox did not start within ${WORKER_STARTUP_TIMEOUT_MS / 1000} s` }),
      WORKER_STARTUP_TIMEOUT_MS,
    );

    channel.port1.on('message', (data: unknown) => {
      const message = parseWorkerMessage(data);
      if (!message) return;
      if (message.type === 'ready') {
        if (running) return;
        clearTimeout(startupTimer);
        if (message.protocol !== PROTOCOL_VERSION) {
          settle({ kind: 'crashed', reason: `the sandbox speaks protocol ${message.protocol}, the grader ${PROTOCOL_VERSION}` });
          return;
        }
        running = true;
        // The time limit starts when the submission can start, not while tfjs loads.
        startedAt = performance.now();
        const run: RunMessage = { type: 'run', seq: SEQ, source: request.source, plan: request.plan };
        channel.port1.postMessage(run);
        limitTimer = setTimeout(
          () => settle({ kind: 'timeout', limitMs: request.timeLimitMs, phase: recorder.phase() }),
          request.timeLimitMs,
        );
        return;
      }
      if (message.type === 'fault' && message.seq === 0) {
        settle({ kind: 'crashed', reason: message.message });
        return;
      }
      const end = recorder.accept(message);
      if (end) settle(end);
    });
    // Results come only from the private port: the worker's own 'message' events (parentPort) are not read.
    worker.on('error', (error) => settle({ kind: 'crashed', reason: describeThreadError(error) }));
    // The parent terminates the thread only after settling; an exit before that is the submission's doing,
    // since the thread's open port keeps it alive otherwise.
    worker.on('exit', (code) =>
      settle({
        kind: 'crashed',
        reason: running
          ? `the submission called process.exit(${code}), which ends the sandbox`
          : `the sandbox exited with code ${code} while starting`,
      }),
    );
    const connect: ConnectMessage = { type: 'connect', protocol: PROTOCOL_VERSION };
    worker.postMessage(connect, [channel.port2]);
  });
}

function describeThreadError(error: Error): string {
  if ((error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return `the submission ran out of memory: it used more than the sandbox's ${SANDBOX_HEAP_LIMIT_MB} MB of heap`;
  }
  return `the sandbox failed: ${error.message}`;
}
