/**
 * The command-line sandbox's threads, started ahead of need: each loads the sandbox bundle, starts tfjs,
 * locks its realm down and says 'ready' while earlier submissions run, so that a submission starts at
 * once. A thread still runs exactly one submission and is then terminated: the pool only moves its start
 * earlier. Idle threads do not keep the process alive.
 */
import { readFileSync } from 'node:fs';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { RunEnd } from '../core/outcome.ts';
import { LOAD_PHASE, type Plan } from '../core/plan.ts';
import {
  CONNECTION_FAULT_SEQ,
  parseWorkerMessage,
  PROTOCOL_VERSION,
  WORKER_STARTUP_TIMEOUT_MS,
  type ConnectMessage,
  type RunMessage,
} from '../worker/protocol.ts';
import { recordRun, type RunMessageFromSandbox } from '../worker/run-recorder.ts';
import { SANDBOX_FOOTPRINT_CAP_MB } from '../worker/footprint.ts';
import type { SandboxBundle } from './sandbox-bundle.ts';

/** The sandbox's V8 heap cap; past it the thread is stopped and the run reported as out of memory. */
export const SANDBOX_HEAP_LIMIT_MB = 512;

/**
 * The thread's first code, plain JavaScript: compiles the bundle with V8's cached code for it when there is
 * some (a thread then skips most of its compile time), and runs it with the thread's `require`. A thread
 * started to make that cache answers one request for it on its own port; it never runs a submission.
 *
 * Until the submission's capture replaces it, the thread's console prints nowhere: what tfjs says as it
 * starts (its "running TensorFlow.js in Node.js" banner) was discarded anyway, and output on the piped
 * stdio of a thread waiting in the pool would hold the process open (see `start`).
 *
 * On Linux it also says which OS thread it is, for the memory backstop (`MemoryBackstop`).
 */
const BOOTSTRAP = `'use strict';
const { Console } = require('node:console');
const { Writable } = require('node:stream');
const { workerData } = require('node:worker_threads');
const nowhere = new Writable({ write(chunk, encoding, done) { done(); } });
globalThis.console = new Console({ stdout: nowhere, stderr: nowhere });
const { Script } = require('node:vm');
try {
  workerData.threadId[0] = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
} catch {}
const script = new Script(workerData.code, { filename: workerData.filename, cachedData: workerData.cachedData });
const codeCachePort = workerData.codeCachePort;
if (codeCachePort) {
  codeCachePort.once('message', () => {
    codeCachePort.postMessage(script.createCachedData());
    codeCachePort.close();
  });
}
script.runInThisContext()(require);
`;

/** Hears a thread once a run is given to it. */
export type RunListener = {
  onMessage(message: RunMessageFromSandbox): void;
  /** The thread ended or failed before the run did: the run is over. */
  onEnd(end: RunEnd): void;
};

/** One sandbox thread, from its start to the end of the one run it does. */
export class SandboxThread {
  private readonly worker: Worker;
  private readonly channel = new MessageChannel();
  private readonly startupTimer: ReturnType<typeof setTimeout>;
  private ready = false;
  private running = false;
  private disposed = false;
  /** How the thread ended, if it did before or while a run was given to it. */
  private ended: RunEnd | null = null;
  private listener: RunListener | null = null;
  private pendingRun: { message: RunMessage; onStart: () => void } | null = null;
  /** The OS thread's id, which the thread writes here as it starts (0 until then, or off Linux). */
  private readonly threadId = new Int32Array(new SharedArrayBuffer(4));
  /** The thread's page faults when its run started. */
  private faultsAtRun: number | null = null;
  /** ms from `new Worker` to 'ready', for the benchmark. */
  startupMs: number | null = null;
  private readonly createdAt = performance.now();
  private markStarted: () => void = () => undefined;
  private readonly started = new Promise<void>((resolve) => (this.markStarted = resolve));

