import {
  compareCases,
  CONTRACT_CHECK_ID,
  contractCheck,
  costCheck,
  formatNumber,
  formatValues,
  isClose,
  moduleCheck,
  opsCheck,
  type CheckContext,
  type CheckSpec,
  type CheckVerdict,
  type Grader,
  type Tolerance,
  type ValueCase,
} from '../../../core/grader-kit.ts';
import { allCases, compositionCase, type LayerCase, type LayerCases, layerCases, makePlan, probeIds } from './plan.ts';
import {
  deqForward,
  FORWARD_ITERATIONS,
  implicitGradients,
  MISTAKES,
  mistakenGradients,
  truncatedGradients,
  type LayerGradients,
  type MistakeId,
} from './reference.ts';

/**
 * Measured on TF.js 4.22's cpu backend, in the sandbox (a plain Node harness counting the same way agrees),
 * per call of the learner's function under tf.grad, the worst call over the plan's gradient probes; the
 * counts do not depend on n:
 *
 * | variant | tape nodes | backward kernels |
 * | --- | ---: | ---: |
 * | customGrad, 30 adjoint steps with tf.dot (the solution) | 3 | 186 |
 * | customGrad, 40 adjoint steps with matMul on columns, a tidy per step | 3 | 129 |
 * | customGrad, adjoint until the largest change is below 1e-6, one scalar read per step | 3 | 33 to 186 |
 * | customGrad, 100 adjoint steps, tf.norm read back at every step | 3 | 1406 |
 * | customGrad, 100 adjoint steps, the largest change read back at every step | 3 | 906 |
 * | customGrad, 400 adjoint steps "to be safe" | 3 | 2406 |
 * | customGrad, adjoint waiting for a change of exactly 0, capped at 1000 steps | 3 | up to 9006 |
 * | customGrad whose gradFunc re-runs the 30 forward steps, then 30 adjoint steps | 3 | 337 |
 * | no customGrad: the 30 iterations unrolled (tf.dot / matMul) | 361 / 244 | 271 / 211 |
 *
 * The tape is what tells implicit from unrolled: a custom gradient keeps the 30 iterations off it,
 * whatever its backward pass does, while the unrolled loop records 8 to 12 operations per iteration and
 * keeps their tensors for the backward pass. Backward kernels cannot tell the two apart here, unlike in a
 * closed-form kata: an honest adjoint is itself an iteration, 3 to 6 kernels per step and 9 to 14 with a
 * convergence test, so an adjoint of 100 steps runs more kernels than differentiating the 30 unrolled
 * iterations does, and no count separates "re-runs the forward in gradFunc" from "iterates the adjoint a
 * little longer". The kernel limit only bounds the backward pass's work: it admits 100 adjoint steps with
 * room to spare (about 140 at 14 kernels a step, 300 at 6), and fails an adjoint that runs on long past
 * convergence.
 */
export const MAX_TAPE_NODES = 10;
export const MAX_BACKWARD_KERNELS = 2000;

type Context = CheckContext & { readonly cases: LayerCases };

const withCases = layerCases.check;

const contract = contractCheck({
  title: 'Returns a float32 vector shaped like x; gradients shaped like x and W',
  forwardProbe: probeIds.forward({ name: 'example' }),
  outputShape: (probe) => probe.args[0]?.shape ?? [],
  shapeAdvice:
    'z* has one entry per unit, the shape [n] of x. tf.dot(W, z) of a vector z is a vector; if you work with [n, 1] columns, reshape the result back to [n].',
  gradientProbe: probeIds.gradient({ name: 'example' }),
  argNames: ['x', 'W'],
});

const allClose = (got: readonly number[], expected: readonly number[], tolerance: Tolerance) =>
  got.length === expected.length && expected.every((value, index) => isClose(got[index] ?? Number.NaN, value, tolerance));

function findCase(cases: LayerCases, valueCase: ValueCase): LayerCase {
  const found = allCases(cases).find((layerCase) => layerCase.description === valueCase.description);
  if (!found) throw new Error(`no deq-layer case for ${valueCase.description}`);
  return found;
}

/** "dW[1][2]" for the flat index of an [n, n] gradient, "dx[1]" for a vector's. */
function elementName(which: keyof LayerGradients, index: number, n: number): string {
  return which === 'dW' ? `dW[${Math.floor(index / n)}][${index % n}]` : `dx[${index}]`;
}

/** What a vector looks like in a message: in full when it is short, so the learner can compare by eye. */
function shown(values: readonly number[]): string {
  return formatValues(values, 4);
}

