import {
  CHECK_STATUS,
  checkCost,
  compareCases,
  CONTRACT_CHECK_ID,
  contractCheck,
  formatNumber,
  isClose,
  moduleCheck,
  opsCheck,
  tensorOutput,
  type CheckContext,
  type CheckSpec,
  type CheckVerdict,
  type Grader,
  type Tolerance,
  type ValueCase,
} from '../../../core/grader-kit.ts';
import {
  compositionCase,
  EXAMPLE_CASE_NAME,
  makePlan,
  probeIds,
  type TestCase,
  type TestCases,
  testCases,
} from './plan.ts';
import { iftDerivative, newtonSqrt, NEWTON_STEPS, unrolledDerivative } from './reference.ts';

/**
 * An honest customGrad records 1-2 tape nodes and runs 4-5 backward kernels for grad(sum(f(x))), whatever
 * the number of steps; the unrolled loop records about 9 nodes and runs about 14 kernels per step, and a
 * gradFunc that re-runs Newton runs about 35. The limits leave room for honest variants.
 */
export const MAX_TAPE_NODES = 4;
export const MAX_BACKWARD_KERNELS = 12;

type Context = CheckContext & { readonly cases: TestCases };

const withCases = testCases.check;

const contract = contractCheck({
  title: 'Returns a float32 tensor of the input’s shape',
  forwardProbe: probeIds.forward({ name: EXAMPLE_CASE_NAME }),
  outputShape: (probe) => probe.args[0]?.shape ?? [],
  shapeAdvice: "Newton's step is elementwise: no reduction, no reshape.",
  argNames: ['x'],
});

/** One ValueCase per test case: the probe's result and the float64 reference for each element. */
function valueCases(
  context: Context,
  testCases: readonly TestCase[],
  probeId: (testCase: TestCase) => string,
  what: string,
  reference: (x: number, index: number, testCase: TestCase) => number,
): ValueCase[] {
  return testCases.map((testCase) => ({
    result: context.probe(probeId(testCase)),
    input: testCase.input,
    expected: { shape: testCase.input.shape, values: testCase.input.values.map((x, index) => reference(x, index, testCase)) },
    description: testCase.description,
    whileDoing: `computing ${what} for ${testCase.description}`,
  }));
}

/** The input element a mismatch is at: every case here has one input, elementwise. */
function inputAt(valueCase: ValueCase, index: number): number {
  return valueCase.input?.values[index] ?? Number.NaN;
}

function weight(testCase: TestCase, index: number): number {
  return testCase.cotangent.values[index] ?? Number.NaN;
}

/** How many Newton steps from 1 give `got` at x, if some count other than 10 does: names the mistake. */
function stepsThatGive(x: number, got: number, tolerance: Tolerance): number | null {
  for (let steps = 0; steps <= 60; steps++) {
    if (steps !== NEWTON_STEPS && isClose(got, newtonSqrt(x, steps), tolerance)) return steps;
  }
  return null;
}

const forwardCheck: CheckSpec = {
  id: 'forward',
  title: 'Forward values: 10 Newton steps',
  requires: [CONTRACT_CHECK_ID],
  run: withCases((context) => {
    const { problem, cases } = context;
    const checked = [cases.example, ...cases.convergent];
    return compareCases(
      valueCases(context, checked, probeIds.forward, `${problem.entry}(x)`, (x) => newtonSqrt(x)),
      problem.tolerance.forward,
      (mismatch, valueCase, got) => {
        const x = inputAt(valueCase, mismatch.index);
        const steps = stepsThatGive(x, mismatch.got, problem.tolerance.forward);
        const advice = got.every((value) => value === 1)
          ? 'Every output is 1: the forward pass still returns its starting point. Apply the Newton step y ← 0.5·(y + x / y) ten times.'
          : steps !== null
            ? `That is what ${steps} Newton step${steps === 1 ? '' : 's'} give: take exactly ${NEWTON_STEPS}.`
            : `Apply y ← 0.5·(y + x / y) exactly ${NEWTON_STEPS} times from y = 1, in float32.`;
        return `At x = ${formatNumber(x)}: expected ${formatNumber(mismatch.expected)}, got ${formatNumber(mismatch.got)}. ${advice}`;
      },
      `Matches ${NEWTON_STEPS} float64 Newton steps on the example and ${checked.length - 1} random inputs.`,
    );
  }),
};

