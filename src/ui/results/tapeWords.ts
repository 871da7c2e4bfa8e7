import { OPERATION } from '../../core/measurements.ts';
import type { TapeRecord } from '../../core/report.ts';

/** A tape this short with a customGrad node on it has a custom gradient's shape: the node and the copy save() keeps. */
const CUSTOM_GRADIENT_NODES = 3;

/**
 * What a tape's length and names say about how the function was differentiated. Only what the tape shows: a
 * custom gradient's short tape says nothing of whether its gradFunc is right (the failing starter has one
 * too), so the words name its shape and leave the verdict to the checks.
 */
export function tapeMeaning(tape: Pick<TapeRecord, 'nodes' | 'operations'>): string {
  const hasCustomGrad = tape.operations.includes(OPERATION.customGrad);
  if (tape.nodes === 0) {
    return 'Nothing was taped: your function ran no TF.js operation on its way from the input to the result (a constant, or numbers read out with dataSync() and put back in a new tensor), so tf.grad had nothing to differentiate through.';
  }
  if (hasCustomGrad && tape.nodes <= CUSTOM_GRADIENT_NODES) {
    return "This is the shape of a custom gradient's tape: one customGrad node (with the copy save() keeps), whatever the number of iterations, and the backward pass runs only your gradFunc. Whether that gradFunc is right is for the checks above to say.";
  }
  if (hasCustomGrad) {
    return 'A custom gradient is one customGrad node whatever the number of iterations; every other operation here was taped besides it, and the backward pass retraces each one.';
  }
  return "Every step of the iteration was taped: the backward pass retraces each of these operations and keeps their tensors until then, so both grow with the number of steps, where a custom gradient's tape stays one customGrad node.";
}
