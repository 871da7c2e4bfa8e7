import {
  CHECK_STATUS,
  CONTRACT_CHECK_ID,
  MODULE_CHECK_ID,
  compareCases,
  contractCheck,
  costCheck,
  formatNumber,
  formatShape,
  isClose,
  moduleCheck,
  opsCheck,
  type CheckContext,
  type CheckSpec,
  type CheckVerdict,
  type Grader,
  type Mismatch,
  type Tolerance,
  type ValueCase,
} from '../../../core/grader-kit.ts';
import {
  allCases,
  compositionCase,
  contractCase,
  cotangentCases,
  formatInput,
  makePlan,
  probeIds,
  type TestCase,
  type TestCases,
  testCases,
} from './plan.ts';
import {
  GRADIENT_VARIANTS,
  keplerFixedPoint,
  keplerNewton,
  NEWTON_STEPS,
  squareVjp,
  twiceVjp,
  variantVjp,
  type GradientVariant,
  type KeplerVjp,
} from './reference.ts';

/**
 * Measured with TF.js 4.22 on the cpu backend, per call of the learner's function under tf.grad: honest
 * customGrads record 3 tape nodes (the op, and one clone per saved tensor; 7 with reshapes around the op) and
 * run 3–13 backward kernels; the unrolled loop records 250 and runs 340–380; a gradFunc that re-runs the ten
 * Newton steps runs 97 (about 9 per step). The limits leave room for honest variants that save more tensors
 * or write the rule verbosely, and still catch one unrolled step or four re-run ones.
 */
export const MAX_TAPE_NODES = 16;
export const MAX_BACKWARD_KERNELS = 40;

const ARG_NAMES = ['M', 'e'] as const;
const GRADIENT_FOR_M = 0;
const GRADIENT_FOR_E = 1;

type Context = CheckContext & { readonly cases: TestCases };

const withCases = testCases.check;

const ones = (testCase: TestCase): number[] => testCase.M.values.map(() => 1);

/** Whether every element of `got` is within tolerance of `candidate`: a mistake is named only if it explains all. */
function explainsAll(got: readonly number[], candidate: readonly number[], tolerance: Tolerance): boolean {
  return candidate.length === got.length && candidate.every((value, index) => isClose(got[index] ?? Number.NaN, value, tolerance));
}

function findCase(cases: readonly TestCase[], valueCase: ValueCase): TestCase {
  const found = cases.find((testCase) => testCase.description === valueCase.description);
  if (!found) throw new Error(`no test case for ${valueCase.description}`);
  return found;
}

// ---------------------------------------------------------------------------------------------- contract

/**
 * TF.js's own words for the two shape mistakes this kata invites, read from the gradient probe's error:
 * the input named '1' is e, and a gradient of the wrong count means gradFunc forgot one of the two.
 */
function explainGradientError(message: string): string | null {
  const shape = /gradient of input '(\d+)' has shape '([^']*)'/.exec(message);
  if (shape) {
    const got = shape[2] === '' ? '[]' : `[${shape[2]?.split(',').join(', ')}]`;
    return shape[1] === String(GRADIENT_FOR_E)
      ? `gradFunc returned a gradient for e of shape ${got}; e is a scalar, so its gradient must have shape []. One e moves every element of E*, so its gradient sums dy·sin E*/u over all of them: tf.sum(...) with no axis (not tf.mean, which is a different number).`
      : `gradFunc returned a gradient for M of shape ${got}; it must have M's shape. The derivative for M is elementwise, dy / u: no reduction.`;
  }
  if (/same number of tensors as inputs/.test(message)) {
    return 'gradFunc must return one gradient per input: the custom op has two inputs, M and e, so return an array [gradient for M, gradient for e], in that order, each shaped like its input.';
  }
  return null;
}

const SHAPE_ADVICE = "Newton's step acts elementwise: E* has exactly M's shape, whatever its rank (no reduction, no reshape).";

