import type { CheckSpec } from '../grader.ts';
import { CHECK_STATUS } from '../report.ts';
import { CONTRACT_CHECK_ID } from './contract.ts';

export const OPS_CHECK_ID = 'ops';

/**
 * Reading one value back in gradFunc (to stop an iteration, say, once per step) is fine; reading a whole
 * tensor back is the gradient taken through JavaScript. Numbers read one at a time and put back together
 * are caught by their provenance instead (src/worker/engine-watch.ts).
 */
export const MAX_READBACK_VALUES = 1;

/**
 * Outputs and gradients are computed by TF.js ops on the backend, not in JavaScript and wrapped in a
 * tensor: the whole point of the exercise is a backward pass TF.js runs and can account for.
 */
export function opsCheck(options: { readonly gradientAdvice: string; readonly requires?: readonly string[] }): CheckSpec {
  return {
    id: OPS_CHECK_ID,
    title: 'Computed by TF.js ops, not in JavaScript',
    requires: options.requires ?? [CONTRACT_CHECK_ID],
    run: ({ problem, plan, probe }) => {
      const f = problem.entry;
      for (const planned of plan.probes) {
        const result = probe(planned.id);
        if (result.status !== 'returned') continue;
        const fromJavaScript = result.values.some((value) => value.kind === 'tensor' && value.fromJavaScript);
        const what = planned.kind === 'forward' ? `the output of ${f}` : 'the gradient';
        if (fromJavaScript) {
          return {
            status: CHECK_STATUS.failed,
            message:
              planned.kind === 'forward'
                ? `The output of ${f} was computed in JavaScript and wrapped in a tensor (tf.tensor of numbers read back with dataSync(), say), while ${planned.label}. Compute it with TF.js ops on the inputs, step by step, so that it stays a tensor on the backend.`
                : `The gradient was computed in JavaScript and wrapped in a tensor (tf.tensor of numbers read back with dataSync(), say), while ${planned.label}. ${options.gradientAdvice}`,
            evidence: { testCase: planned.label, expected: `${what} computed by TF.js ops`, got: 'values made into a tensor from JavaScript numbers' },
          };
        }
        const readback = result.cost?.largestReadbackValues ?? 0;
        if (readback > MAX_READBACK_VALUES) {
          return {
            status: CHECK_STATUS.failed,
            message: `During the backward pass, gradFunc read ${readback} values back into JavaScript (dataSync(), data(), arraySync() or print()), while ${planned.label}. ${options.gradientAdvice} A gradient taken through JavaScript numbers hides its cost and breaks on any other backend. Reading one scalar back, to stop an iteration say, is fine.`,
            evidence: { testCase: planned.label, expected: `at most ${MAX_READBACK_VALUES} value read back`, got: `${readback} values read back` },
          };
        }
      }
      return { status: CHECK_STATUS.passed, message: `${f} and its gradients are computed by TF.js ops on every probe; gradFunc reads no tensor back into JavaScript.` };
    },
  };
}