  constructor(bundle: SandboxBundle, codeCachePort?: MessagePort) {
    this.worker = new Worker(BOOTSTRAP, {
      eval: true,
      // The parent's flags (`--import tsx`) stay out of the thread: it loads no TypeScript.
      execArgv: [],
      // Nothing the submission writes to process.stdout or process.stderr reaches the grader's own output:
      // both are piped here and discarded (its console calls are captured by the protocol instead); see
      // `start`.
      stdout: true,
      stderr: true,
      // The submission sees an empty environment: no tokens or paths of the machine grading it.
      env: {},
      resourceLimits: { maxOldGenerationSizeMb: SANDBOX_HEAP_LIMIT_MB },
      workerData: { code: bundle.code, filename: bundle.filename, cachedData: bundle.cachedData, codeCachePort, threadId: this.threadId },
      transferList: codeCachePort ? [codeCachePort] : [],
    });
    this.startupTimer = setTimeout(
      () => this.end({ kind: 'crashed', reason: `the sandbox did not start within ${WORKER_STARTUP_TIMEOUT_MS / 1000} s` }),
      WORKER_STARTUP_TIMEOUT_MS,
    );
    this.channel.port1.on('message', (data: unknown) => this.receive(data));
    // Results come only from the private port: the worker's own 'message' events (parentPort) are not read.
    this.worker.on('error', (error) => this.end({ kind: 'crashed', reason: describeThreadError(error) }));
    // The parent terminates the thread only after the run is over; an exit before that is the submission's
    // doing, since the thread's open port keeps it alive otherwise.
    this.worker.on('exit', (code) =>
      this.end({
        kind: 'crashed',
        reason: this.running
          ? `the submission called process.exit(${code}), which ends the sandbox`
          : `the sandbox exited with code ${code} while starting`,
      }),
    );
    const connect: ConnectMessage = { type: 'connect', protocol: PROTOCOL_VERSION };
    this.worker.postMessage(connect, [this.channel.port2]);
    this.setKeepsProcessAlive(false);
  }

  /**
   * Gives the thread its run: posts `message` as soon as the thread is ready (at once, for a warm one) and
   * then calls `onStart`, from which the time limit counts. `listener` hears the rest.
   */
  start(message: RunMessage, listener: RunListener, onStart: () => void): void {
    this.listener = listener;
    this.setKeepsProcessAlive(true);
    // Discarded from now on. Not before: a piped stream that is read holds the process open until the
    // thread ends, and a thread waiting in the pool must not. Until then its writes wait in the stream.
    this.worker.stdout.resume();
    this.worker.stderr.resume();
    if (this.ended) {
      const { ended } = this;
      queueMicrotask(() => listener.onEnd(ended));
      return;
    }
    this.pendingRun = { message, onStart };
    if (this.ready) this.postRun();
  }

  /** What the thread posted that is still queued, handed to `accept` until it says the run ended. */
  drain(accept: (message: RunMessageFromSandbox) => RunEnd | null): RunEnd | null {
    for (let queued = receiveMessageOnPort(this.channel.port1); queued; queued = receiveMessageOnPort(this.channel.port1)) {
      const message = parseWorkerMessage(queued.message);
      if (message.type === 'ready') continue;
      const end = accept(message);
      if (end) return end;
    }
    return null;
  }

  /** Stops the thread; its later events are ignored. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    backstop.unwatch(this);
    clearTimeout(this.startupTimer);
    this.channel.port1.close();
    void this.worker.terminate();
  }

  /** Resolves once the thread is ready, or has failed to start. */
  whenStarted(): Promise<void> {
    return this.started;
  }

  private receive(data: unknown): void {
    if (this.disposed) return;
    const message = parseWorkerMessage(data);
    if (message.type === 'ready') {
      if (this.ready) return;
      this.ready = true;
      clearTimeout(this.startupTimer);
      this.startupMs = performance.now() - this.createdAt;
      this.markStarted();
      if (message.protocol !== PROTOCOL_VERSION) {
        this.end({ kind: 'crashed', reason: `the sandbox speaks protocol ${message.protocol}, the grader ${PROTOCOL_VERSION}` });
        return;
      }
      if (this.pendingRun) this.postRun();
      return;
    }
    if (message.type === 'fault' && message.seq === CONNECTION_FAULT_SEQ) {
      this.end({ kind: 'crashed', reason: message.message });
      return;
    }
    this.listener?.onMessage(message);
  }

