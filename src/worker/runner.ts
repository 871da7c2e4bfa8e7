/**
 * The page's side of the sandbox: a fresh worker per run, the next one warmed in advance, a time limit
 * enforced from outside, and results streamed back as plain data. Knows nothing of React.
 */
import type { RunEnd, RunOutcome } from '../core/outcome.ts';
import { LOAD_PHASE, type Plan } from '../core/plan.ts';
import {
  CONNECTION_FAULT_SEQ,
  parseWorkerMessage,
  PROTOCOL_VERSION,
  WORKER_STARTUP_TIMEOUT_MS,
  type RunMessage,
} from './protocol.ts';
import { recordRun, type RunListeners, type RunMessageFromSandbox } from './run-recorder.ts';

export type { RunListeners } from './run-recorder.ts';


export type RunRequest = { readonly source: string; readonly plan: Plan; readonly timeLimitMs: number };


type Sandbox = {
  readonly ready: Promise<void>;
  send(message: RunMessage): void;
  /** Where the current run listens to everything but 'ready', which the sandbox handles itself. */
  onMessage: (message: RunMessageFromSandbox) => void;
  onCrash: (reason: string) => void;
  dispose(): void;
};

function startSandbox(createWorker: () => Worker): Sandbox {
  const worker = createWorker();
  const channel = new MessageChannel();
  let readyTimer: ReturnType<typeof setTimeout> | undefined;
  let settleReady: { resolve(): void; reject(reason: string): void } | null = null;
  const sandbox: Sandbox = {
    ready: new Promise<void>((resolve, reject) => {
      settleReady = { resolve, reject };
      readyTimer = setTimeout(
        () => reject(`the sandbox did not start within ${WORKER_STARTUP_TIMEOUT_MS / 1000} s`),
        WORKER_STARTUP_TIMEOUT_MS,
      );
    }),
    send: (message) => channel.port1.postMessage(message),
    onMessage: () => undefined,
    onCrash: () => undefined,
    dispose() {
      clearTimeout(readyTimer);
      channel.port1.close();
      worker.terminate();
    },
  };
  // A rejected `ready` that nobody awaits yet must not be reported as unhandled.
  sandbox.ready.catch(() => undefined);
  channel.port1.onmessage = (event: MessageEvent) => {
    const message = parseWorkerMessage(event.data);
    if (message.type === 'ready') {
      clearTimeout(readyTimer);
      if (message.protocol === PROTOCOL_VERSION) settleReady?.resolve();
      else settleReady?.reject(`the sandbox speaks protocol ${message.protocol}, the page ${PROTOCOL_VERSION}`);
      return;
    }
    if (message.type === 'fault' && message.seq === CONNECTION_FAULT_SEQ) {
      // Before 'ready' the sandbox never started; after it, the run in progress is over.
      settleReady?.reject(message.message);
      sandbox.onCrash(message.message);
      return;
    }
    sandbox.onMessage(message);
  };
  // Messages the learner's code posts with `self.postMessage` arrive here and are never read.
  worker.onmessage = null;
  worker.onerror = (event) => {
    event.preventDefault();
    const reason = event.message || 'the sandbox worker failed';
    settleReady?.reject(reason);
    sandbox.onCrash(reason);
  };
  worker.postMessage({ type: 'connect', protocol: PROTOCOL_VERSION }, [channel.port2]);
  return sandbox;
}

export type SandboxRunnerOptions = {
  /**
   * False for a runner used once (the insight view's point): no worker is started in advance for a next
   * run that will never come, only to be terminated at once by dispose().
   */
  readonly keepSpare?: boolean;
};

export class SandboxRunner {
  private spare: Sandbox | null = null;
  private seq = 0;
  private cancelCurrent: (() => void) | null = null;
  private readonly keepSpare: boolean;

  constructor(
    private readonly createWorker: () => Worker,
    options: SandboxRunnerOptions = {},
  ) {
    this.keepSpare = options.keepSpare ?? true;
  }

  /** Starts the next run's worker now, so that tfjs has loaded by the time the learner presses Run. */
  warm(): void {
    if (!this.keepSpare) return;
    this.spare ??= startSandbox(this.createWorker);
  }

  /** Stops the run in progress, if any; its promise resolves to null. */
  cancel(): void {
    this.cancelCurrent?.();
  }

  dispose(): void {
    this.cancel();
    this.spare?.dispose();
    this.spare = null;
  }

  /**
   * Runs one submission in a fresh worker. A newer run cancels an older one, whose promise then resolves
   * to null: a stale result never reaches the page.
   */
  run(request: RunRequest, listeners: RunListeners = {}): Promise<RunOutcome | null> {
    this.cancel();
    const seq = ++this.seq;
    const sandbox = this.spare ?? startSandbox(this.createWorker);
    this.spare = null;
    // The next run's worker starts loading now, on another thread, not once this one ends: a learner who
    // runs again as soon as the verdict shows finds it ready.
    this.warm();

    return new Promise<RunOutcome | null>((resolve) => {
      const recorder = recordRun(seq, LOAD_PHASE, listeners);
      let startedAt = performance.now();
      let limitTimer: ReturnType<typeof setTimeout> | undefined;
      let settled = false;

      const settle = (end: RunEnd | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(limitTimer);
        sandbox.dispose();
        if (this.seq === seq) this.cancelCurrent = null;
        // A cancelled run's worker may have been the spare's too (keepSpare false): start one if none waits.
        this.warm();
        resolve(end && recorder.outcome(end, performance.now() - startedAt));
      };
      this.cancelCurrent = () => settle(null);

      sandbox.onCrash = (reason) => settle({ kind: 'crashed', reason });
      sandbox.onMessage = (message) => {
        const end = recorder.accept(message);
        if (end) settle(end);
      };

      sandbox.ready.then(
        () => {
          if (settled) return;
          // The time limit starts when the learner's code can start, not while tfjs loads.
          startedAt = performance.now();
          sandbox.send({ type: 'run', seq, source: request.source, plan: request.plan });
          limitTimer = setTimeout(
            () => settle({ kind: 'timeout', limitMs: request.timeLimitMs, phase: recorder.phase() }),
            request.timeLimitMs,
          );
        },
        (reason: unknown) => settle({ kind: 'crashed', reason: String(reason) }),
      );
    });
  }
}