/** The forward iteration count that gives `got`, if some count other than 30 does. */
function iterationsThatGive(layerCase: LayerCase, got: readonly number[], tolerance: Tolerance): number | null {
  for (let iterations = 0; iterations <= 200; iterations++) {
    if (iterations === FORWARD_ITERATIONS) continue;
    if (allClose(got, deqForward(layerCase.x, layerCase.W, iterations), tolerance)) return iterations;
  }
  return null;
}

/** Wᵀ in row-major order: tf.dot(z, W) multiplies by it, a slip that looks like W z. */
function transposed(W: readonly number[], n: number): number[] {
  return W.map((_, index) => W[(index % n) * n + Math.floor(index / n)] ?? Number.NaN);
}

function forwardAdvice(layerCase: LayerCase, got: readonly number[], tolerance: Tolerance): string {
  if (got.every((value) => value === 0)) {
    return `Every entry is 0: the forward pass still returns its starting point. Apply z ← tanh(W z + x) ${FORWARD_ITERATIONS} times from z = 0.`;
  }
  const iterations = iterationsThatGive(layerCase, got, tolerance);
  if (iterations !== null && iterations < FORWARD_ITERATIONS) {
    return `That is what ${iterations} iteration${iterations === 1 ? '' : 's'} give: take exactly ${FORWARD_ITERATIONS}. Here each iteration only about halves the distance to the fixed point, so ${iterations} have not converged.`;
  }
  if (allClose(got, deqForward(layerCase.x, transposed(layerCase.W, layerCase.n)), tolerance)) {
    return 'That is the fixed point of tanh(Wᵀ z + x): W is transposed. tf.dot(W, z) is W z; tf.dot(z, W) is zᵀ W, the product with Wᵀ.';
  }
  if (allClose(got, deqForward(layerCase.x, layerCase.W, 1), tolerance)) {
    return `That is tanh(x), a single iteration: take ${FORWARD_ITERATIONS}.`;
  }
  return `Apply z ← tanh(W z + x) exactly ${FORWARD_ITERATIONS} times from z = 0, in float32.`;
}

const forwardCheck: CheckSpec = {
  id: 'forward',
  title: `Forward values: ${FORWARD_ITERATIONS} iterations of z ← tanh(W z + x)`,
  requires: [CONTRACT_CHECK_ID],
  run: withCases((context) => {
    const { problem, cases } = context;
    const checked = allCases(cases);
    return compareCases(
      checked.map((layerCase) => ({
        result: context.probe(probeIds.forward(layerCase)),
        expected: { shape: [layerCase.n], values: deqForward(layerCase.x, layerCase.W) },
        input: { shape: [layerCase.n], values: [...layerCase.x] },
        description: layerCase.description,
        whileDoing: `computing ${problem.entry}(x, W) for ${layerCase.description}`,
      })),
      problem.tolerance.forward,
      (mismatch, valueCase, got) => {
        const layerCase = findCase(cases, valueCase);
        return `z*[${mismatch.index}]: expected ${formatNumber(mismatch.expected)}, got ${formatNumber(mismatch.got)}. ${forwardAdvice(layerCase, got, problem.tolerance.forward)}`;
      },
      `Matches ${FORWARD_ITERATIONS} float64 iterations on the example and ${checked.length - 1} random cases (n up to 16, a slowly contracting one and a saturated one among them).`,
    );
  }),
};

/** The mistakes a gradient can show, in the order they are tried: the most telling name first. */
const DX_MISTAKES: readonly MistakeId[] = ['noTranspose', 'jacobianFree', 'noTanhDerivative', 'slopeOnlyInAdjoint', 'ignoresDy'];
const DW_MISTAKES: readonly MistakeId[] = ['outerReversed', 'outerWithoutSlope', 'outerWithX', ...DX_MISTAKES];

/** Most adjoint steps a truncated adjoint is recognised at; beyond 40 it has converged on every case. */
const MAX_TRUNCATED_STEPS = 40;

/**
 * Names the mistake `got` (the learner's dx or dW for a case and upstream gradient g) matches, by comparing
 * it whole with each mistake's float64 value; null when it matches none of them.
 */