  private postRun(): void {
    const run = this.pendingRun;
    if (!run || this.ended) return;
    this.pendingRun = null;
    this.running = true;
    this.faultsAtRun = pageFaults(this.threadId[0] ?? 0);
    if (this.faultsAtRun !== null) backstop.watch(this);
    this.channel.port1.postMessage(run.message);
    run.onStart();
  }

  /** Bytes of memory the thread has touched since its run started, on Linux. */
  touchedSinceRun(): number | null {
    const faults = pageFaults(this.threadId[0] ?? 0);
    return faults === null || this.faultsAtRun === null ? null : (faults - this.faultsAtRun) * PAGE_BYTES;
  }

  /** Ends the run from outside, as the thread's own failure would. */
  stop(end: RunEnd): void {
    this.end(end);
  }

  private end(end: RunEnd): void {
    if (this.disposed || this.ended) return;
    this.ended = end;
    clearTimeout(this.startupTimer);
    this.markStarted();
    this.listener?.onEnd(end);
  }

  /** A thread waiting in the pool must not hold the process open once the last run is over. */
  private setKeepsProcessAlive(alive: boolean): void {
    for (const handle of [this.worker, this.channel.port1, this.startupTimer]) {
      if (alive) handle.ref();
      else handle.unref();
    }
  }
}

/**
 * The page size Linux counts faults in: 4 KiB on x86-64 (a larger page makes the backstop more lenient,
 * never stricter).
 */
const PAGE_BYTES = 4096;
/** How often the backstop looks at the running threads. */
const BACKSTOP_INTERVAL_MS = 50;

/**
 * A thread's minor page faults so far, from /proc (Linux): each is a page of memory it touched for the first
 * time. Faults are counted per OS thread, so they say which sandbox touched the memory, where the process's
 * RSS could not. null elsewhere, or when the thread has not said which it is.
 */
function pageFaults(threadId: number): number | null {
  if (threadId <= 0) return null;
  try {
    const stat = readFileSync(`/proc/self/task/${threadId}/stat`, 'utf8');
    // "tid (name) state ppid pgrp session tty tpgid flags minflt ...": the name may hold spaces and ')'.
    const minorFaults = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[7]);
    return Number.isFinite(minorFaults) ? minorFaults : null;
  } catch {
    return null;
  }
}

/**
 * The parent's memory backstop. The sandbox's own footprint checks (src/worker/footprint.ts) run when the
 * submission makes a tensor or a probe ends; code that fills typed arrays in a loop without TF.js meets
 * none of them, and only the time limit would stop it, after gigabytes. While a run is on, its thread's
 * page faults are read every BACKSTOP_INTERVAL_MS: a thread that has touched more than the footprint cap
 * of new memory since its run started is stopped, and the run ends as out of memory.
 */
class MemoryBackstop {
  private readonly running = new Set<SandboxThread>();
  private timer: ReturnType<typeof setInterval> | undefined;

  watch(thread: SandboxThread): void {
    this.running.add(thread);
    this.timer ??= setInterval(() => this.check(), BACKSTOP_INTERVAL_MS);
    // The run's own time limit keeps the process alive while it lasts; this does not need to.
    this.timer.unref();
  }

