import type { CheckContext, CheckSpec, CheckVerdict } from '../grader.ts';
import type { Probe } from '../plan.ts';
import { CHECK_STATUS } from '../report.ts';
import { formatShape } from '../tensor.ts';
import { MODULE_CHECK_ID } from './module.ts';
import { tensorOutput } from './tensor-output.ts';

export const CONTRACT_CHECK_ID = 'contract';

export type ContractOptions = {
  /** The forward probe whose output is checked. */
  readonly forwardProbe: string;
  /** The shape f's output must have on that probe. */
  readonly outputShape: (probe: Probe) => readonly number[];
  /** Said after a wrong output shape: why the shape is what it is ("Newton's step is elementwise"). */
  readonly shapeAdvice: string;
  /** A gradient probe whose gradients must each have their argument's shape (scalars too), if any. */
  readonly gradientProbe?: string;
  /** The arguments' names in order, for messages: ['M', 'e']. */
  readonly argNames: readonly string[];
  /** A factory's data tensors' names, for messages: ['X', 'y']. */
  readonly dataNames?: readonly string[];
  readonly title?: string;
};

function plannedProbe(context: CheckContext, id: string): Probe {
  const probe = context.plan.probes.find((candidate) => candidate.id === id);
  if (!probe) throw new Error(`the plan has no probe '${id}'`);
  return probe;
}

/**
 * Returns float32 tensors of the right shapes and leaves its inputs alone: the gate for every value check,
 * so those can assume a tensor of the right shape and speak of values only.
 */
export function contractCheck(options: ContractOptions): CheckSpec {
  const inputs = listed([...(options.dataNames ?? []), ...options.argNames]);
  return {
    id: CONTRACT_CHECK_ID,
    title: options.title ?? 'Returns float32 tensors of the right shapes',
    requires: [MODULE_CHECK_ID],
    run(context): CheckVerdict {
      const f = context.problem.entry;
      const forward = plannedProbe(context, options.forwardProbe);
      const result = context.probe(forward.id);
      const output = tensorOutput(result, forward.label);
      if ('verdict' in output) return output.verdict;
      const { tensor } = output;
      const shape = options.outputShape(forward);
      if (formatShape(tensor.shape) !== formatShape(shape) || tensor.rank !== shape.length) {
        return {
          status: CHECK_STATUS.failed,
          message: `The output of ${f} has shape ${formatShape(tensor.shape)} while ${forward.label}; it must have shape ${formatShape(shape)}. ${options.shapeAdvice}`,
          evidence: { testCase: forward.label, expected: formatShape(shape), got: formatShape(tensor.shape) },
        };
      }
      if (tensor.dtype !== 'float32') {
        return {
          status: CHECK_STATUS.failed,
          message: `The output has dtype '${tensor.dtype}'; it must be 'float32'. Keep every step in float32 (no \`.toInt()\`, no \`tf.cast\`).`,
          evidence: { testCase: forward.label, expected: 'float32', got: tensor.dtype },
        };
      }
      if (result.status === 'returned' && !result.inputIntact) return disturbedInputs(inputs);
      if (options.gradientProbe) {
        const verdict = gradientShapes(context, plannedProbe(context, options.gradientProbe), options.argNames);
        if (verdict) return verdict;
      }
      const gradients = options.gradientProbe ? `, each gradient shaped like its input,` : '';
      return {
        status: CHECK_STATUS.passed,
        message: `Returns a float32 tensor of shape ${formatShape(tensor.shape)}${gradients} and leaves ${inputs} alone.`,
      };
    },
  };
}

function disturbedInputs(inputs: string): CheckVerdict {
  return {
    status: CHECK_STATUS.failed,
    message: `An input tensor (${inputs}) was disposed or changed by your code. The inputs belong to the caller: read them, never dispose or overwrite them.`,
  };
}

/** Every gradient has its argument's shape and dtype: a scalar's gradient is a scalar, not a reduction left undone. */
function gradientShapes(context: CheckContext, probe: Probe, argNames: readonly string[]): CheckVerdict | null {
  const result = context.probe(probe.id);
  for (const [index, arg] of probe.args.entries()) {
    const name = argNames[index] ?? `argument ${index + 1}`;
    const gradient = tensorOutput(result, probe.label, index);
    if ('verdict' in gradient) return gradient.verdict;
    const { tensor } = gradient;
    if (formatShape(tensor.shape) !== formatShape(arg.shape) || tensor.rank !== arg.shape.length) {
      const reduce =
        arg.shape.length === 0
          ? ` ${name} is a scalar, so its gradient sums the contributions of every output element: reduce it with tf.sum to shape [].`
          : ` Each gradient has its input's shape.`;
      return {
        status: CHECK_STATUS.failed,
        message: `The gradient with respect to ${name} has shape ${formatShape(tensor.shape)} while ${probe.label}; it must have ${name}'s shape ${formatShape(arg.shape)}.${reduce}`,
        evidence: { testCase: probe.label, expected: formatShape(arg.shape), got: formatShape(tensor.shape) },
      };
    }
    if (tensor.dtype !== 'float32') {
      return {
        status: CHECK_STATUS.failed,
        message: `The gradient with respect to ${name} has dtype '${tensor.dtype}'; it must be 'float32', like ${name}.`,
        evidence: { testCase: probe.label, expected: 'float32', got: tensor.dtype },
      };
    }
  }
  if (result.status === 'returned' && !result.inputIntact) return disturbedInputs(listed(argNames));
  return null;
}

/** "X, y and lam" */
function listed(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? 'the inputs') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