const specCheck: CheckSpec = {
  id: 'spec',
  title: 'Exactly 10 steps, even where they have not converged',
  requires: [CONTRACT_CHECK_ID],
  run: withCases((context) => {
    const { problem, cases } = context;
    const checked = [...cases.unconverged, cases.implicit];
    return compareCases(
      valueCases(context, checked, probeIds.forward, `${problem.entry}(x)`, (x) => newtonSqrt(x)),
      problem.tolerance.forward,
      (mismatch, valueCase) => {
        const x = inputAt(valueCase, mismatch.index);
        const steps = stepsThatGive(x, mismatch.got, problem.tolerance.forward);
        const looksLikeSqrt = isClose(mismatch.got, Math.sqrt(x), { rtol: 1e-4, atol: 0 });
        const diagnosis = looksLikeSqrt
          ? `${formatNumber(mismatch.got)} is sqrt(x) itself: the task is sqrt *by ${NEWTON_STEPS} Newton steps*, not tf.sqrt, more steps, or iterating until converged.`
          : steps !== null
            ? `That is what ${steps} Newton steps give; the task is exactly ${NEWTON_STEPS}.`
            : `The output must be what ${NEWTON_STEPS} steps y ← 0.5·(y + x / y) from y = 1 give.`;
        return `At x = ${formatNumber(x)}: expected ${formatNumber(mismatch.expected)}, got ${formatNumber(mismatch.got)}. ${diagnosis} Here 10 steps have not reached sqrt(x), and the IFT gradient 0.5 / y* is the true derivative of sqrt only where they have.`;
      },
      `Matches ${NEWTON_STEPS} float64 Newton steps at ${checked.reduce((n, c) => n + c.input.values.length, 0)} inputs where they have not converged (x = 1e-6, 3e4, 1e6 and seeded ones).`,
    );
  }),
};

const gradientCheck: CheckSpec = {
  id: 'gradient',
  title: 'Gradient of sum(f(x)) is 0.5 / y*',
  requires: [CONTRACT_CHECK_ID],
  run: withCases((context) => {
    const { problem, cases } = context;
    const checked = [cases.example, ...cases.convergent];
    return compareCases(
      valueCases(context, checked, probeIds.gradient, `the gradient of sum(${problem.entry}(x))`, (x) =>
        iftDerivative(newtonSqrt(x)),
      ),
      problem.tolerance.gradient,
      (mismatch, valueCase) => {
        const x = inputAt(valueCase, mismatch.index);
        const advice =
          mismatch.got === 0
            ? 'The gradient is 0: gradFunc must return dy · 0.5 / y*, with y* the converged y you saved.'
            : isClose(mismatch.got, 0.5 / x, problem.tolerance.gradient)
              ? 'That is 0.5 / x: gradFunc divides by x. Save the converged y with save([y]) and divide by it.'
              : 'gradFunc must return dy · 0.5 / y*, with y* the converged y passed to save() in the forward pass.';
        return `At x = ${formatNumber(x)}: expected ${formatNumber(mismatch.expected)}, got ${formatNumber(mismatch.got)}. ${advice}`;
      },
      `Matches 0.5 / y* on the example and ${checked.length - 1} random inputs.`,
    );
  }),
};

const cotangentCheck: CheckSpec = {
  id: 'cotangent',
  title: 'Uses the upstream gradient dy',
  requires: [CONTRACT_CHECK_ID],
  run: withCases((context) => {
    const { problem, cases } = context;
    const checked = [cases.example, ...cases.convergent];
    return compareCases(
      valueCases(context, checked, probeIds.cotangent, `the gradient of sum(w * ${problem.entry}(x))`, (x, index, testCase) =>
        weight(testCase, index) * iftDerivative(newtonSqrt(x)),
      ),
      problem.tolerance.gradient,
      (mismatch, valueCase) => {
        const x = inputAt(valueCase, mismatch.index);
        const w = weight(findCase(checked, valueCase), mismatch.index);
        const ignoresDy = isClose(mismatch.got, iftDerivative(newtonSqrt(x)), problem.tolerance.gradient);
        const advice = ignoresDy
          ? `That is 0.5 / y* without the factor w = ${formatNumber(w)}: gradFunc ignores dy. It is right only when the upstream gradient is all ones, as for sum(f(x)); multiply by dy.`
          : 'For a loss sum(w * f(x)), dy = w arrives in gradFunc, which must return dy · 0.5 / y*.';
        return `With upstream gradient w = ${formatNumber(w)} at x = ${formatNumber(x)}: expected ${formatNumber(mismatch.expected)}, got ${formatNumber(mismatch.got)}. ${advice}`;
      },
      `The vector-Jacobian product with seeded upstream gradients w equals w · 0.5 / y* on ${checked.length} cases.`,
    );
  }),
};

function findCase(cases: readonly TestCase[], valueCase: ValueCase): TestCase {
  const found = cases.find((testCase) => testCase.description === valueCase.description);
  if (!found) throw new Error(`no test case for ${valueCase.description}`);
  return found;
}

