/**
 * TF.js's engine reports custom-gradient mistakes in its own terms ("Cannot read properties of undefined
 * (reading 'backend')"). Each entry recognises one such message and says which pitfall it is and how to
 * fix it; the original text stays in the message too.
 */
const ENGINE_ERRORS: readonly { readonly pattern: RegExp; readonly explanation: string }[] = [
  {
    pattern: /returns the same number of tensors as inputs/,
    explanation:
      'gradFunc must return one gradient per input of the custom op, in order, each a tensor shaped like its input: for an op of one input, one tensor (alone, or as [gradient]); for two inputs, [gradient1, gradient2]. Not an array of numbers.',
  },
  {
    pattern: /list of only tensors|must be a Tensor|expected a Tensor/i,
    explanation: 'gradFunc must return tensors, not numbers, a typed array, null or a Promise.',
  },
  {
    pattern: /does not match the shape of the input/,
    explanation:
      'gradFunc returned a gradient whose shape differs from its input’s. Each gradient has exactly its input’s shape: sum over what the input was broadcast across (a scalar input’s gradient is a scalar), and reduce nothing else.',
  },
  {
    pattern: /must have 'float32' dtype/,
    explanation: "gradFunc returned a gradient that is not float32: keep it float32 (no tf.cast, no .toInt()).",
  },
  {
    pattern: /reading 'backend'|Tensor is disposed/,
    explanation:
      'gradFunc used a tensor that TF.js had already disposed. The forward pass’s tensors are freed when it returns: hand gradFunc what it needs through save([...]) and read it from its `saved` argument, not from a variable captured in a closure.',
  },
  {
    pattern: /reading 'forEach'/,
    explanation:
      'Calling tf.grad (or tf.grads, tf.valueAndGrad) inside gradFunc wipes the tape of the outer gradient. Write the derivative directly, with ops on dy and the saved tensors.',
  },
  {
    pattern: /Cannot compute gradient of y=f\(x\) with respect to x/,
    explanation:
      'The output is not connected to the inputs on TF.js’s tape, so no gradient can flow back: it was rebuilt from its numbers (tf.tensor(y.dataSync()) or similar) or made outside the function. Return the tensor that your tf.customGrad op returns.',
  },
];

/**
 * The sandbox evaluates code with SES, which refuses two things by their text, wherever they stand (even in
 * a string or a comment), because it cannot tell them from the real thing without a full parse.
 */
const SANDBOX_REFUSALS: readonly { readonly pattern: RegExp; readonly explanation: string }[] = [
  {
    pattern: /SES_IMPORT_REJECTED/,
    explanation:
      "The sandbox refuses `import(` anywhere in the code, even in a comment or a string: the only import allowed is `import * as tf from '@tensorflow/tfjs'` at the top.",
  },
  {
    pattern: /SES_HTML_COMMENT_REJECTED/,
    explanation: 'The sandbox refuses `<!--` and `-->` anywhere in the code, even in a comment or a string: write them another way.',
  },
];

/** The pitfall behind a TF.js engine message, or null for any other message. */
export function explainEngineError(message: string): string | null {
  return ENGINE_ERRORS.find((entry) => entry.pattern.test(message))?.explanation ?? null;
}

/** What the sandbox refused in the code's text, or null. */
export function explainSandboxRefusal(message: string): string | null {
  return SANDBOX_REFUSALS.find((entry) => entry.pattern.test(message))?.explanation ?? null;
}