/**
 * The kit's contract check on a matrix M, whose messages for a gradient TF.js refused are made specific: an
 * unsummed gradient for e, or a gradFunc that returns one gradient for two inputs.
 */
const keplerContractCheck: CheckSpec = {
  id: CONTRACT_CHECK_ID,
  title: 'Returns float32 tensors of the right shapes',
  requires: [MODULE_CHECK_ID],
  run: withCases((context) => {
    const testCase = contractCase(context.cases);
    const forwardId = probeIds.forward(testCase);
    const gradientId = probeIds.gradient(testCase);
    const generic = contractCheck({
      forwardProbe: forwardId,
      outputShape: (probe) => probe.args[0]?.shape ?? [],
      shapeAdvice: SHAPE_ADVICE,
      gradientProbe: gradientId,
      argNames: ARG_NAMES,
    });
    const verdict = generic.run(context);
    if (verdict.status !== CHECK_STATUS.failed) return verdict;
    // The forward half passed when only the gradient probe failed; then TF.js's message says which gradient.
    const forward = context.probe(forwardId);
    const gradient = context.probe(gradientId);
    const forwardFine =
      forward.status === 'returned' &&
      forward.inputIntact &&
      forward.values[0]?.kind === 'tensor' &&
      forward.values[0].dtype === 'float32' &&
      formatShape(forward.values[0].shape) === formatShape(testCase.M.shape);
    if (!forwardFine || gradient.status !== 'threw') return verdict;
    const explanation = explainGradientError(gradient.error.message);
    if (!explanation) return verdict;
    return { ...verdict, message: `${explanation} (TF.js threw ${gradient.error.name}: ${gradient.error.message}, while computing the gradients of sum(${context.problem.entry}(M, e)) for ${testCase.description}.)` };
  }),
};

// ----------------------------------------------------------------------------------------------- forward

function forwardCases(context: Context, testCases: readonly TestCase[]): ValueCase[] {
  return testCases.map((testCase) => ({
    result: context.probe(probeIds.forward(testCase)),
    expected: { shape: testCase.M.shape, values: testCase.M.values.map((m) => keplerNewton(m, testCase.e)) },
    input: testCase.M,
    description: testCase.description,
    whileDoing: `computing ${context.problem.entry}(M, e) for ${testCase.description}`,
  }));
}

/** Names what the learner's forward values are, if a classic mistake explains every one of them. */
function diagnoseForward(testCase: TestCase, got: readonly number[], tolerance: Tolerance): { message: string; tooFewSteps: boolean } | null {
  const M = testCase.M.values;
  if (explainsAll(got, M, tolerance)) {
    return {
      message: 'Every output equals M: the forward pass still returns its starting point E = M. Apply the Newton step ten times.',
      tooFewSteps: false,
    };
  }
  for (let steps = 1; steps <= 30; steps++) {
    if (steps === NEWTON_STEPS) continue;
    if (explainsAll(got, M.map((m) => keplerNewton(m, testCase.e, steps)), tolerance)) {
      return {
        message: `That is what ${steps} Newton step${steps === 1 ? '' : 's'} from E = M give: take exactly ${NEWTON_STEPS}.`,
        tooFewSteps: steps < NEWTON_STEPS,
      };
    }
  }
  if (explainsAll(got, M.map((m) => keplerFixedPoint(m, testCase.e)), tolerance)) {
    return {
      message: `That is ${NEWTON_STEPS} steps of the fixed-point iteration E ← M + e·sin E, which converges only linearly (at a rate near e). Use Newton's step E ← E − (E − e·sin E − M) / (1 − e·cos E).`,
      tooFewSteps: false,
    };
  }
  return null;
}

