/**
 * The sandbox: one Web Worker per run. It loads tfjs while the page is idle, receives one submission over
 * its private port, measures it and reports plain data. It never judges.
 */
import { PROTOCOL_VERSION, type RunMessage, type WorkerMessage } from './protocol.ts';
import { serveOneRun } from './report-run.ts';
import { hardenRealm } from './harden.ts';
import { removeNetworkAccess } from './no-network.ts';
import { readyTf } from './tf.ts';

type WorkerScope = {
  onmessage: ((event: MessageEvent) => void) | null;
  addEventListener(type: 'unhandledrejection', listener: (event: PromiseRejectionEvent) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  console: Console;
};

const scope = self as unknown as WorkerScope;
const startedAt = performance.now();
// Locked down while the page is idle, so that neither lockdown nor tfjs's first use counts against the
// submission's time limit.
const tfReady = readyTf().then(async (tf) => {
  await hardenRealm(tf);
  // Before 'ready', so before any learner code: no fetch, WebSocket, nested Worker... on this worker's global.
  removeNetworkAccess(tf);
  return tf;
});

scope.onmessage = (event: MessageEvent) => {
  const data = event.data as { type?: unknown; protocol?: unknown } | null;
  const port = event.ports[0];
  if (data?.type !== 'connect' || data.protocol !== PROTOCOL_VERSION || !port) return;
  // Connect once; from now on the port is the only channel, and it is out of the learner's reach.
  scope.onmessage = null;
  const run = serveOneRun(tfReady, startedAt, (message: WorkerMessage) => port.postMessage(message), (captured) => {
    // `globalThis.console.log(...)` and logs from timers land in the same capped capture.
    scope.console = captured.console as Console;
    scope.addEventListener('unhandledrejection', (event) => {
      event.preventDefault();
      captured.console.error(`Unhandled promise rejection: ${String(event.reason)}`);
    });
    // An exception from a learner's timer would otherwise surface on the page as a dead sandbox.
    scope.addEventListener('error', (event) => {
      event.preventDefault();
      captured.console.error(`Uncaught ${event.message}`);
    });
  });
  port.onmessage = (runEvent: MessageEvent<RunMessage>) => {
    port.onmessage = null;
    run(runEvent.data);
  };
};
