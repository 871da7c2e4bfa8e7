import { capText, MEASUREMENT_LIMITS } from '../core/limits.ts';
import { captureConsole, type CapturedConsole } from './console-capture.ts';
import { SandboxMemoryExceeded } from './footprint.ts';
import { hardenRealm, TensorMemoryExceeded } from './harden.ts';
import { measure } from './measure.ts';
import { CONNECTION_FAULT_SEQ, PROTOCOL_VERSION, type RunMessage, type WorkerMessage } from './protocol.ts';
import type { Tf } from './tf.ts';

/**
 * The sandbox's side of a run, for the browser worker and the command-line grader's worker thread alike:
 * measure the submission and stream every result over `send` as a protocol message.
 * `installConsole` lets the host route its global console (timers, `globalThis.console`) to the same
 * capped capture that the learner's module sees.
 */
export async function reportRun(
  tf: Tf,
  { seq, source, plan }: Pick<RunMessage, 'seq' | 'source' | 'plan'>,
  send: (message: WorkerMessage) => void,
  installConsole: (captured: CapturedConsole) => void = () => undefined,
): Promise<void> {
  const captured = captureConsole({
    line: (level, text) => send({ type: 'console', seq, level, text }),
    dropped: (count) => send({ type: 'console-dropped', seq, count }),
  });
  installConsole(captured);
  try {
    const realm = await hardenRealm(tf);
    await measure(tf, realm, source, plan, captured.console, {
      onPhase: (label) => send({ type: 'phase', seq, label }),
      onLoad: (result) => send({ type: 'load', seq, result }),
      onProbe: (result) => send({ type: 'probe', seq, result }),
      now: () => performance.now(),
    });
    send({ type: 'console-dropped', seq, count: captured.droppedLines() });
    send({ type: 'done', seq });
  } catch (error) {
    const message = capText(error instanceof Error ? error.message : String(error), MEASUREMENT_LIMITS.faultChars);
    if (error instanceof TensorMemoryExceeded || error instanceof SandboxMemoryExceeded) send({ type: 'out-of-memory', seq, message });
    else send({ type: 'fault', seq, message });
  }
}

/**
 * The sandbox's side of a connection, once its private port is in hand, for both hosts: says 'ready' when
 * tfjs is up (or 'fault' when it failed), and returns the handler for the run message, which runs the first
 * submission it is given and ignores any other: a sandbox runs one submission and is thrown away.
 */
export function serveOneRun(
  tfReady: Promise<Tf>,
  startedAt: number,
  send: (message: WorkerMessage) => void,
  installConsole: (captured: CapturedConsole) => void,
): (message: RunMessage) => void {
  tfReady.then(
    (tf) => send({ type: 'ready', protocol: PROTOCOL_VERSION, backend: tf.getBackend(), startupMs: performance.now() - startedAt }),
    (error: unknown) =>
      send({
        type: 'fault',
        seq: CONNECTION_FAULT_SEQ,
        message: capText(`TensorFlow.js did not start: ${String(error)}`, MEASUREMENT_LIMITS.faultChars),
      }),
  );
  let started = false;
  return (message) => {
    if (started) return;
    started = true;
    void tfReady.then((tf) => reportRun(tf, message, send, installConsole));
  };
}
