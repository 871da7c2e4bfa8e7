import { CHECK_STATUS, VERDICT } from '../../core/report.ts';
import { escapeJsonOutput, visible } from '../escape.ts';
import type { GradedSubmission } from '../grade-submission.ts';
import { describeEvidence } from './evidence.ts';
import { countVerdicts, totalScore } from './summary.ts';

/**
 * GitHub Classroom's autograding result (version 1, as its command, I/O and Python graders write it for its
 * grading reporter): one test per check of every submission, `score` the check's points, `max_score` the
 * whole batch's maximum. The reporter adds up the tests' scores over the runners' `max_score`s and hands
 * Classroom "Points <sum>/<max>": that is partial credit, check by check. The workflow base64-encodes this
 * document into the reporter's `<RUNNER>_RESULTS` variable (README, "Grading in GitHub Classroom or any CI").
 */
export type ClassroomTest = {
  readonly name: string;
  readonly status: 'pass' | 'fail' | 'error';
  readonly score: number;
  readonly message: string;
  readonly test_code: string;
  readonly filename: string;
  readonly line_no: number;
  readonly duration: number;
};

export type ClassroomResult = {
  readonly version: 1;
  readonly status: 'pass' | 'fail';
  readonly max_score: number;
  readonly tests: readonly ClassroomTest[];
};

/**
 * The reporter prints names and messages into the workflow's log as they are: every string a submission or
 * a file name can influence is made inert first (escape.ts), as in the text report.
 */
export function formatClassroom(graded: readonly GradedSubmission[]): string {
  const result: ClassroomResult = {
    version: 1,
    status: countVerdicts(graded).notPassed === 0 ? 'pass' : 'fail',
    max_score: totalScore(graded).maxScore,
    tests: graded.flatMap(({ file, report }) => {
      // As in JUnit: a check that failed because the run broke is an error, not a wrong answer.
      const broken = report.verdict === VERDICT.error || report.verdict === VERDICT.timeout;
      return report.checks.map(
        (check): ClassroomTest => ({
          name: visible(`${file}: ${check.title}`),
          status: check.status === CHECK_STATUS.passed ? 'pass' : broken && check.status === CHECK_STATUS.failed ? 'error' : 'fail',
          score: check.points,
          message: visible(check.evidence ? `${check.message} (${describeEvidence(check.evidence)})` : check.message),
          test_code: '',
          filename: visible(file),
          line_no: check.location?.line ?? 0,
          duration: Math.round(report.durationMs),
        }),
      );
    }),
  };
  return `${escapeJsonOutput(JSON.stringify(result, null, 2))}\n`;
}