function diagnoseGradient(
  which: keyof LayerGradients,
  x: readonly number[],
  W: readonly number[],
  g: readonly number[],
  got: readonly number[],
  tolerance: Tolerance,
): string | null {
  const right = implicitGradients(x, W, g)[which];
  const matches = (candidate: readonly number[]) => allClose(got, candidate, tolerance) && !allClose(right, candidate, tolerance);
  if (got.every((value) => value === 0)) {
    return `The gradient is 0: gradFunc still returns zeros. Solve the adjoint u = dy + Wᵀ(s ⊙ u), then return [s ⊙ u, outer(s ⊙ u, z*)].`;
  }
  for (const mistake of which === 'dx' ? DX_MISTAKES : DW_MISTAKES) {
    if (matches(mistakenGradients(mistake, x, W, g)[which])) {
      const { name, advice } = MISTAKES[mistake];
      return `That is ${name}. ${advice}`;
    }
  }
  for (let steps = 2; steps <= MAX_TRUNCATED_STEPS; steps++) {
    if (matches(truncatedGradients(x, W, g, steps)[which])) {
      return `That is what only ${steps} adjoint iterations from u = 0 give (${steps - 1} from u = dy): too few adjoint iterations, not converged where W contracts slowly. With ‖W‖₂ ≤ 0.5 each step at least halves the error; iterate about 30 times, or until the largest change is below about 1e-6.`;
    }
  }
  return null;
}

/** Said when the case's own forward output is off: the gradient is taken at the learner's z*, not ours. */
function forwardAlsoOff(context: Context, layerCase: LayerCase): string {
  const result = context.probe(probeIds.forward(layerCase));
  if (result.status !== 'returned') return '';
  const [output] = result.values;
  if (output?.kind !== 'tensor') return '';
  return allClose(output.values, deqForward(layerCase.x, layerCase.W), context.problem.tolerance.forward)
    ? ''
    : ' Your forward output for this case is off too (see Forward), and the gradient is taken at z*: fix the forward pass first.';
}

const GRADIENT_ADVICE = {
  dx: 'dx = s ⊙ u, with s = 1 − z*² and u the adjoint, the solution of u = dy + Wᵀ(s ⊙ u).',
  dW: 'dW = outer(s ⊙ u, z*): dW[i][j] = (s ⊙ u)[i] · z*[j], with s = 1 − z*² and u the adjoint, the solution of u = dy + Wᵀ(s ⊙ u).',
} as const;

function gradientCheck(which: keyof LayerGradients): CheckSpec {
  const argIndex = which === 'dx' ? 0 : 1;
  const argName = which === 'dx' ? 'x' : 'W';
  return {
    id: which === 'dx' ? 'gradient-x' : 'gradient-w',
    title: which === 'dx' ? 'Gradient with respect to x: dx = s ⊙ u' : 'Gradient with respect to W: dW = outer(s ⊙ u, z*)',
    requires: [CONTRACT_CHECK_ID],
    run: withCases((context) => {
      const { problem, cases } = context;
      const f = problem.entry;
      const checked = allCases(cases);
      const tolerance = problem.tolerance.gradient;
      return compareCases(
        checked.map((layerCase) => ({
          result: context.probe(probeIds.gradient(layerCase)),
          index: argIndex,
          expected: {
            shape: which === 'dx' ? [layerCase.n] : [layerCase.n, layerCase.n],
            values: implicitGradients(layerCase.x, layerCase.W, layerCase.cotangent)[which],
          },
          ...(which === 'dx' ? { input: { shape: [layerCase.n], values: [...layerCase.x] } } : {}),
          description: layerCase.description,
          whileDoing: `computing the gradient of sum(g * ${f}(x, W)) with respect to ${argName} for ${layerCase.description}`,
        })),
        tolerance,
        (mismatch, valueCase, got) => {
          const layerCase = findCase(cases, valueCase);
          const diagnosis =
            diagnoseGradient(which, layerCase.x, layerCase.W, layerCase.cotangent, got, tolerance) ?? GRADIENT_ADVICE[which];
          const vectors =
            which === 'dx' && layerCase.n <= 4
              ? ` (expected dx = ${shown(valueCase.expected.values)}, got ${shown(got)})`
              : '';
          return `With upstream gradient g = ${shown(layerCase.cotangent)}: ${elementName(which, mismatch.index, layerCase.n)} expected ${formatNumber(mismatch.expected)}, got ${formatNumber(mismatch.got)}${vectors}. ${diagnosis}${forwardAlsoOff(context, layerCase)}`;
        },
        `The gradient with respect to ${argName} matches the float64 implicit gradient for seeded upstream gradients on the example and ${checked.length - 1} random cases.`,
      );
    }),
  };
}

