import { styleText } from 'node:util';
import { CHECK_STATUS, VERDICT, type CheckResult, type CheckStatus, type Verdict } from '../../core/report.ts';
import type { GradedSubmission } from '../grade-submission.ts';
import { describeEvidence } from './evidence.ts';
import { countVerdicts } from './summary.ts';

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

/**
 * For people and CI logs: one block per submission (its verdict, summary and every check with its message
 * and evidence), then `N passed, M failed` alone on the last line, never coloured, for CI to read.
 */
export function formatText(graded: readonly GradedSubmission[], { color }: { readonly color: boolean }): string {
  const paint: Paint = color ? (style, text) => styleText(style, text, { validateStream: false }) : (_style, text) => text;
  const blocks = graded.map((submission) => formatSubmission(submission, paint));
  const { passed, notPassed } = countVerdicts(graded);
  return `${blocks.join('\n')}\n${passed} passed, ${notPassed} failed\n`;
}

function formatSubmission({ file, report }: GradedSubmission, paint: Paint): string {
  const mark = report.verdict === VERDICT.passed ? '✓' : '✗';
  const verdict = paint(VERDICT_STYLE[report.verdict], `${mark} ${report.verdict}`);
  const lines = [
    `${verdict}  ${paint('bold', oneLine(file))}  ${paint('dim', `(${formatDuration(report.durationMs)})`)}`,
    `${CHECK_INDENT}${oneLine(report.summary)}`,
    ...report.checks.flatMap((check) => formatCheck(check, paint)),
  ];
  const { lines: consoleLines, droppedLines } = report.console;
  const logged = consoleLines.length + droppedLines;
  if (logged > 0) {
    lines.push(paint('dim', `${CHECK_INDENT}console: ${logged} line${logged === 1 ? '' : 's'} (--format json or junit shows them)`));
  }
  return `${lines.join('\n')}\n`;
}

function formatCheck(check: CheckResult, paint: Paint): string[] {
  const { mark, style } = STATUS_MARK[check.status];
  return [
    `${CHECK_INDENT}${paint(style, mark)} ${oneLine(check.title)}`,
    `${DETAIL_INDENT}${oneLine(check.message)}`,
    ...(check.evidence ? [paint('dim', `${DETAIL_INDENT}${oneLine(describeEvidence(check.evidence))}`)] : []),
  ];
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Every string a submission can influence goes through here: control characters (which could clear the
 * screen or rewrite a line) become �, and line breaks become ↵, so that each report line starts with the
 * grader's own words and only the grader can write the summary line.
 */
function oneLine(text: string): string {
  return text
    .replace(/\r\n?|\n/g, ' ↵ ')
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '\uFFFD');
}
