import {
  CHECK_STATUS,
  compareCases,
  CONTRACT_CHECK_ID,
  contractCheck,
  costCheck,
  formatNumber,
  isClose,
  moduleCheck,
  opsCheck,
  type CheckContext,
  type CheckSpec,
  type CheckVerdict,
  type Grader,
  type ProbeResult,
  type Tolerance,
  type ValueCase,
} from '../../../core/grader-kit.ts';
import type { RidgeCase, RidgeCases } from './cases.ts';
import { allCases, EXAMPLE_CASE_NAME, makePlan, probeIds, scalarData, testCases } from './plan.ts';
import { columns, hypergradientMistakes, lossAfterSteps, lossMistakes } from './reference.ts';

/**
 * Tape nodes one call of the learner's function may record under tf.grad. Measured in TF.js 4.22 (cpu):
 * a tf.customGrad over λ records 4 (the custom op and a clone per saved tensor), whatever CG did; a custom
 * gradient on the solve alone, with the loss taped around it, 25. Conjugate gradient on the tape records
 * some 50 to 65 nodes per step: 87 for one step at d = 1, 381 and more at d = 8, where CG needs 8 steps or
 * more. Every gradient probe counts, so the d = 8 problems set the bar for an unrolled solver.
 */
export const MAX_TAPE_NODES = 40;

/**
 * No limit on backward kernels: the honest backward pass is itself a CG solve, so its kernels grow with d
 * and with the learner's stopping rule (34 to 573 measured across honest variants, up to d = 8), and
 * overlap those of an unrolled solver's backward pass (32 to 958). The tape tells the two apart.
 */
const MAX_BACKWARD_KERNELS = null;

type Context = CheckContext & { readonly cases: RidgeCases };

const withCases = testCases.check;

const features = (testCase: RidgeCase): number => columns(testCase.data.X);

/** The case a ValueCase was made from (they share their description). */
function caseOf(cases: RidgeCases, valueCase: ValueCase): RidgeCase {
  const found = allCases(cases).find((testCase) => testCase.description === valueCase.description);
  if (!found) throw new Error(`no ridge case for ${valueCase.description}`);
  return found;
}

function scalarCases(
  context: Context,
  probeId: (testCase: RidgeCase) => string,
  whileDoing: (testCase: RidgeCase) => string,
  expected: (testCase: RidgeCase) => number,
): ValueCase[] {
  return allCases(context.cases).map((testCase) => ({
    result: context.probe(probeId(testCase)),
    expected: scalarData(expected(testCase)),
    input: scalarData(testCase.lam),
    description: testCase.description,
    whileDoing: whileDoing(testCase),
  }));
}

const loss = (entry: string) => `${entry}(X, y, Xv, yv)(lam)`;

// ---------------------------------------------------------------------------------------------- contract

const genericContract = contractCheck({
  title: 'Returns a function of λ whose loss and gradient are float32 scalars',
  forwardProbe: probeIds.forward({ name: EXAMPLE_CASE_NAME }),
  outputShape: () => [],
  shapeAdvice:
    'The validation loss is a scalar: 0.5 * tf.dot(r, r) or tf.sum(tf.square(r)) has shape []; a sum that keeps its axis (keepDims), a reshape or a [1, 1] matMul does not.',
  gradientProbe: probeIds.gradient({ name: EXAMPLE_CASE_NAME }),
  argNames: ['lam'],
  dataNames: ['X', 'y', 'Xv', 'yv'],
});

/** What the factory returned instead of a function, as the sandbox describes it, or null. */
function notAFunction(result: ProbeResult): string | null {
  if (result.status !== 'returned') return null;
  const [value] = result.values;
  return value?.kind === 'not-a-function' ? value.description : null;
}

/**
 * The generic contract, with the two failures it cannot put in this problem's terms: a factory that returns
 * no function, and a dλ that is not a scalar (TF.js throws, and its message speaks of "the input").
 */
