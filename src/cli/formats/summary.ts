import { sumPoints, VERDICT } from '../../core/report.ts';
import type { GradedSubmission } from '../grade-submission.ts';

/** Submissions that passed, and all the others (failed, error or timeout). */
export function countVerdicts(graded: readonly GradedSubmission[]): { passed: number; notPassed: number } {
  const passed = graded.filter(({ report }) => report.verdict === VERDICT.passed).length;
  return { passed, notPassed: graded.length - passed };
}

/** The batch's points: what its submissions scored, out of the sum of their maxima. */
export function totalScore(graded: readonly GradedSubmission[]): { score: number; maxScore: number } {
  return {
    score: sumPoints(graded.map(({ report }) => report.score)),
    maxScore: sumPoints(graded.map(({ report }) => report.maxScore)),
  };
}