function explainForward(cases: readonly TestCase[], tolerance: Tolerance, highEccentricity: boolean) {
  return (mismatch: Extract<Mismatch, { kind: 'value' }>, valueCase: ValueCase, got: readonly number[]): string => {
    const testCase = findCase(cases, valueCase);
    const M = testCase.M.values[mismatch.index] ?? Number.NaN;
    const diagnosed = diagnoseForward(testCase, got, tolerance);
    const diagnosis =
      diagnosed?.message ??
      `The output must be what ${NEWTON_STEPS} Newton steps E ← E − (E − e·sin E − M) / (1 − e·cos E) from E = M give, in float32.`;
    // Said when the count of steps is in question: it is the one thing only this case can show.
    const where =
      highEccentricity && (diagnosed === null || diagnosed.tooFewSteps)
        ? ' At e near 0.9 Newton from E = M is slowest: four steps are up to 2e-3 off here, while at moderate e they already agree with ten.'
        : '';
    return `At M = ${formatInput(M)}, e = ${formatInput(testCase.e)}: expected ${formatNumber(mismatch.expected)}, got ${formatNumber(mismatch.got)}. ${diagnosis}${where}`;
  };
}

const forwardCheck: CheckSpec = {
  id: 'forward',
  title: 'Forward values: 10 Newton steps',
  requires: [CONTRACT_CHECK_ID],
  run: withCases((context) => {
    const { problem, cases } = context;
    const checked = [cases.example, ...cases.moderate];
    const tolerance = problem.tolerance.forward;
    return compareCases(
      forwardCases(context, checked),
      tolerance,
      explainForward(checked, tolerance, false),
      `Matches ${NEWTON_STEPS} float64 Newton steps on the example and ${checked.length - 1} seeded cases (a scalar M, vectors, a matrix, M = 0 and π) at e ≤ 0.75.`,
    );
  }),
};

const specCheck: CheckSpec = {
  id: 'spec',
  title: 'Exactly 10 steps, at high eccentricity where fewer are not enough',
  requires: [CONTRACT_CHECK_ID],
  run: withCases((context) => {
    const { problem, cases } = context;
    const tolerance = problem.tolerance.forward;
    return compareCases(
      forwardCases(context, cases.high),
      tolerance,
      explainForward(cases.high, tolerance, true),
      `Matches ${NEWTON_STEPS} float64 Newton steps at high eccentricity (e from 0.85 to 0.9, M from 0.1 to 0.6) on ${cases.high.length} cases.`,
    );
  }),
};

// ------------------------------------------------------------------------------------------- gradients

type GradientWhich = typeof GRADIENT_FOR_M | typeof GRADIENT_FOR_E;

function gradientCase(
  context: Context,
  testCase: TestCase,
  probeId: string,
  which: GradientWhich,
  expected: KeplerVjp,
  what: string,
): ValueCase {
  return {
    result: context.probe(probeId),
    index: which,
    expected:
      which === GRADIENT_FOR_M ? { shape: testCase.M.shape, values: [...expected.dM] } : { shape: [], values: [expected.de] },
    ...(which === GRADIENT_FOR_M ? { input: testCase.M } : {}),
    description: testCase.description,
    whileDoing: `computing ${what} for ${testCase.description}`,
  };
}