const contract: CheckSpec = {
  ...genericContract,
  run(context) {
    const verdict = genericContract.run(context);
    if (verdict.status === CHECK_STATUS.passed) return verdict;
    const f = context.problem.entry;
    const made = notAFunction(context.probe(probeIds.forward({ name: EXAMPLE_CASE_NAME })));
    if (made !== null) {
      return {
        status: CHECK_STATUS.failed,
        message: `${f}(X, y, Xv, yv) returned ${made}, which is not a function. The factory runs once per data set and must return the function of λ, \`(lam) => loss\` (the tf.customGrad op itself will do): the grader calls that function with λ and differentiates it.`,
        evidence: { testCase: 'the example of the statement', expected: 'a function (lam) => loss', got: made },
      };
    }
    // A loss of the wrong shape makes the gradient throw too: the generic message about the loss comes first.
    const forward = context.probe(probeIds.forward({ name: EXAMPLE_CASE_NAME }));
    const lossIsScalar = forward.status === 'returned' && forward.values[0]?.kind === 'tensor' && forward.values[0].rank === 0;
    const gradient = context.probe(probeIds.gradient({ name: EXAMPLE_CASE_NAME }));
    if (lossIsScalar && gradient.status === 'threw' && /does not match the shape of the input/.test(gradient.error.message)) {
      return {
        status: CHECK_STATUS.failed,
        message: `gradFunc returned dλ with another shape than λ's: λ is a scalar (shape []), so dλ must be one too. tf.dot(u, w) of two vectors has shape []; a sum that keeps its axis, a reshape to [1] or a [1, 1] matMul does not. (TF.js threw: ${gradient.error.message})`,
        evidence: { testCase: 'the example of the statement', expected: 'a gradient of shape []', got: 'a gradient of another shape' },
      };
    }
    if (verdict.message.startsWith('An input tensor')) {
      return {
        status: CHECK_STATUS.failed,
        message: `A tensor your code was handed (X, y, Xv, yv or lam) was disposed or changed. They belong to the caller, who hands the same data to every call of your function: the factory may compute from them once (XᵀX, say), but never dispose or overwrite them.`,
      };
    }
    return verdict;
  },
};

// ----------------------------------------------------------------------------------------------- forward

/** One CG step count below d whose float64 iterate gives `got`, if any: the solve stopped too early. */
function stepsThatGive(testCase: RidgeCase, got: number, tolerance: Tolerance): number | null {
  for (let steps = 1; steps < features(testCase); steps++) {
    if (isClose(got, lossAfterSteps(testCase.data, testCase.lam, steps), tolerance)) return steps;
  }
  return null;
}

function explainLoss(testCase: RidgeCase, got: number, tolerance: Tolerance): string {
  const d = features(testCase);
  if (Number.isNaN(got)) {
    return 'The loss is NaN. Conjugate gradient ran on after the residual vanished: once rᵀr underflows to 0, the step size α = rᵀr / pᵀAp is 0/0. Stop when ‖r‖ is small (reading rᵀr back once per step is fine), or guard the divisions with tf.divNoNan.';
  }
  const mistakes = lossMistakes(testCase.data, testCase.lam);
  if (isClose(got, mistakes.zeroWeights, tolerance)) {
    return 'That is ½‖yv‖², the loss at w = 0: the solve returns its starting point. Run conjugate gradient on (XᵀX + λI) w = Xᵀy.';
  }
  if (isClose(got, mistakes.withoutHalf, tolerance)) return 'That is ‖Xv w* − yv‖², twice the loss: the ½ is missing.';
  if (isClose(got, mistakes.lambdaIgnored, tolerance)) {
    return 'That is the loss of the least-squares weights, XᵀX w = Xᵀy: λI is missing from the forward solve.';
  }
  if (isClose(got, mistakes.trainingLoss, tolerance)) {
    return 'That is the training loss ½‖X w* − y‖²: score w* on the validation data, Xv and yv.';
  }
  const steps = stepsThatGive(testCase, got, tolerance);
  if (steps !== null) {
    return `That is what ${steps} CG step${steps === 1 ? '' : 's'} give: here d = ${d}, and conjugate gradient needs about d steps (a few more in float32) to reach w*. Run more, or iterate until ‖r‖ ≤ 1e-6 ‖b‖.`;
  }
  return `The loss must be ½‖Xv w* − yv‖² with (XᵀX + λI) w* = Xᵀy solved to about 1e-4 (here d = ${d}). Check the matrix (XᵀX is [d, d]; λ on its diagonal), the right-hand side Xᵀy, and that CG has converged.`;
}

