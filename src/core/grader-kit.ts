/**
 * What a problem's grader may use: the one module `src/problems/<slug>/grader/` imports from `src/core`.
 * README.md ("Adding a problem") walks through it; src/problems/fixed-point-sqrt/grader/ is the worked example.
 *
 * A grader is pure TypeScript on plain data: it plans probes (inputs for the sandbox to run the learner's
 * function on), and its checks judge what the sandbox measured against float64 references it computes itself.
 */
export type { CheckContext, CheckSpec, CheckVerdict, Grader } from './grader.ts';
export type { GradientCost, ProbeResult, ValueSnapshot } from './measurements.ts';
export type { LossShape, Plan, Probe } from './plan.ts';
export type { ProblemMeta } from './problem.ts';
export type { Evidence } from './report.ts';
export type { TensorData } from './tensor.ts';
export type { Mismatch, Tolerance } from './compare.ts';
export type { Random } from './random.ts';

export { CHECK_STATUS } from './report.ts';
export { MODULE_CHECK_ID, moduleCheck } from './checks/module.ts';
export { CONTRACT_CHECK_ID, contractCheck, type ContractOptions } from './checks/contract.ts';
export { compareCases, tensorOutput, type ValueCase } from './checks/tensor-output.ts';
export { checkCost, costCheck, costliestGradient, type CostCheckOptions, type Costliest } from './checks/cost.ts';
export { OPS_CHECK_ID, opsCheck } from './checks/ops.ts';
export { seededCases, type SeededCases } from './checks/seeded-cases.ts';
export { compareTensor, isClose } from './compare.ts';
export { logUniformFloat32, seededRandom, uniformFloat32 } from './random.ts';
export { formatNumber, formatShape, formatValues, sizeOfShape } from './tensor.ts';
