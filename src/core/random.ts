import seedrandom from 'seedrandom';

/** A seeded source of uniform numbers in [0, 1): the same seed gives the same cases everywhere. */
export type Random = () => number;

export function seededRandom(seed: string): Random {
  const generator = seedrandom.alea(seed);
  return () => generator.double();
}

/**
 * Log-uniform in [low, high], rounded to float32 so that the float64 reference starts from exactly the
 * value the learner's float32 tensor holds.
 */
export function logUniformFloat32(random: Random, low: number, high: number): number {
  const logLow = Math.log(low);
  return Math.fround(Math.exp(logLow + random() * (Math.log(high) - logLow)));
}

/** Uniform in [low, high], rounded to float32 (see logUniformFloat32). */
export function uniformFloat32(random: Random, low: number, high: number): number {
  return Math.fround(low + random() * (high - low));
}
