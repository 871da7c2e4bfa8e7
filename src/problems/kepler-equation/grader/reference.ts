/**
 * float64 references in plain TypeScript, for the honest answer and for each classic mistake. They never run
 * TF.js or the reference solution: a bug there must not be able to agree with itself.
 *
 * Kepler's equation F(E, M, e) = E − e·sin E − M = 0 defines the eccentric anomaly E*(M, e). M is a tensor
 * of any shape (handled here flattened), e one scalar shared by every element.
 */
export const NEWTON_STEPS = 10;

/** E ← E − (E − e·sin E − M) / (1 − e·cos E), `steps` times from E = M, in float64. */
export function keplerNewton(M: number, e: number, steps = NEWTON_STEPS): number {
  let E = M;
  for (let step = 0; step < steps; step++) E -= (E - e * Math.sin(E) - M) / (1 - e * Math.cos(E));
  return E;
}

/** The plain fixed-point iteration E ← M + e·sin E from E = M: converges, but only linearly, at rate ≈ e. */
export function keplerFixedPoint(M: number, e: number, steps = NEWTON_STEPS): number {
  let E = M;
  for (let step = 0; step < steps; step++) E = M + e * Math.sin(E);
  return E;
}

/** Partial derivatives of E with respect to M and e, at one element. */
export type Partials = { readonly dM: number; readonly de: number };

/**
 * The Implicit Function Theorem at a root E: dE/dθ = −F_θ / F_E with F_E = 1 − e·cos E = u, F_M = −1 and
 * F_e = −sin E, so dE/dM = 1/u and dE/de = sin E / u.
 */
export function iftPartials(E: number, e: number): Partials {
  const u = 1 - e * Math.cos(E);
  return { dM: 1 / u, de: Math.sin(E) / u };
}

/**
 * The derivatives of the `steps`-step loop itself, by forward-mode differentiation of every step: what TF.js
 * computes when it differentiates through the iterations. On this domain ten steps have converged, and these
 * equal the IFT's to float64 precision: the unrolled loop is told apart by its cost, not its values.
 */
export function unrolledPartials(M: number, e: number, steps = NEWTON_STEPS): Partials {
  let E = M;
  let dM = 1;
  let de = 0;
  for (let step = 0; step < steps; step++) {
    const sin = Math.sin(E);
    const cos = Math.cos(E);
    const residual = E - e * sin - M;
    const u = 1 - e * cos;
    // E' = E − F/u, so dE' = dE − (dF·u − F·du) / u², with dF and du taken along M or along e.
    const dResidualM = dM * u - 1;
    const dUM = e * sin * dM;
    const dResidualE = de * u - sin;
    const dUE = -cos + e * sin * de;
    dM -= (dResidualM * u - residual * dUM) / (u * u);
    de -= (dResidualE * u - residual * dUE) / (u * u);
    E -= residual / u;
  }
  return { dM, de };
}

/** A vector-Jacobian product of solveKepler: the gradient for M (shaped like M, flattened) and for e (a scalar). */
export type KeplerVjp = { readonly dM: readonly number[]; readonly de: number };

/** dM = w·∂E/∂M elementwise, de = Σ w·∂E/∂e: the gradient of a scalar input sums over every element. */
export function vjpFromPartials(partials: readonly Partials[], weights: readonly number[]): KeplerVjp {
  let de = 0;
  const dM = partials.map((p, index) => {
    const w = weights[index] ?? Number.NaN;
    de += w * p.de;
    return w * p.dM;
  });
  return { dM, de };
}

/**
 * Each way of computing the gradient the grader recognises. `honest` is the contract; every other is a
 * classic mistake, computed in float64 so that a learner's numbers can be matched against it and named.
 */
export const GRADIENT_VARIANTS = {
  honest: 'honest',
  /** dE/dθ = +F_θ / F_E, the minus forgotten: both gradients negated. */
  signFlipped: 'sign-flipped',
  /** u and sin E evaluated at the starting point E = M instead of at the root E*. */
  atStart: 'at-start',
  /** Multiplied by u = ∂F/∂E instead of divided by it. */
  inverted: 'inverted',
  /** The upstream gradient dy dropped: the VJP of an all-ones cotangent. */
  ignoresDy: 'ignores-dy',
  /** The gradient for e averaged (tf.mean) instead of summed over the elements. */
  meanForE: 'mean-for-e',
  /** e treated as a constant: a gradient of zeros for it. */
  zeroForE: 'zero-for-e',
} as const;
export type GradientVariant = (typeof GRADIENT_VARIANTS)[keyof typeof GRADIENT_VARIANTS];

/** The float64 VJP of one variant of sum(w · solveKepler(M, e)), M flattened, e a scalar, w shaped like M. */
export function variantVjp(variant: GradientVariant, M: readonly number[], e: number, weights: readonly number[]): KeplerVjp {
  const roots = M.map((m) => keplerNewton(m, e));
  const honest = () => vjpFromPartials(roots.map((E) => iftPartials(E, e)), weights);
  switch (variant) {
    case GRADIENT_VARIANTS.honest:
      return honest();
    case GRADIENT_VARIANTS.signFlipped: {
      const { dM, de } = honest();
      return { dM: dM.map((g) => -g), de: -de };
    }
    case GRADIENT_VARIANTS.atStart:
      return vjpFromPartials(M.map((m) => iftPartials(m, e)), weights);
    case GRADIENT_VARIANTS.inverted:
      return vjpFromPartials(
        roots.map((E) => {
          const u = 1 - e * Math.cos(E);
          return { dM: u, de: Math.sin(E) * u };
        }),
        weights,
      );
    case GRADIENT_VARIANTS.ignoresDy:
      return vjpFromPartials(roots.map((E) => iftPartials(E, e)), M.map(() => 1));
    case GRADIENT_VARIANTS.meanForE: {
      const { dM, de } = honest();
      return { dM, de: de / Math.max(1, M.length) };
    }
    case GRADIENT_VARIANTS.zeroForE:
      return { dM: honest().dM, de: 0 };
  }
}

/** The VJP of sum(w · E*²): dy = 2·w·E* arrives in gradFunc. */
export function squareVjp(M: readonly number[], e: number, weights: readonly number[]): KeplerVjp {
  const roots = M.map((m) => keplerNewton(m, e));
  return vjpFromPartials(
    roots.map((E) => iftPartials(E, e)),
    roots.map((E, index) => 2 * (weights[index] ?? Number.NaN) * E),
  );
}

/**
 * The VJP of sum(w · f(f(M, e), e)): with E1 = f(M, e) and E2 = f(E1, e), the chain rule gives
 * dM = w·∂E2/∂E1·∂E1/∂M, and e reaches E2 along two paths: de = Σ w·(∂E2/∂e + ∂E2/∂E1·∂E1/∂e).
 */
export function twiceVjp(M: readonly number[], e: number, weights: readonly number[]): KeplerVjp {
  let de = 0;
  const dM = M.map((m, index) => {
    const w = weights[index] ?? Number.NaN;
    const inner = iftPartials(keplerNewton(m, e), e);
    const outer = iftPartials(keplerNewton(keplerNewton(m, e), e), e);
    de += w * (outer.de + outer.dM * inner.de);
    return w * outer.dM * inner.dM;
  });
  return { dM, de };
}