const forwardCheck: CheckSpec = {
  id: 'forward',
  title: 'The loss ½‖Xv w* − yv‖² at the ridge solution',
  requires: [CONTRACT_CHECK_ID],
  run: withCases((context) => {
    const { problem, cases } = context;
    const tolerance = problem.tolerance.forward;
    const checked = scalarCases(
      context,
      probeIds.forward,
      (testCase) => `computing ${loss(problem.entry)} for ${testCase.description}`,
      (testCase) => testCase.reference.loss,
    );
    return compareCases(
      checked,
      tolerance,
      (mismatch, valueCase) =>
        `Expected ${formatNumber(mismatch.expected)}, got ${formatNumber(mismatch.got)}. ${explainLoss(caseOf(cases, valueCase), mismatch.got, tolerance)}`,
      `Matches the float64 loss (a direct solve) on the example and ${checked.length - 1} seeded problems, d up to 8.`,
    );
  }),
};

// ---------------------------------------------------------------------------------------------- gradient

const IFT_ADVICE =
  'Wrap the solve in tf.customGrad and return −dy·uᵀw* from gradFunc, with u from a second solve, (XᵀX + λI) u = Xvᵀ(Xv w* − yv).';

/** TF.js met an op without a gradient on the way back: the solver is on the tape. */
function missingGradient(context: Context, entry: string): CheckVerdict | null {
  for (const testCase of allCases(context.cases)) {
    const result = context.probe(probeIds.gradient(testCase));
    if (result.status !== 'threw') continue;
    const op = /gradient function not found for (\w+)/.exec(result.error.message)?.[1];
    if (!op) continue;
    return {
      status: CHECK_STATUS.failed,
      message: `TF.js could not differentiate the op ${op} while computing the gradient of ${loss(entry)} for ${testCase.description}: it is differentiating your solver, and some op in it has no gradient (tf.divNoNan, say, is made of tf.equal and tf.where). ${IFT_ADVICE} (TF.js threw: ${result.error.message})`,
    };
  }
  return null;
}

function explainGradient(context: Context, testCase: RidgeCase, got: number, tolerance: Tolerance): string {
  if (Number.isNaN(got)) {
    const forward = context.probe(probeIds.forward(testCase));
    const lossValue = forward.status === 'returned' && forward.values[0]?.kind === 'tensor' ? forward.values[0].values[0] : undefined;
    const lossIsRight = lossValue !== undefined && isClose(lossValue, testCase.reference.loss, context.problem.tolerance.forward);
    return `dλ is NaN${lossIsRight ? ', although the loss itself is right' : ''}. That is what differentiating through conjugate gradient gives once the residual has vanished: the derivative of α = rᵀr / pᵀAp divides by (pᵀAp)², which underflows to 0 in float32, and ∞ · 0 is NaN. ${IFT_ADVICE}`;
  }
  if (got === 0) return `The gradient is 0: gradFunc must return −dy·uᵀw*. ${IFT_ADVICE}`;
  const mistakes = hypergradientMistakes(testCase.data, testCase.lam);
  if (isClose(got, mistakes.sign, tolerance)) {
    return 'That is +uᵀw*: the sign is flipped. Differentiating (XᵀX + λI) w* = Xᵀy gives dw*/dλ = −A⁻¹w* (more penalty shrinks the weights), so dλ = −dy·uᵀw*.';
  }
  if (isClose(got, mistakes.skippedSolve, tolerance)) {
    return 'That is −(Xvᵀr)ᵀw*: gradFunc skips the solve and takes the right-hand side Xvᵀr as u, as if A were the identity. Solve A u = Xvᵀr with the same conjugate gradient, then return −dy·uᵀw*.';
  }
  if (isClose(got, mistakes.lambdaForgotten, tolerance)) {
    return 'That is what u from XᵀX u = Xvᵀr gives: the backward solve forgot λI. It must use the forward pass’s matrix, A = XᵀX + λI.';
  }
  return `dλ must be −dy·uᵀw* with u solving (XᵀX + λI) u = Xvᵀ(Xv w* − yv) (here d = ${features(testCase)}): check the backward solve’s matrix and right-hand side, and that it converges.`;
}