const compositionCheck: CheckSpec = {
  id: 'composition',
  title: 'Composes: sum(f(x)²) and f(f(x))',
  requires: [CONTRACT_CHECK_ID],
  run: withCases((context) => {
    const { problem, cases } = context;
    const f = problem.entry;
    const testCase = compositionCase(cases);
    const square = valueCases(context, [testCase], (c) => probeIds.composition(c, 'square'), `the gradient of sum(w * ${f}(x)^2)`, (x, index) => {
      const y = newtonSqrt(x);
      return weight(testCase, index) * 2 * y * iftDerivative(y);
    });
    const twice = valueCases(context, [testCase], (c) => probeIds.composition(c, 'twice'), `the gradient of sum(w * ${f}(${f}(x)))`, (x, index) => {
      const inner = newtonSqrt(x);
      return weight(testCase, index) * iftDerivative(newtonSqrt(inner)) * iftDerivative(inner);
    });
    const labelled = [
      { cases: square, name: `sum(w * ${f}(x)^2)` },
      { cases: twice, name: `sum(w * ${f}(${f}(x)))` },
    ];
    for (const { cases: valueCasesOfLoss, name } of labelled) {
      const verdict = compareCases(
        valueCasesOfLoss,
        problem.tolerance.gradient,
        (mismatch, valueCase) =>
          `Gradient of ${name} at x = ${formatNumber(inputAt(valueCase, mismatch.index))}: expected ${formatNumber(mismatch.expected)}, got ${formatNumber(mismatch.got)}. The chain rule passes dy into gradFunc; the gradient must be dy · 0.5 / y* with y* from save().`,
        '',
      );
      if (verdict.status !== CHECK_STATUS.passed) return verdict;
    }
    return {
      status: CHECK_STATUS.passed,
      message: `Gradients through sum(w * ${f}(x)^2) and ${f}(${f}(x)) match the chain rule.`,
    };
  }),
};

const implicitCheck: CheckSpec = {
  id: 'implicit',
  title: 'The gradient is implicit, not unrolled',
  requires: [CONTRACT_CHECK_ID],
  run: withCases((context) => {
    const { problem, cases, probe } = context;
    const f = problem.entry;
    const testCase = cases.implicit;
    const forward = tensorOutput(probe(probeIds.forward(testCase)), `computing ${f}(x) for ${testCase.description}`);
    if ('verdict' in forward) return forward.verdict;
    const ownOutput = forward.tensor.values;
    const byValue = compareCases(
      valueCases(context, [testCase], probeIds.implicitGradient, `the gradient of sum(w * ${f}(x))`, (_x, index) =>
        weight(testCase, index) * iftDerivative(ownOutput[index] ?? Number.NaN),
      ),
      problem.tolerance.gradient,
      (mismatch, valueCase) => {
        const x = inputAt(valueCase, mismatch.index);
        const w = weight(testCase, mismatch.index);
        const unrolled = isClose(mismatch.got, w * unrolledDerivative(x), { rtol: 1e-3, atol: 0 });
        const diagnosis = unrolled
          ? 'That is the derivative of the unrolled loop: TF.js differentiated through the 10 Newton steps. Wrap them in tf.customGrad and return dy · 0.5 / y* from gradFunc.'
          : 'The IFT gradient is w · 0.5 / y*, with y* your own forward output.';
        return `At x = ${formatNumber(x)}, where 10 steps have not converged, your forward pass gives y = ${formatNumber(ownOutput[mismatch.index] ?? Number.NaN)}, so the implicit gradient is w · 0.5 / y = ${formatNumber(mismatch.expected)}; got ${formatNumber(mismatch.got)}. ${diagnosis}`;
      },
      '',
    );
    if (byValue.status !== CHECK_STATUS.passed) return byValue;

    return checkCost(
      context,
      { maxTapeNodes: MAX_TAPE_NODES, maxBackwardKernels: MAX_BACKWARD_KERNELS },
      {
        tape: (cost) =>
          `While ${f} ran under tf.grad, TF.js recorded ${cost.tapeNodes} operations on its tape (an implicit gradient records 1–2, whatever the number of steps): the Newton steps are being taped, and memory grows with every step. Run them inside tf.customGrad, whose forward pass is not recorded.`,
        kernels: (cost) =>
          `The backward pass ran ${cost.backwardKernels} kernels for one call of ${f} (an implicit gradient needs about 4): gradFunc recomputes the iteration. Save the converged y with save([y]) and use it, rather than saving x and iterating again.`,
        passed: ({ tapeNodes, backwardKernels, measured }) => {
          const nodes = tapeNodes.cost.tapeNodes;
          const kernels = backwardKernels.cost.backwardKernels;
          return `Where 10 steps have not converged the gradient is w · 0.5 / y from your own output, and the backward pass is O(1) on all ${measured} gradients measured: at most ${nodes} tape node${nodes === 1 ? '' : 's'} and ${kernels} backward kernel${kernels === 1 ? '' : 's'} per call.`;
        },
      },
    );
  }),
};

const ops = opsCheck({
  gradientAdvice: 'gradFunc must compute dx with TF.js ops on dy and the tensors you saved, e.g. dy.mul(0.5).div(y).',
});

export const grader: Grader = {
  makePlan,
  checks: [moduleCheck, contract, forwardCheck, specCheck, gradientCheck, cotangentCheck, compositionCheck, implicitCheck, ops],
};
