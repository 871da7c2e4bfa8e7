import { styleText } from 'node:util';
import { CHECK_STATUS, VERDICT, type CheckStatus, type ScoredCheckResult, type Verdict } from '../../core/report.ts';
import { visible } from '../escape.ts';
import type { GradedSubmission } from '../grade-submission.ts';
import { describeEvidence } from './evidence.ts';
import { countVerdicts, totalScore } from './summary.ts';

type Style = Parameters<typeof styleText>[0];
type Paint = (style: Style, text: string) => string;

const STATUS_MARK: Record<CheckStatus, { readonly mark: string; readonly style: Style }> = {
  [CHECK_STATUS.passed]: { mark: '✓', style: 'green' },
  [CHECK_STATUS.failed]: { mark: '✗', style: 'red' },
  [CHECK_STATUS.skipped]: { mark: '–', style: 'yellow' },
};

const VERDICT_STYLE: Record<Verdict, Style> = {
  [VERDICT.passed]: 'green',
  [VERDICT.failed]: 'red',
  [VERDICT.error]: 'magenta',
  [VERDICT.timeout]: 'yellow',
};

const CHECK_INDENT = '  ';
const DETAIL_INDENT = '      ';

export type TextOptions = { readonly color: boolean; readonly seed: string };

/**
 * For people and CI logs: one block per submission (its verdict, its score, its summary and every check
 * with its points, message and evidence; for a path that was not graded, only why), then the batch's total
 * score, then its seed, then `N passed, M failed` alone on the last line, never coloured, for CI to read.
 *
 * Every string a submission or a file name can influence goes through `visible` (escape.ts): hidden
 * characters shown as `\uXXXX`, line breaks as ↵, so that each report line starts with the grader's own
 * words and only the grader can write the summary line.
 */
export function formatText(graded: readonly GradedSubmission[], { color, seed }: TextOptions): string {
  const paint: Paint = color ? (style, text) => styleText(style, text, { validateStream: false }) : (_style, text) => text;
  const blocks = graded.map((submission) => formatSubmission(submission, paint));
  const { passed, notPassed } = countVerdicts(graded);
  const { score, maxScore } = totalScore(graded);
  const replay = paint('dim', `seed ${visible(seed)} (to grade again with the same cases: --seed ${visible(seed)})`);
  return `${blocks.join('\n')}\ntotal score ${score}/${maxScore}\n${replay}\n${passed} passed, ${notPassed} failed\n`;
}

function formatSubmission({ file, report, notGraded }: GradedSubmission, paint: Paint): string {
  const mark = report.verdict === VERDICT.passed ? '✓' : '✗';
  const verdict = paint(VERDICT_STYLE[report.verdict], `${mark} ${report.verdict}`);
  const took = notGraded ? 'not graded' : formatDuration(report.durationMs);
  const lines = [
    `${verdict}  ${paint('bold', visible(file))}  score ${report.score}/${report.maxScore}  ${paint('dim', `(${took})`)}`,
    `${CHECK_INDENT}${visible(report.summary)}`,
    // Not graded: the summary says why, and every check would only repeat that it did not run.
    ...(notGraded ? [] : report.checks.flatMap((check) => formatCheck(check, paint))),
  ];
  const { lines: consoleLines, droppedLines } = report.console;
  const logged = consoleLines.length + droppedLines;
  if (logged > 0) {
    lines.push(paint('dim', `${CHECK_INDENT}console: ${logged} line${logged === 1 ? '' : 's'} (--format json or junit shows them)`));
  }
  return `${lines.join('\n')}\n`;
}

function formatCheck(check: ScoredCheckResult, paint: Paint): string[] {
  const { mark, style } = STATUS_MARK[check.status];
  // A check worth nothing (the module check, usually) is a gate, not a grade: no points shown.
  const points = check.maxPoints > 0 ? `  ${paint('dim', `${check.points}/${check.maxPoints} points`)}` : '';
  return [
    `${CHECK_INDENT}${paint(style, mark)} ${visible(check.title)}${points}`,
    `${DETAIL_INDENT}${visible(check.message)}`,
    ...(check.evidence ? [paint('dim', `${DETAIL_INDENT}${visible(describeEvidence(check.evidence))}`)] : []),
  ];
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
