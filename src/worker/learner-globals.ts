/**
 * The globals a learner's Compartment gets beyond SES's shared built-ins: what an honest TypeScript program
 * reaches for and a new Compartment leaves out or disables. Each is hardened, none leads to the host.
 *
 * - The float typed arrays (SES 2.x leaves them out of new Compartments), as this realm's own frozen
 *   constructors.
 * - `Date` with a working clock: this realm's own `Date`, whose `now()` and `new Date()` tell the time
 *   (a Compartment's shared `Date` throws on both).
 * - `Math` with a `random()` seeded per run, so that a run can be replayed.
 * - `performance` with `now()` only, rounded to 0.1 ms.
 * - The whole console API, feeding the capped capture.
 */
import 'ses';
import { seededRandom } from '../core/random.ts';

/** The clock learner code reads through `performance.now()` is rounded to this many ms. */
export const PERFORMANCE_RESOLUTION_MS = 0.1;

/**
 * The built-ins a new Compartment lacks that learner code may use, taken from this (locked-down) realm
 * when it has them: Float16Array only exists in newer engines.
 */
const TYPED_ARRAYS = ['Float16Array', 'Float32Array', 'Float64Array'] as const;

/** The seed of a run's `Math.random()`: the same submission under the same run seed replays the same numbers. */
export function learnerSeed(runSeed: string, source: string, entry: string): string {
  return `learner-random:${runSeed}:${entry}:${source}`;
}

/** `Math` as the Compartment shares it, but with `random()` from a seeded generator. */
function seededMath(seed: string): object {
  const next = seededRandom(seed);
  const descriptors = Object.getOwnPropertyDescriptors(Math) as PropertyDescriptorMap;
  descriptors['random'] = { value: function random() { return next(); }, writable: true, enumerable: false, configurable: true };
  return Object.create(Object.prototype, descriptors) as object;
}

/** The endowments of one run's Compartment, hardened. */
export function learnerGlobals(options: { readonly seed: string; readonly console: object }): Record<string, unknown> {
  const globals: Record<string, unknown> = {};
  const host = globalThis as unknown as Record<string, unknown>;
  for (const name of TYPED_ARRAYS) {
    const constructor = host[name];
    // Only what lockdown has already frozen: an intrinsic it did not permit stays out.
    if (typeof constructor === 'function' && Object.isFrozen(constructor) && Object.isFrozen(constructor.prototype)) {
      globals[name] = constructor;
    }
  }
  globals['Date'] = Date;
  globals['Math'] = seededMath(options.seed);
  const hostNow = performance.now.bind(performance);
  const steps = 1 / PERFORMANCE_RESOLUTION_MS;
  globals['performance'] = { now: () => Math.round(hostNow() * steps) / steps };
  globals['console'] = options.console;
  return harden(globals);
}
