/**
 * The sandbox's whole memory footprint, capped: its JavaScript heap and every ArrayBuffer's backing store
 * (typed arrays, tensor data, `tf.util.makeZerosTypedArray`), which neither the tensor cap (harden.ts, which
 * counts tensors only) nor a heap limit sees. Past the cap the run ends as out of memory, as for tensors.
 *
 * The host installs the meter: the command-line grader's thread reads V8's own figures for its isolate
 * (sandbox-thread.ts). A browser tells a worker nothing of its ArrayBuffers, so the page's worker installs
 * none and every check is a no-op there (its tab is bounded by the browser instead).
 *
 * The checks run where the learner's code cannot avoid them: on every tensor TF.js tracks (harden.ts), and
 * after the module has loaded and after each probe (measure.ts). Code that allocates in a loop without
 * touching TF.js meets the parent's backstop instead (src/cli/sandbox-pool.ts).
 */

/**
 * The cap on the sandbox's footprint, in MB (2^20 bytes): the JS heap in use plus the ArrayBuffers held,
 * garbage not yet collected included. An honest submission needs some tens of MB; the tensor cap (256 MB)
 * and what V8 lets build up between collections fit under it with room to spare.
 */
export const SANDBOX_FOOTPRINT_CAP_MB = 768;

/** Thrown where a check finds the footprint over the cap; ends the run as out of memory. */
export class SandboxMemoryExceeded extends Error {
  override readonly name = 'SandboxMemoryExceeded';
  constructor(readonly bytes: number) {
    super(
      `your code holds ${Math.round(bytes / 2 ** 20)} MB of memory (objects, arrays and typed arrays), over the sandbox's ${SANDBOX_FOOTPRINT_CAP_MB} MB: is a large array kept, or one made in a loop that never ends?`,
    );
  }
}

// The learner's code may catch the error: with the class frozen it cannot make `instanceof` lie, which is
// how report-run.ts tells the end of a run from a fault.
Object.freeze(SandboxMemoryExceeded.prototype);
Object.freeze(SandboxMemoryExceeded);

/** Bytes the sandbox holds now. */
export type FootprintMeter = () => number;

let meter: FootprintMeter | null = null;
let exceeded: SandboxMemoryExceeded | null = null;

/** Installs the host's meter, once, before any learner code (a second call is refused). */
export function meterFootprint(read: FootprintMeter): void {
  if (meter) throw new Error('the sandbox footprint meter is already installed');
  meter = read;
}

/**
 * Throws SandboxMemoryExceeded when the footprint is over the cap, and from then on at every check, even
 * if the learner's code caught the error and let go of the memory: the run is over.
 */
export function checkFootprint(): void {
  if (exceeded) throw exceeded;
  if (!meter) return;
  const bytes = meter();
  if (bytes > SANDBOX_FOOTPRINT_CAP_MB * 2 ** 20) {
    // The learner's code may catch it: frozen, its message stays ours.
    exceeded = Object.freeze(new SandboxMemoryExceeded(bytes));
    throw exceeded;
  }
}
