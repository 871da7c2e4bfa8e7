/**
 * How a tape node's backward work is counted, shared by the sandbox (the learner's function, measure.ts)
 * and the insight engine (the reference curves, src/insight/measure-insight.ts): "yours" and the curves on
 * one chart compare like for like only if both count the same way.
 */

/** The part of a TF.js tape node its backward pass runs through. */
export type GradientTapeNode = { gradient?: (dys: unknown) => Record<string, () => unknown> };

/**
 * Runs every step of `node`'s gradient inside `watched`. A node's gradient runs in two steps, both
 * counted: `gradient(dys)` (for a customGrad node, its gradFunc itself) returns one thunk per input, which
 * TF.js then calls (for a built-in op, where its kernels run).
 */
export function watchGradient(node: GradientTapeNode, watched: <T>(body: () => T) => T): void {
  const gradient = node.gradient;
  if (!gradient) return;
  node.gradient = (dys) => {
    const thunks = watched(() => gradient(dys));
    const counted: Record<string, () => unknown> = {};
    for (const [input, thunk] of Object.entries(thunks)) counted[input] = () => watched(thunk);
    return counted;
  };
}
