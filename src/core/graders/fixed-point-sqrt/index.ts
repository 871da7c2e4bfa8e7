import type { Tolerance } from '../../compare.ts';
import type { CheckContext, CheckSpec, CheckVerdict, Grader } from '../../grader.ts';
import type { GradientCost } from '../../measurements.ts';
import type { Probe } from '../../plan.ts';
import { moduleCheck, MODULE_CHECK_ID } from '../../checks/module.ts';
import { compareCases, tensorOutput, type ValueCase } from '../../checks/tensor-output.ts';
import { isClose } from '../../compare.ts';
import { CHECK_STATUS } from '../../report.ts';
import { formatNumber, formatShape } from '../../tensor.ts';
import { compositionCase, makePlan, makeTestCases, probeIds, type TestCase, type TestCases } from './plan.ts';
import { iftDerivative, newtonSqrt, NEWTON_STEPS, unrolledDerivative } from './reference.ts';

const CONTRACT_CHECK_ID = 'contract';

/**
 * An honest customGrad records 1-2 tape nodes and runs 4-5 backward kernels for grad(sum(f(x))), whatever
 * the number of steps; the unrolled loop records about 9 nodes and runs about 14 kernels per step, and a
 * gradFunc that re-runs Newton runs about 35. The limits leave room for honest variants.
 */
export const MAX_TAPE_NODES = 4;
export const MAX_BACKWARD_KERNELS = 12;

type Context = CheckContext & { readonly cases: TestCases };

function withCases(run: (context: Context) => CheckVerdict): CheckSpec['run'] {
  return (context) => run({ ...context, cases: makeTestCases(context.problem.seed) });
}

