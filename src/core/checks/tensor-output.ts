import { compareTensor, describeMismatch, type Mismatch, type Tolerance } from '../compare.ts';
import type { CheckVerdict } from '../grader.ts';
import type { ProbeResult, ValueSnapshot } from '../measurements.ts';
import { CHECK_STATUS, type Evidence } from '../report.ts';
import { formatShape, type TensorData } from '../tensor.ts';
import { failedWithError } from './learner-error.ts';

/**
 * One of a probe's values as a tensor, or the verdict that explains why there is none. `index` picks the
 * value: a forward probe has one, a gradient probe one per argument.
 */
export function tensorOutput(
  result: ProbeResult,
  whileDoing: string,
  index = 0,
): { tensor: Extract<ValueSnapshot, { kind: 'tensor' }> } | { verdict: CheckVerdict } {
  if (result.status === 'threw') return { verdict: failedWithError(result.error, whileDoing) };
  // A single non-tensor value says what f returned, whichever gradient was asked for.
  const [first] = result.values;
  const output = first && first.kind !== 'tensor' ? first : result.values[index];
  if (!output) {
    return {
      verdict: {
        status: CHECK_STATUS.failed,
        message: `There was no gradient for argument ${index + 1} while ${whileDoing}: gradFunc must return one gradient per input, in order.`,
      },
    };
  }
  if (output.kind === 'tensor') return { tensor: output };
  if (output.kind === 'not-a-function') {
    return {
      verdict: {
        status: CHECK_STATUS.failed,
        message: `Your factory returned ${output.description} while ${whileDoing}; it must return the function to differentiate, e.g. \`return (lam: tf.Tensor): tf.Tensor => …\`.`,
      },
    };
  }
  const message =
    output.kind === 'promise'
      ? `It returned a Promise while ${whileDoing}. TF.js gradients are synchronous: drop \`async\`/\`await\` and return the tensor itself.`
      : `It returned ${output.description} while ${whileDoing}; expected a tf.Tensor. Return the tensor itself, not its data (no \`.dataSync()\`, \`.arraySync()\` or \`.data()\`).`;
  return { verdict: { status: CHECK_STATUS.failed, message } };
}

export type ValueCase = {
  /** The probe to read. */
  readonly result: ProbeResult;
  /** Which of its values: 0 for a forward probe, the argument's position for a gradient. */
  readonly index?: number;
  /** The float64 reference, with the shape the learner's float32 tensor must have. */
  readonly expected: TensorData;
  /** An elementwise input, shown beside the first bad element in the evidence. */
  readonly input?: TensorData;
  /** "the example x = [4, 9]" */
  readonly description: string;
  /** "computing fixedPointSqrt(x) for the example x = [4, 9]" */
  readonly whileDoing: string;
};

/**
 * Compares each case's float32 output with its float64 reference and stops at the first case that fails.
 * `explain` turns a value mismatch into the check's teaching message.
 */
export function compareCases(
  cases: readonly ValueCase[],
  tolerance: Tolerance,
  explain: (mismatch: Extract<Mismatch, { kind: 'value' }>, valueCase: ValueCase, got: readonly number[]) => string,
  passedMessage: string,
): CheckVerdict {
  for (const valueCase of cases) {
    const output = tensorOutput(valueCase.result, valueCase.whileDoing, valueCase.index ?? 0);
    if ('verdict' in output) return output.verdict;
    const mismatch = compareTensor(
      output.tensor,
      { shape: valueCase.expected.shape, dtype: 'float32', values: valueCase.expected.values },
      tolerance,
    );
    if (mismatch === null) continue;
    if (mismatch.kind !== 'value') {
      const expected = mismatch.kind === 'shape' ? formatShape(mismatch.expected) : mismatch.expected;
      const got = mismatch.kind === 'shape' ? formatShape(mismatch.got) : mismatch.got;
      return {
        status: CHECK_STATUS.failed,
        message: `For ${valueCase.description}: ${describeMismatch(mismatch)}.`,
        evidence: { testCase: valueCase.description, expected, got },
      };
    }
    const input = valueCase.input?.values[mismatch.index];
    const evidence: Evidence = {
      testCase: valueCase.description,
      index: mismatch.index,
      ...(input === undefined ? {} : { input }),
      expected: mismatch.expected,
      got: mismatch.got,
    };
    return {
      status: CHECK_STATUS.failed,
      message: `For ${valueCase.description}: ${describeMismatch(mismatch)}. ${explain(mismatch, valueCase, output.tensor.values)}`,
      evidence,
    };
  }
  return { status: CHECK_STATUS.passed, message: passedMessage };
}
