/**
 * The command-line grader's sandbox: the entry of one worker thread, which runs one submission and is then
 * thrown away. Like the page's sandbox.worker.ts, it loads tfjs first, takes a private port from the
 * 'connect' message, receives the submission on that port and streams plain data back through `reportRun`.
 * It never judges: the parent does, on validated messages.
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort, type MessagePort } from 'node:worker_threads';
import { PROTOCOL_VERSION, type RunMessage, type WorkerMessage } from '../worker/protocol.ts';
import { serveOneRun } from '../worker/report-run.ts';
import { meterFootprint } from '../worker/footprint.ts';
import { hardenRealm } from '../worker/harden.ts';
import { removeNetworkAccess } from '../worker/no-network.ts';
import { readyTf } from '../worker/tf.ts';

const startedAt = performance.now();
// The thread's footprint as V8 counts it for this isolate alone: the heap in use, and the backing stores of
// its ArrayBuffers (typed arrays, tensor data), which the heap limit does not cover. Under a microsecond.
meterFootprint(() => {
  const heap = getHeapStatistics();
  return heap.used_heap_size + heap.external_memory;
});
// The page's TensorFlow.js (tf.ts): tfjs-core with its gradients and chained ops on the cpu backend, which
// is all the learner's namespace holds anyway (harden.ts gives tfjs-core's names only). sandbox-bundle.ts
// builds this file and all it imports into one script, so that a thread loads no TypeScript.
const tfReady = readyTf()
  .then((tf) => {
    // The cpu backend prints its "running TensorFlow.js in Node.js" banner on its first tensor. Make that
    // tensor now, while the console is still the thread's own (discarded) one, not the submission's.
    tf.dispose(tf.scalar(0));
    return tf;
  })
  // Locked down before 'ready', so that it does not count against the submission's time limit.
  .then(async (tf) => {
    await hardenRealm(tf);
    // Before 'ready', so before any learner code: no fetch (nor anything else that connects) on this thread's global.
    removeNetworkAccess(tf);
    return tf;
  });

if (!parentPort) throw new Error('sandbox-thread.ts runs only as a worker thread');
const hostPort = parentPort;

hostPort.addEventListener('message', function connect(event) {
  const { data, ports } = event as MessageEvent<{ type?: unknown; protocol?: unknown } | null>;
  const port = ports[0] as unknown as MessagePort | undefined;
  if (data?.type !== 'connect' || data.protocol !== PROTOCOL_VERSION || !port) return;
  // Connect once; from now on the private port, held only by this closure, is the only channel. parentPort
  // is closed, so what the submission posts there goes nowhere (and the parent does not listen anyway).
  hostPort.removeEventListener('message', connect);
  hostPort.close();
  const run = serveOneRun(tfReady, startedAt, (message: WorkerMessage) => port.postMessage(message), (captured) => {
    // `globalThis.console.log(...)` and logs from timers land in the same capped capture.
    globalThis.console = captured.console as Console;
    // Node would end the thread on either; the page's sandbox logs them instead, and so does this one.
    process.on('unhandledRejection', (reason) => captured.console.error('Unhandled promise rejection:', reason));
    process.on('uncaughtException', (error) => captured.console.error('Uncaught', error));
  });
  // The listener stays for the thread's life: it keeps the port, and so the thread, alive. A submission that
  // awaits a promise that never settles then runs into the time limit, as in the page, instead of ending
  // the thread, which the parent could not tell from process.exit().
  port.on('message', (message: RunMessage) => run(message));
});
