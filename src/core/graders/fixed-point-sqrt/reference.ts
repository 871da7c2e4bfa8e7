/**
 * float64 references in plain JavaScript. They never run the reference solution through TF.js: a bug in
 * TF.js or in our solution must not be able to agree with itself.
 */
export const NEWTON_STEPS = 10;

/** y <- (y + x / y) / 2, `steps` times from y = 1, in float64. */
export function newtonSqrt(x: number, steps = NEWTON_STEPS): number {
  let y = 1;
  for (let step = 0; step < steps; step++) y = 0.5 * (y + x / y);
  return y;
}

/** The Implicit Function Theorem's derivative of the fixed point y* = sqrt(x): 0.5 / y*. */
export function iftDerivative(yStar: number): number {
  return 0.5 / yStar;
}
