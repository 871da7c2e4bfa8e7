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

/**
 * The derivative of the unrolled loop itself, dy_10/dx, by forward-mode differentiation of each step:
 * what TF.js computes when it differentiates through the iterations. Used to recognise that mistake.
 */
export function unrolledDerivative(x: number, steps = NEWTON_STEPS): number {
  let y = 1;
  let dy = 0;
  for (let step = 0; step < steps; step++) {
    // d/dx [0.5 (y + x / y)] = 0.5 (dy + (y - x dy) / y^2)
    dy = 0.5 * (dy + (y - x * dy) / (y * y));
    y = 0.5 * (y + x / y);
  }
  return dy;
}