  unwatch(thread: SandboxThread): void {
    this.running.delete(thread);
    if (this.running.size > 0 || !this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private check(): void {
    for (const thread of this.running) {
      const touched = thread.touchedSinceRun();
      if (touched === null || touched <= SANDBOX_FOOTPRINT_CAP_MB * 2 ** 20) continue;
      this.unwatch(thread);
      thread.stop({
        kind: 'crashed',
        reason: `the submission ran out of memory: it filled more than the sandbox's ${SANDBOX_FOOTPRINT_CAP_MB} MB (${Math.round(touched / 2 ** 20)} MB) while it ran`,
      });
    }
  }
}

const backstop = new MemoryBackstop();

function describeThreadError(error: Error): string {
  if ((error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return `the submission ran out of memory: it used more than the sandbox's ${SANDBOX_HEAP_LIMIT_MB} MB of heap`;
  }
  return `the sandbox failed: ${error.message}`;
}

/**
 * What the thread that makes the code cache runs, with the plan of the first real run: typed, with imports,
 * exports, a custom gradient and a console call, so that what a typical run compiles (Sucrase, the
 * measurements, the ops and their gradients) is in the cache too. A run from a warm cache takes about a
 * fifth less time than from one taken at 'ready'.
 */
function warmUpSource(entry: string): string {
  const name = /^[A-Za-z_$][\w$]*$/.test(entry) ? entry : 'f';
  return `import * as tf from '@tensorflow/tfjs';

type Op = (x: tf.Tensor) => tf.Tensor;
const halfOver = (y: tf.Tensor): tf.Tensor => tf.div(tf.scalar(0.5), y);

export const ${name}: Op = (x) =>
  tf.customGrad((input: tf.Tensor, save: tf.GradSaveFunc) => {
    let y = tf.onesLike(input);
    for (let step = 0; step < 3; step++) y = tf.tidy(() => y.add(input.div(y)).mul(0.5));
    save([y]);
    return { value: y, gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) => dy.mul(halfOver(saved!)) };
  })(x) as tf.Tensor;
console.log('warm', [1, 2].map((value) => value * 2));
`;
}

/** The code cache's warm-up run is stopped past this: it is an optimisation, never worth a wait. */
const WARM_UP_LIMIT_MS = 10_000;
/** A thread runs one submission, and so one seq (the warm-up's thread runs the warm-up). */
const WARM_UP_SEQ = 1;

/**
 * Keeps `size` threads started and unused. `take` hands out the oldest (the likeliest to be ready) and
 * starts its replacement at once; the first call starts the pool.
 */
export class SandboxPool {
  private readonly idle: SandboxThread[] = [];
  private closed = false;
  private codeCacheStarted: boolean;

  constructor(
    private readonly bundle: SandboxBundle,
    readonly size: number,
  ) {
    this.codeCacheStarted = bundle.cachedData !== undefined;
  }

  /** A thread for a run of `plan`: ready, or about to be. */
  take(plan: Plan): SandboxThread {
    if (!this.codeCacheStarted) {
      this.codeCacheStarted = true;
      this.makeCodeCache(plan);
    }
    const thread = this.idle.shift() ?? new SandboxThread(this.bundle);
    this.refill();
    return thread;
  }

  /** Stops the idle threads; a later `take` starts a thread of its own. */
  close(): void {
    this.closed = true;
    for (const thread of this.idle.splice(0)) thread.dispose();
  }

  private refill(): void {
    while (!this.closed && this.idle.length < this.size) this.idle.push(new SandboxThread(this.bundle));
  }

  /**
   * One thread, never given a submission, runs the warm-up source on `plan`; its compiled code then
   * becomes the cache of the threads started after it, and of later processes.
   */
  private makeCodeCache(plan: Plan): void {
    const { port1, port2 } = new MessageChannel();
    const thread = new SandboxThread(this.bundle, port2);
    const recorder = recordRun(WARM_UP_SEQ, LOAD_PHASE);
    const stop = () => {
      clearTimeout(limit);
      port1.close();
      thread.dispose();
    };
    const limit = setTimeout(stop, WORKER_STARTUP_TIMEOUT_MS + WARM_UP_LIMIT_MS);
    limit.unref();
    const run: RunMessage = { type: 'run', seq: WARM_UP_SEQ, source: warmUpSource(plan.entry), plan };
    thread.start(
      run,
      {
        onMessage: (message) => {
          const end = recorder.accept(message);
          if (!end) return;
          if (end.kind !== 'complete') return stop();
          port1.once('message', (data: unknown) => {
            if (data instanceof Uint8Array && data.byteLength > 0) this.bundle.saveCachedData(data);
            stop();
          });
          port1.postMessage('cache');
        },
        onEnd: stop,
      },
      () => undefined,
    );
  }
}
