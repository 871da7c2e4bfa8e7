/**
 * The peak of tensor memory over a stretch of work, as the sandbox (engine-watch.ts, the learner's point)
 * and the insight engine (src/insight/measure-insight.ts, the reference curves) both take it: the held
 * bytes after every kernel, from the start of the stretch. One piece, so that the chart's points compare.
 */
export type PeakWatch = {
  /** Called after every kernel the engine runs. */
  note(): void;
  /** Runs `body`, and the most bytes held from its start to its end (nested watches count in the outer). */
  watch<T>(body: () => T): { result: T; peakBytes: number };
};

export function peakWatch(bytesHeld: () => number): PeakWatch {
  let peak: { bytes: number } | null = null;
  return {
    note() {
      if (!peak) return;
      const bytes = bytesHeld();
      if (bytes > peak.bytes) peak.bytes = bytes;
    },
    watch(body) {
      const outer = peak;
      const current = { bytes: bytesHeld() };
      peak = current;
      try {
        return { result: body(), peakBytes: current.bytes };
      } finally {
        peak = outer;
        if (outer) outer.bytes = Math.max(outer.bytes, current.bytes);
      }
    },
  };
}
