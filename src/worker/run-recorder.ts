import type { ConsoleLine, LoadResult, ProbeResult } from '../core/measurements.ts';
import type { RunEnd, RunOutcome } from '../core/outcome.ts';
import { CONSOLE_MAX_LINES } from './console-capture.ts';
import type { WorkerMessage } from './protocol.ts';

/** Everything a sandbox says during a run, once connected ('ready' is the connection's business). */
export type RunMessageFromSandbox = Exclude<WorkerMessage, { type: 'ready' }>;

export type RunListeners = {
  onConsole?(line: ConsoleLine): void;
  onPhase?(label: string): void;
};

export type RunRecorder = {
  /** Takes one validated message; returns how the run ended when the message ends it. */
  accept(message: RunMessageFromSandbox): RunEnd | null;
  /** What the sandbox said it started last, for a time-out's message. */
  phase(): string | null;
  outcome(end: RunEnd, durationMs: number): RunOutcome;
};

/**
 * Collects one run's stream of messages into a `RunOutcome`, for the page's runner and the command-line
 * grader alike. Messages of another run (another `seq`) are stale and ignored.
 */
export function recordRun(seq: number, firstPhase: string, listeners: RunListeners = {}): RunRecorder {
  let load: LoadResult | null = null;
  const probes: ProbeResult[] = [];
  const lines: ConsoleLine[] = [];
  let droppedLines = 0;
  let phase: string | null = firstPhase;
  return {
    accept(message) {
      if (message.seq !== seq) return null;
      switch (message.type) {
        case 'phase':
          phase = message.label;
          listeners.onPhase?.(message.label);
          return null;
        case 'load':
          load = message.result;
          return null;
        case 'probe':
          probes.push(message.result);
          return null;
        case 'console':
          // The sandbox caps too; this cap holds even if it did not.
          if (lines.length < CONSOLE_MAX_LINES) {
            const line = { level: message.level, text: message.text };
            lines.push(line);
            listeners.onConsole?.(line);
          } else {
            droppedLines++;
          }
          return null;
        case 'console-dropped':
          droppedLines = Math.max(droppedLines, message.count);
          return null;
        case 'done':
          return { kind: 'complete' };
        case 'out-of-memory':
          return { kind: 'crashed', reason: `it ran out of memory: ${message.message}` };
        case 'fault':
          return { kind: 'crashed', reason: `the sandbox failed: ${message.message}` };
      }
    },
    phase: () => phase,
    outcome: (end, durationMs) => ({ end, load, probes, console: { lines, droppedLines }, durationMs }),
  };
}
