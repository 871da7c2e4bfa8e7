import { VERDICT } from '../../core/report.ts';
import type { GradedSubmission } from '../grade-submission.ts';

/** Submissions that passed, and all the others (failed, error or timeout). */
export function countVerdicts(graded: readonly GradedSubmission[]): { passed: number; notPassed: number } {
  const passed = graded.filter(({ report }) => report.verdict === VERDICT.passed).length;
  return { passed, notPassed: graded.length - passed };
}