/** What each named mistake means, as said to the learner. */
const MISTAKE_ADVICE: Record<Exclude<GradientVariant, 'honest'>, { readonly forM: string; readonly forE: string }> = {
  [GRADIENT_VARIANTS.signFlipped]: {
    forM: 'That is the right magnitude with the wrong sign: the IFT gives dE*/dM = −F_M / F_E = −(−1) / u = +1/u. The minus in −F_θ / F_E is easy to drop.',
    forE: 'That is the right magnitude with the wrong sign: ∂F/∂e = −sin E, so dE*/de = −F_e / F_E = +sin E* / u. Mind both minus signs.',
  },
  [GRADIENT_VARIANTS.atStart]: {
    forM: 'That is 1 / (1 − e·cos M): u evaluated at the starting point E = M, not at the root. Save the converged E* with save() and evaluate u = 1 − e·cos E* there.',
    forE: 'That is Σ sin M / (1 − e·cos M): the derivative at the starting point E = M, not at the root. Evaluate sin E* and u = 1 − e·cos E* at the converged E* you saved.',
  },
  [GRADIENT_VARIANTS.inverted]: {
    forM: 'That is u = 1 − e·cos E* itself: gradFunc multiplies by ∂F/∂E where the IFT divides by it. dE*/dM = 1 / u.',
    forE: 'That is Σ sin E*·u: gradFunc multiplies by u = ∂F/∂E where the IFT divides by it. dE*/de = sin E* / u.',
  },
  [GRADIENT_VARIANTS.ignoresDy]: {
    forM: 'That is 1 / u without the factor w: gradFunc ignores dy. It is right only when the upstream gradient is all ones, as for sum(E*); multiply by dy.',
    forE: 'That is Σ sin E* / u without the factors w: gradFunc ignores dy in the gradient for e. Sum dy·sin E* / u, not sin E* / u.',
  },
  [GRADIENT_VARIANTS.meanForE]: {
    forM: '',
    forE: 'That is the mean over the elements, not the sum: one e moves every element of E*, and their contributions add up. Use tf.sum, not tf.mean.',
  },
  [GRADIENT_VARIANTS.zeroForE]: {
    forM: '',
    forE: 'The gradient for e is 0, as if the eccentricity were a constant. E* depends on e too: return Σ dy·sin E* / u for it.',
  },
};

const CANDIDATES_FOR_M = [GRADIENT_VARIANTS.signFlipped, GRADIENT_VARIANTS.atStart, GRADIENT_VARIANTS.inverted, GRADIENT_VARIANTS.ignoresDy] as const;
const CANDIDATES_FOR_E = [
  GRADIENT_VARIANTS.signFlipped,
  GRADIENT_VARIANTS.atStart,
  GRADIENT_VARIANTS.inverted,
  GRADIENT_VARIANTS.ignoresDy,
  GRADIENT_VARIANTS.meanForE,
  GRADIENT_VARIANTS.zeroForE,
] as const;

/** The classic mistake whose float64 value explains the learner's whole gradient on this case, if one does. */
function diagnoseGradient(
  testCase: TestCase,
  weights: readonly number[],
  which: GradientWhich,
  got: readonly number[],
  tolerance: Tolerance,
): string | null {
  const candidates = which === GRADIENT_FOR_M ? CANDIDATES_FOR_M : CANDIDATES_FOR_E;
  const honest = variantVjp(GRADIENT_VARIANTS.honest, testCase.M.values, testCase.e, weights);
  for (const variant of candidates) {
    const vjp = variantVjp(variant, testCase.M.values, testCase.e, weights);
    const candidate = which === GRADIENT_FOR_M ? vjp.dM : [vjp.de];
    const reference = which === GRADIENT_FOR_M ? honest.dM : [honest.de];
    // A mistake that coincides with the right answer on this case (dy ignored under all-ones weights) names nothing.
    if (explainsAll(candidate, reference, tolerance)) continue;
    if (explainsAll(got, candidate, tolerance)) {
      const advice = MISTAKE_ADVICE[variant as Exclude<GradientVariant, 'honest'>];
      return which === GRADIENT_FOR_M ? advice.forM : advice.forE;
    }
  }
  if (got.every((value) => value === 0)) {
    return which === GRADIENT_FOR_M
      ? 'The gradient for M is 0: gradFunc must return dy / u, with u = 1 − e·cos E* at the root you saved.'
      : 'The gradient for e is 0, as if the eccentricity were a constant. E* depends on e too: return Σ dy·sin E* / u for it.';
  }
  return null;
}