/**
 * The float64 gradients of sum(w * f(f(x, W), W)): the outer call's dx is the inner call's upstream
 * gradient, and W collects a gradient from each call.
 */
function composedGradients(layerCase: LayerCase): LayerGradients {
  const { x, W, cotangent: w } = layerCase;
  const outer = implicitGradients(deqForward(x, W), W, w);
  const inner = implicitGradients(x, W, outer.dx);
  return { dx: inner.dx, dW: inner.dW.map((value, index) => value + (outer.dW[index] ?? Number.NaN)) };
}

const compositionCheck: CheckSpec = {
  id: 'composition',
  title: 'Composes: f(f(x, W), W)',
  // A wrong plain gradient is wrong composed too: the gradient checks name the mistake, not this one.
  requires: [CONTRACT_CHECK_ID, 'gradient-x', 'gradient-w'],
  run: withCases((context) => {
    const { problem, cases } = context;
    const f = problem.entry;
    const layerCase = compositionCase(cases);
    const name = `sum(w * ${f}(${f}(x, W), W))`;
    const expected = composedGradients(layerCase);
    const result = context.probe(probeIds.composition(layerCase, 'twice'));
    const valueCases: ValueCase[] = (['dx', 'dW'] as const).map((which, index) => ({
      result,
      index,
      expected: { shape: which === 'dx' ? [layerCase.n] : [layerCase.n, layerCase.n], values: expected[which] },
      description: `${layerCase.description}, through ${name}`,
      whileDoing: `computing the gradient of ${name} for ${layerCase.description}`,
    }));
    return compareCases(
      valueCases,
      problem.tolerance.gradient,
      (mismatch, valueCase) =>
        `${elementName(valueCase.index === 1 ? 'dW' : 'dx', mismatch.index, layerCase.n)} expected ${formatNumber(mismatch.expected)}, got ${formatNumber(mismatch.got)}. Here ${f} runs twice, and each call's gradFunc must use its own z* and W, passed to save() (not variables captured in a closure), and return gradients for both of its inputs: the outer call's dx flows into the inner call as its dy, and W collects a gradient from each call.`,
      `Gradients with respect to x and W through ${f}(${f}(x, W), W) follow the chain rule: each call uses its own saved z*.`,
    );
  }),
};

const implicitCheck = costCheck({
  id: 'implicit',
  title: 'The gradient is implicit, not unrolled',
  requires: [CONTRACT_CHECK_ID],
  maxTapeNodes: MAX_TAPE_NODES,
  maxBackwardKernels: MAX_BACKWARD_KERNELS,
  explainTape: (cost, f) =>
    `While ${f} ran under tf.grad, TF.js recorded ${cost.tapeNodes} operations on its tape (a custom gradient records 3, whatever the number of iterations): the ${FORWARD_ITERATIONS} forward iterations are being taped, so TF.js differentiates the unrolled loop and keeps every iterate for it. Once the loop has converged its gradient has the same values as the implicit one; the cost is what differs, and it grows with every iteration. Run the iterations inside tf.customGrad, whose forward pass is not recorded, and compute dx and dW from z* in gradFunc.`,
  explainKernels: (cost, f) =>
    `The backward pass ran ${cost.backwardKernels} kernels for one call of ${f} (30 adjoint steps take about 130 to 190, and 100 steps that test their convergence at every step up to about 1400): the adjoint iteration runs on long past convergence. With ‖W‖₂ ≤ 0.5 each step at least halves the error, so about 30 steps, or a stopping test such as "largest change below 1e-6", are enough; a test for a change of exactly 0 may never be met in float32.`,
  passed: ({ tapeNodes, backwardKernels, measured }) => {
    const nodes = tapeNodes.cost.tapeNodes;
    const kernels = backwardKernels.cost.backwardKernels;
    return `The forward iterations stay off the tape on all ${measured} gradients measured: at most ${nodes} tape node${nodes === 1 ? '' : 's'} per call, and at most ${kernels} backward kernel${kernels === 1 ? '' : 's'} for the adjoint.`;
  },
});

const ops = opsCheck({
  gradientAdvice:
    'gradFunc must compute dx and dW with TF.js ops on dy and the tensors you saved, e.g. tf.dot(tf.mul(s, u), W) for Wᵀ(s ⊙ u).',
});

export const grader: Grader = {
  makePlan,
  checks: [moduleCheck, contract, forwardCheck, gradientCheck('dx'), gradientCheck('dW'), compositionCheck, implicitCheck, ops],
};
