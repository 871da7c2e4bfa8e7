import type { CheckSpec, Grader } from '../../grader.ts';
import { CHECK_STATUS } from '../../report.ts';
import { formatNumber, formatShape } from '../../tensor.ts';
import { moduleCheck, MODULE_CHECK_ID } from '../../checks/module.ts';
import { compareCases, tensorOutput, type ValueCase } from '../../checks/tensor-output.ts';
import { forwardProbeId, gradientProbeId, makePlan, makeTestCases, type TestCase } from './plan.ts';
import { iftDerivative, newtonSqrt, NEWTON_STEPS } from './reference.ts';

const CONTRACT_CHECK_ID = 'contract';

const contractCheck: CheckSpec = {
  id: CONTRACT_CHECK_ID,
  title: 'Returns a float32 tensor of the input’s shape',
  requires: [MODULE_CHECK_ID],
  run({ problem, probe }) {
    const [example] = makeTestCases(problem.seed);
    if (!example) throw new Error('the fixed-point-sqrt plan has no example case');
    const whileDoing = `computing ${problem.entry}(x) for ${example.description}`;
    const result = probe(forwardProbeId(example));
    const output = tensorOutput(result, whileDoing);
    if ('verdict' in output) return output.verdict;
    const { tensor } = output;
    const inputShape = example.input.shape;
    if (formatShape(tensor.shape) !== formatShape(inputShape)) {
      return {
        status: CHECK_STATUS.failed,
        message: `The output has shape ${formatShape(tensor.shape)}; it must have the input's shape ${formatShape(inputShape)}. Newton's step is elementwise: no reduction, no reshape.`,
        evidence: { testCase: example.description, expected: formatShape(inputShape), got: formatShape(tensor.shape) },
      };
    }
    if (tensor.dtype !== 'float32') {
      return {
        status: CHECK_STATUS.failed,
        message: `The output has dtype '${tensor.dtype}'; it must be 'float32'. Keep every step in float32 (no \`.toInt()\`, no \`tf.cast\`).`,
        evidence: { testCase: example.description, expected: 'float32', got: tensor.dtype },
      };
    }
    if (result.status === 'returned' && !result.inputIntact) {
      return {
        status: CHECK_STATUS.failed,
        message: 'The input tensor was disposed or changed by your code. It belongs to the caller: read it, never dispose or overwrite it.',
      };
    }
    return { status: CHECK_STATUS.passed, message: `Returns a float32 tensor of shape ${formatShape(tensor.shape)} and leaves x alone.` };
  },
};

function valueCases(
  cases: readonly TestCase[],
  probeId: (testCase: TestCase) => string,
  reference: (x: number) => number,
  whileDoing: (testCase: TestCase) => string,
  probe: (id: string) => ValueCase['result'],
): ValueCase[] {
  return cases.map((testCase) => ({
    result: probe(probeId(testCase)),
    input: testCase.input,
    expected: testCase.input.values.map(reference),
    description: testCase.description,
    whileDoing: whileDoing(testCase),
  }));
}

const forwardCheck: CheckSpec = {
  id: 'forward',
  title: 'Forward values: 10 Newton steps',
  requires: [CONTRACT_CHECK_ID],
  run({ problem, probe }) {
    const cases = valueCases(
      makeTestCases(problem.seed),
      forwardProbeId,
      (x) => newtonSqrt(x),
      (testCase) => `computing ${problem.entry}(x) for ${testCase.description}`,
      probe,
    );
    return compareCases(
      cases,
      problem.tolerance,
      (mismatch, valueCase, got) => {
        const x = formatNumber(valueCase.input.values[mismatch.index] ?? Number.NaN);
        const stillOnes = got.every((value) => value === 1);
        const advice = stillOnes
          ? 'Every output is 1: the forward pass still returns its starting point. Apply the Newton step y ← 0.5·(y + x / y) ten times.'
          : `Apply y ← 0.5·(y + x / y) exactly ${NEWTON_STEPS} times from y = 1, in float32.`;
        return `At x = ${x}: expected ${formatNumber(mismatch.expected)}, got ${formatNumber(mismatch.got)}. ${advice}`;
      },
      `Matches ${NEWTON_STEPS} float64 Newton steps on the example and ${cases.length - 1} random inputs.`,
    );
  },
};

const gradientCheck: CheckSpec = {
  id: 'gradient',
  title: 'Gradient of sum(f(x)) is 0.5 / y*',
  requires: [CONTRACT_CHECK_ID],
  run({ problem, probe }) {
    const cases = valueCases(
      makeTestCases(problem.seed),
      gradientProbeId,
      (x) => iftDerivative(newtonSqrt(x)),
      (testCase) => `computing the gradient of sum(${problem.entry}(x)) for ${testCase.description}`,
      probe,
    );
    return compareCases(
      cases,
      problem.tolerance,
      (mismatch, valueCase) => {
        const x = formatNumber(valueCase.input.values[mismatch.index] ?? Number.NaN);
        const advice =
          mismatch.got === 0
            ? 'The gradient is 0: gradFunc must return dy · 0.5 / y*, with y* the converged y you saved.'
            : 'gradFunc must return dy · 0.5 / y*, with y* the converged y passed to save() in the forward pass.';
        return `At x = ${x}: expected ${formatNumber(mismatch.expected)}, got ${formatNumber(mismatch.got)}. ${advice}`;
      },
      `Matches 0.5 / y* on the example and ${cases.length - 1} random inputs.`,
    );
  },
};

export const fixedPointSqrtGrader: Grader = {
  id: 'fixed-point-sqrt',
  makePlan,
  checks: [moduleCheck, contractCheck, forwardCheck, gradientCheck],
};