const gradientCheck: CheckSpec = {
  id: 'gradient',
  title: 'The hypergradient dloss/dλ = −uᵀw*',
  requires: [CONTRACT_CHECK_ID],
  run: withCases((context) => {
    const { problem, cases } = context;
    const tolerance = problem.tolerance.gradient;
    const missing = missingGradient(context, problem.entry);
    if (missing) return missing;
    const checked = scalarCases(
      context,
      probeIds.gradient,
      (testCase) => `computing the gradient of ${loss(problem.entry)} for ${testCase.description}`,
      (testCase) => testCase.reference.hypergradient,
    );
    return compareCases(
      checked,
      tolerance,
      (mismatch, valueCase) =>
        `Expected dloss/dλ = ${formatNumber(mismatch.expected)}, got ${formatNumber(mismatch.got)}. ${explainGradient(context, caseOf(cases, valueCase), mismatch.got, tolerance)}`,
      `dloss/dλ matches the float64 −uᵀw* on the example and ${checked.length - 1} seeded problems.`,
    );
  }),
};

// --------------------------------------------------------------------------------------------- cotangent

const cotangentCheck: CheckSpec = {
  id: 'cotangent',
  title: 'Uses the upstream gradient dy',
  requires: [CONTRACT_CHECK_ID],
  run: withCases((context) => {
    const { problem, cases } = context;
    const tolerance = problem.tolerance.gradient;
    const checked = scalarCases(
      context,
      probeIds.cotangent,
      (testCase) => `computing the gradient of w * ${loss(problem.entry)} (w = ${formatNumber(testCase.cotangent)}) for ${testCase.description}`,
      (testCase) => testCase.cotangent * testCase.reference.hypergradient,
    );
    return compareCases(
      checked,
      tolerance,
      (mismatch, valueCase) => {
        const testCase = caseOf(cases, valueCase);
        const w = formatNumber(testCase.cotangent);
        const ignoresDy = isClose(mismatch.got, testCase.reference.hypergradient, tolerance);
        const advice = ignoresDy
          ? `That is −uᵀw* without the factor w = ${w}: gradFunc ignores dy. It is right only for the loss itself, where dy = 1; return −dy·uᵀw*.`
          : `For the loss w·L, gradFunc receives dy = w = ${w} and must return −dy·uᵀw*.`;
        return `With upstream gradient w = ${w}: expected ${formatNumber(mismatch.expected)}, got ${formatNumber(mismatch.got)}. ${advice}`;
      },
      `The gradient of w·loss is w·dloss/dλ for seeded upstream gradients w on all ${checked.length} problems.`,
    );
  }),
};

// ---------------------------------------------------------------------------------------------- implicit

const implicitCheck = costCheck({
  id: 'implicit',
  title: 'The solver is not on the tape',
  requires: [CONTRACT_CHECK_ID],
  maxTapeNodes: MAX_TAPE_NODES,
  maxBackwardKernels: MAX_BACKWARD_KERNELS,
  explainTape: (cost, entry) =>
    `While the function ${entry} returned ran under tf.grad, TF.js recorded ${cost.tapeNodes} operations on its tape (a custom gradient records a handful whatever CG did; the reference solution records 4): the iterations of the solver are being taped, each with its intermediates, to be differentiated step by step. Run the solve inside tf.customGrad, whose forward pass is not recorded, and give it the IFT gradient −dy·uᵀw*.`,
  explainKernels: (cost) => `The backward pass ran ${cost.backwardKernels} kernels.`,
  passed: ({ tapeNodes, backwardKernels, measured }) =>
    `The solve is not on the tape: at most ${tapeNodes.cost.tapeNodes} tape nodes per call on all ${measured} gradients measured. The backward pass ran at most ${backwardKernels.cost.backwardKernels} kernels (an honest one is itself a CG solve).`,
});

const ops = opsCheck({
  gradientAdvice: 'gradFunc must compute dλ with TF.js ops on dy and the tensors you saved: a CG solve for u, then tf.neg(tf.mul(dy, tf.dot(u, w))).',
});

export const grader: Grader = {
  makePlan,
  checks: [moduleCheck, contract, forwardCheck, gradientCheck, cotangentCheck, implicitCheck, ops],
};