function explainGradient(cases: readonly TestCase[], weighted: boolean, which: GradientWhich, tolerance: Tolerance) {
  return (mismatch: Extract<Mismatch, { kind: 'value' }>, valueCase: ValueCase, got: readonly number[]): string => {
    const testCase = findCase(cases, valueCase);
    const weights = weighted ? testCase.cotangent.values : ones(testCase);
    const rule = which === GRADIENT_FOR_M ? 'dy / u' : 'Σ dy·sin E* / u (a scalar)';
    const diagnosis = diagnoseGradient(testCase, weights, which, got, tolerance) ?? `gradFunc must return ${rule} for ${ARG_NAMES[which]}, with u = 1 − e·cos E* at the root E* you saved.`;
    if (which === GRADIENT_FOR_M) {
      const M = testCase.M.values[mismatch.index] ?? Number.NaN;
      const w = weights[mismatch.index] ?? Number.NaN;
      const upstream = weighted ? ` with upstream gradient w = ${formatNumber(w)}` : '';
      return `Gradient for M at M = ${formatInput(M)}, e = ${formatInput(testCase.e)}${upstream}: expected ${formatNumber(mismatch.expected)}, got ${formatNumber(mismatch.got)}. ${diagnosis}`;
    }
    const upstream = weighted ? ', with the seeded upstream gradient w' : '';
    return `Gradient for e${upstream}: expected ${formatNumber(mismatch.expected)}, got ${formatNumber(mismatch.got)}. ${diagnosis}`;
  };
}

function gradientCheck(id: string, title: string, which: GradientWhich): CheckSpec {
  return {
    id,
    title,
    requires: [CONTRACT_CHECK_ID],
    run: withCases((context) => {
      const { problem, cases } = context;
      const tolerance = problem.tolerance.gradient;
      const checked = allCases(cases);
      const what = `the gradients of sum(${problem.entry}(M, e))`;
      const valueCases = checked.map((testCase) =>
        gradientCase(context, testCase, probeIds.gradient(testCase), which, variantVjp(GRADIENT_VARIANTS.honest, testCase.M.values, testCase.e, ones(testCase)), what),
      );
      const rule = which === GRADIENT_FOR_M ? '1 / u' : 'Σ sin E* / u, a scalar,';
      return compareCases(
        valueCases,
        tolerance,
        explainGradient(checked, false, which, tolerance),
        `The gradient for ${ARG_NAMES[which]} of sum(E*) is ${rule} on the example and ${checked.length - 1} seeded cases, at moderate and high eccentricity.`,
      );
    }),
  };
}

const gradientForMCheck = gradientCheck('gradient-m', 'Gradient for M: 1 / u at the root', GRADIENT_FOR_M);
const gradientForECheck = gradientCheck('gradient-e', 'Gradient for e: Σ sin E* / u, a scalar', GRADIENT_FOR_E);

const cotangentCheck: CheckSpec = {
  id: 'cotangent',
  title: 'Both gradients use the upstream gradient dy',
  requires: [CONTRACT_CHECK_ID],
  run: withCases((context) => {
    const { problem, cases } = context;
    const tolerance = problem.tolerance.gradient;
    const checked = cotangentCases(cases);
    const what = `the gradients of sum(w * ${problem.entry}(M, e))`;
    for (const which of [GRADIENT_FOR_M, GRADIENT_FOR_E] as const) {
      const verdict = compareCases(
        checked.map((testCase) =>
          gradientCase(context, testCase, probeIds.cotangent(testCase), which, variantVjp(GRADIENT_VARIANTS.honest, testCase.M.values, testCase.e, testCase.cotangent.values), what),
        ),
        tolerance,
        explainGradient(checked, true, which, tolerance),
        '',
      );
      if (verdict.status !== CHECK_STATUS.passed) return verdict;
    }
    return {
      status: CHECK_STATUS.passed,
      message: `With seeded upstream gradients w, the gradients are w / u for M and Σ w·sin E* / u for e on ${checked.length} cases.`,
    };
  }),
};

