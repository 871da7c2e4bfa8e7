import type { Grader } from '../grader.ts';
import { fixedPointSqrtGrader } from './fixed-point-sqrt/index.ts';

/** Graders by the id a problem.json names in its `grader` field. */
const GRADERS: ReadonlyMap<string, Grader> = new Map([[fixedPointSqrtGrader.id, fixedPointSqrtGrader]]);

export function graderFor(id: string): Grader {
  const grader = GRADERS.get(id);
  if (!grader) throw new Error(`No grader '${id}'; known graders: ${[...GRADERS.keys()].join(', ')}`);
  return grader;
}