const contractCheck: CheckSpec = {
  id: CONTRACT_CHECK_ID,
  title: 'Returns a float32 tensor of the input’s shape',
  requires: [MODULE_CHECK_ID],
  run: withCases(({ problem, probe, cases }) => {
    const { example } = cases;
    const result = probe(probeIds.forward(example));
    const output = tensorOutput(result, `computing ${problem.entry}(x) for ${example.description}`);
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
  }),
};

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
    expected: testCase.input.values.map((x, index) => reference(x, index, testCase)),
    description: testCase.description,
    whileDoing: `computing ${what} for ${testCase.description}`,
  }));
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
      problem.tolerance,
      (mismatch, valueCase, got) => {
        const x = valueCase.input.values[mismatch.index] ?? Number.NaN;
        const steps = stepsThatGive(x, mismatch.got, problem.tolerance);
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
      problem.tolerance,
      (mismatch, valueCase) => {
        const x = valueCase.input.values[mismatch.index] ?? Number.NaN;
        const steps = stepsThatGive(x, mismatch.got, problem.tolerance);
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
      problem.tolerance,
      (mismatch, valueCase) => {
        const x = valueCase.input.values[mismatch.index] ?? Number.NaN;
        const advice =
          mismatch.got === 0
            ? 'The gradient is 0: gradFunc must return dy · 0.5 / y*, with y* the converged y you saved.'
            : isClose(mismatch.got, 0.5 / x, problem.tolerance)
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
      problem.tolerance,
      (mismatch, valueCase) => {
        const x = valueCase.input.values[mismatch.index] ?? Number.NaN;
        const w = weight(findCase(checked, valueCase), mismatch.index);
        const ignoresDy = isClose(mismatch.got, iftDerivative(newtonSqrt(x)), problem.tolerance);
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
        problem.tolerance,
        (mismatch, valueCase) =>
          `Gradient of ${name} at x = ${formatNumber(valueCase.input.values[mismatch.index] ?? Number.NaN)}: expected ${formatNumber(mismatch.expected)}, got ${formatNumber(mismatch.got)}. The chain rule passes dy into gradFunc; the gradient must be dy · 0.5 / y* with y* from save().`,
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
      problem.tolerance,
      (mismatch, valueCase) => {
        const x = valueCase.input.values[mismatch.index] ?? Number.NaN;
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

    const costliest = costliestGradient(context);
    if (!costliest) {
      return { status: CHECK_STATUS.failed, message: 'The cost of the backward pass could not be measured.' };
    }
    const { tapeNodes, backwardKernels } = costliest;
    if (tapeNodes.cost.tapeNodes > MAX_TAPE_NODES) {
      const { cost, probe: worst } = tapeNodes;
      return {
        status: CHECK_STATUS.failed,
        message: `While ${f} ran under tf.grad, TF.js recorded ${cost.tapeNodes} operations on its tape (an implicit gradient records 1–2, whatever the number of steps): the Newton steps are being taped, and memory grows with every step. Run them inside tf.customGrad, whose forward pass is not recorded.`,
        evidence: { testCase: worst.label, expected: `≤ ${MAX_TAPE_NODES} tape nodes`, got: `${cost.tapeNodes} tape nodes` },
      };
    }
    if (backwardKernels.cost.backwardKernels > MAX_BACKWARD_KERNELS) {
      const { cost, probe: worst } = backwardKernels;
      return {
        status: CHECK_STATUS.failed,
        message: `The backward pass ran ${cost.backwardKernels} kernels for one call of ${f} (an implicit gradient needs about 4): gradFunc recomputes the iteration. Save the converged y with save([y]) and use it, rather than saving x and iterating again.`,
        evidence: { testCase: worst.label, expected: `≤ ${MAX_BACKWARD_KERNELS} kernels`, got: `${cost.backwardKernels} kernels` },
      };
    }
    const nodes = tapeNodes.cost.tapeNodes;
    const kernels = backwardKernels.cost.backwardKernels;
    return {
      status: CHECK_STATUS.passed,
      message: `Where 10 steps have not converged the gradient is w · 0.5 / y from your own output, and the backward pass is O(1) on all ${costliest.measured} gradients measured: at most ${nodes} tape node${nodes === 1 ? '' : 's'} and ${kernels} backward kernel${kernels === 1 ? '' : 's'} per call.`,
    };
  }),
};

type MeasuredCost = { readonly probe: Probe; readonly cost: GradientCost };

/** Every gradient probe measures its cost: the worst of them, by tape nodes and by backward kernels. */
function costliestGradient(context: CheckContext): { tapeNodes: MeasuredCost; backwardKernels: MeasuredCost; measured: number } | null {
  const measured = gradientCosts(context);
  const [first] = measured;
  if (!first) return null;
  const worstBy = (key: 'tapeNodes' | 'backwardKernels') =>
    measured.reduce((worst, next) => (next.cost[key] > worst.cost[key] ? next : worst), first);
  return { tapeNodes: worstBy('tapeNodes'), backwardKernels: worstBy('backwardKernels'), measured: measured.length };
}

function gradientCosts(context: CheckContext): MeasuredCost[] {
  return context.plan.probes.flatMap((probe) => {
    if (probe.kind !== 'vjp') return [];
    const result = context.probe(probe.id);
    return result.status === 'returned' && result.cost ? [{ probe, cost: result.cost }] : [];
  });
}

/**
 * Reading one value back in gradFunc (to stop an iteration, say, once per step) is fine; reading a whole
 * tensor back is the gradient taken through JavaScript. Numbers read one at a time and put back together
 * are caught by their provenance instead (engine-watch.ts).
 */
const MAX_READBACK_VALUES = 1;

const opsCheck: CheckSpec = {
  id: 'ops',
  title: 'Computed by TF.js ops, not in JavaScript',
  requires: [CONTRACT_CHECK_ID],
  run: ({ problem, plan, probe }) => {
    const f = problem.entry;
    for (const planned of plan.probes) {
      const result = probe(planned.id);
      if (result.status !== 'returned' || result.output.kind !== 'tensor') continue;
      const what = planned.kind === 'forward' ? `${f}(x)` : 'the gradient';
      if (result.output.fromJavaScript) {
        return {
          status: CHECK_STATUS.failed,
          message:
            planned.kind === 'forward'
              ? `The output of ${f} was computed in JavaScript and wrapped in a tensor (tf.tensor of numbers read back with dataSync(), say), while ${planned.label}. Compute y with TF.js ops on x, step by step, so that it stays a tensor on the backend.`
              : `The gradient was computed in JavaScript and wrapped in a tensor (tf.tensor of numbers read back with dataSync(), say), while ${planned.label}. gradFunc must compute dx with TF.js ops on dy and the tensors you saved, e.g. dy.mul(0.5).div(y).`,
          evidence: { testCase: planned.label, expected: `${what} computed by TF.js ops`, got: 'values made into a tensor from JavaScript numbers' },
        };
      }
      const readback = result.cost?.largestReadbackValues ?? 0;
      if (readback > MAX_READBACK_VALUES) {
        return {
          status: CHECK_STATUS.failed,
          message: `During the backward pass, gradFunc read ${readback} values back into JavaScript (dataSync(), data(), arraySync() or print()), while ${planned.label}. Compute dx with TF.js ops on dy and the saved tensors: a gradient taken through JavaScript numbers hides its cost and breaks on any other backend. Reading one scalar back, to stop an iteration say, is fine.`,
          evidence: { testCase: planned.label, expected: `at most ${MAX_READBACK_VALUES} value read back`, got: `${readback} values read back` },
        };
      }
    }
    return { status: CHECK_STATUS.passed, message: `${f} and its gradient are computed by TF.js ops on every probe; gradFunc reads nothing back into JavaScript.` };
  },
};

export const fixedPointSqrtGrader: Grader = {
  id: 'fixed-point-sqrt',
  makePlan,
  checks: [moduleCheck, contractCheck, forwardCheck, specCheck, gradientCheck, cotangentCheck, compositionCheck, implicitCheck, opsCheck],
};