const compositionCheck: CheckSpec = {
  id: 'composition',
  title: 'Composes: sum(w·E*²) and solveKepler(solveKepler(M, e), e)',
  requires: [CONTRACT_CHECK_ID],
  run: withCases((context) => {
    const { problem, cases } = context;
    const f = problem.entry;
    const tolerance = problem.tolerance.gradient;
    const testCase = compositionCase(cases);
    const w = testCase.cotangent.values;
    const losses = [
      { loss: 'square', name: `sum(w * ${f}(M, e)^2)`, expected: squareVjp(testCase.M.values, testCase.e, w), paths: 'dy = 2·w·E* arrives in gradFunc' },
      {
        loss: 'twice',
        name: `sum(w * ${f}(${f}(M, e), e))`,
        expected: twiceVjp(testCase.M.values, testCase.e, w),
        paths: 'e reaches the result along two paths, through the inner call and directly in the outer one, and TF.js adds the two gradients it gets for e',
      },
    ] as const;
    for (const { loss, name, expected, paths } of losses) {
      for (const which of [GRADIENT_FOR_M, GRADIENT_FOR_E] as const) {
        const verdict = compareCases(
          [gradientCase(context, testCase, probeIds.composition(testCase, loss), which, expected, `the gradients of ${name}`)],
          tolerance,
          (mismatch) => {
            const at = which === GRADIENT_FOR_M ? ` at M = ${formatInput(testCase.M.values[mismatch.index] ?? Number.NaN)}` : '';
            return `Gradient for ${ARG_NAMES[which]} of ${name}${at}: expected ${formatNumber(mismatch.expected)}, got ${formatNumber(mismatch.got)}. Here ${paths}; gradFunc must return dy / u and Σ dy·sin E* / u with E* from save(), for whatever dy it is given.`;
          },
          '',
        );
        if (verdict.status !== CHECK_STATUS.passed) return verdict;
      }
    }
    return {
      status: CHECK_STATUS.passed,
      message: `Both gradients through sum(w * ${f}(M, e)^2) and ${f}(${f}(M, e), e) match the chain rule.`,
    };
  }),
};

const implicitCheck = costCheck({
  id: 'implicit',
  title: 'The gradient is implicit, not unrolled',
  requires: [CONTRACT_CHECK_ID],
  maxTapeNodes: MAX_TAPE_NODES,
  maxBackwardKernels: MAX_BACKWARD_KERNELS,
  explainTape: (cost, f) =>
    `While ${f} ran under tf.grad, TF.js recorded ${cost.tapeNodes} operations on its tape (an implicit gradient records a few: the custom op and one per saved tensor; the unrolled loop about 25 per Newton step). The Newton steps are being taped: this is the unrolled loop. Its values equal the IFT's here, because ten steps have converged, but its memory and backward work grow with every step. Run the steps inside tf.customGrad, whose forward pass is not recorded.`,
  explainKernels: (cost, f) =>
    `The backward pass ran ${cost.backwardKernels} kernels for one call of ${f} (an implicit gradient needs about 7; re-running Newton costs about 9 per step): gradFunc recomputes the iteration. Save the converged E* with save() and use it, rather than saving M and solving again.`,
  passed: (costliest) => {
    const nodes = costliest.tapeNodes.cost.tapeNodes;
    const kernels = costliest.backwardKernels.cost.backwardKernels;
    return `The backward pass is O(1) on all ${costliest.measured} gradients measured: at most ${nodes} tape node${nodes === 1 ? '' : 's'} and ${kernels} backward kernel${kernels === 1 ? '' : 's'} per call.`;
  },
});

const keplerOpsCheck = opsCheck({
  gradientAdvice: 'gradFunc must compute both gradients with TF.js ops on dy and the saved tensors, e.g. dy.div(u) and dy.div(u).mul(E.sin()).sum().',
});

export const grader: Grader = {
  makePlan,
  checks: [
    moduleCheck,
    keplerContractCheck,
    forwardCheck,
    specCheck,
    gradientForMCheck,
    gradientForECheck,
    cotangentCheck,
    compositionCheck,
    implicitCheck,
    keplerOpsCheck,
  ],
};
