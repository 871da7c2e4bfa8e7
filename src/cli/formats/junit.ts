import { CHECK_STATUS, VERDICT, type ScoredCheckResult, type ScoredReport, type Verdict } from '../../core/report.ts';
import { visible } from '../escape.ts';
import type { GradedSubmission } from '../grade-submission.ts';
import { describeEvidence } from './evidence.ts';

/**
 * JUnit XML for CI test reports: a `<testsuite>` per submission (named by its file), a `<testcase>` per
 * check (classname: the problem; name: the check's title). A failed check is a `<failure>` when the
 * submission ran to the end (verdict `failed`), and an `<error>` when it could not be graded or was stopped
 * (verdict `error` or `timeout`): then the check did not fail an assertion, the run broke. A skipped check
 * is `<skipped/>`. The learner's console goes to the suite's `<system-out>`. A path that was not graded is
 * a suite like the others (its first check an `<error>` with the reason), with a `notGraded` property.
 * Each suite's properties carry the batch's seed, to replay it with `--seed`, and the submission's `score`
 * and `maxScore`; each test case's properties its check's `score` (earned) and `maxScore` (its worth), where
 * autograders that read JUnit look for points.
 */
export function formatJunit(graded: readonly GradedSubmission[], { seed }: { readonly seed: string }): string {
  const suites = graded.map((submission) => toSuite(submission, seed));
  const totals = suites.reduce(
    (sum, suite) => ({
      tests: sum.tests + suite.counts.tests,
      failures: sum.failures + suite.counts.failures,
      errors: sum.errors + suite.counts.errors,
      skipped: sum.skipped + suite.counts.skipped,
      ms: sum.ms + suite.counts.ms,
    }),
    { tests: 0, failures: 0, errors: 0, skipped: 0, ms: 0 },
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({ name: 'implicit-kata', ...countAttributes(totals) })}>`,
    ...suites.map((suite) => suite.xml),
    '</testsuites>',
    '',
  ].join('\n');
}

/** Times in whole milliseconds, so that the total's `time` is exactly the sum of the suites'. */
type Counts = { tests: number; failures: number; errors: number; skipped: number; ms: number };

/** The classname of the checks of a file no problem could be chosen for. */
const NO_PROBLEM_CLASSNAME = 'no-problem';

function toSuite({ file, problem, report, notGraded }: GradedSubmission, seed: string): { xml: string; counts: Counts } {
  const broken = report.verdict === VERDICT.error || report.verdict === VERDICT.timeout;
  const failedAs = broken ? 'error' : 'failure';
  const failed = report.checks.filter((check) => check.status === CHECK_STATUS.failed).length;
  const counts: Counts = {
    tests: report.checks.length,
    failures: broken ? 0 : failed,
    errors: broken ? failed : 0,
    skipped: report.checks.filter((check) => check.status === CHECK_STATUS.skipped).length,
    ms: Math.round(report.durationMs),
  };
  const lines = [
    `  <testsuite${attributes({ name: file, ...countAttributes(counts) })}>`,
    '    <properties>',
    `      <property${attributes({ name: 'verdict', value: report.verdict })}/>`,
    `      <property${attributes({ name: 'summary', value: report.summary })}/>`,
    `      <property${attributes({ name: 'seed', value: seed })}/>`,
    `      <property${attributes({ name: 'score', value: String(report.score) })}/>`,
    `      <property${attributes({ name: 'maxScore', value: String(report.maxScore) })}/>`,
    ...(notGraded ? [`      <property${attributes({ name: 'notGraded', value: notGraded.code })}/>`] : []),
    '    </properties>',
    ...report.checks.map((check) => testCase(check, report.verdict, problem ?? NO_PROBLEM_CLASSNAME, file, failedAs)),
    ...systemOut(report),
    '  </testsuite>',
  ];
  return { xml: lines.join('\n'), counts };
}

function testCase(check: ScoredCheckResult, verdict: Verdict, classname: string, file: string, failedAs: 'failure' | 'error'): string {
  const properties = [
    '      <properties>',
    `        <property${attributes({ name: 'score', value: String(check.points) })}/>`,
    `        <property${attributes({ name: 'maxScore', value: String(check.maxPoints) })}/>`,
    '      </properties>',
  ].join('\n');
  const open = `    <testcase${attributes({ classname, name: check.title, file })}>\n${properties}`;
  const close = '\n    </testcase>';
  switch (check.status) {
    case CHECK_STATUS.passed:
      return `${open}${close}`;
    case CHECK_STATUS.skipped:
      return `${open}\n      <skipped${attributes({ message: check.message })}/>${close}`;
    case CHECK_STATUS.failed: {
      const body = check.evidence ? `${check.message}\n${describeEvidence(check.evidence)}` : check.message;
      const element = `<${failedAs}${attributes({ message: check.message, type: verdict })}>${text(body)}</${failedAs}>`;
      return `${open}\n      ${element}${close}`;
    }
  }
}

function systemOut(report: ScoredReport): string[] {
  const { lines, droppedLines } = report.console;
  if (lines.length === 0 && droppedLines === 0) return [];
  const logged = lines.map((line) => `[${line.level}] ${line.text}`);
  if (droppedLines > 0) logged.push(`(${droppedLines} more lines dropped)`);
  return [`    <system-out>${text(logged.join('\n'))}</system-out>`];
}

function countAttributes(counts: Counts): Record<string, string> {
  return {
    tests: String(counts.tests),
    failures: String(counts.failures),
    errors: String(counts.errors),
    skipped: String(counts.skipped),
    time: (counts.ms / 1000).toFixed(3),
  };
}

function attributes(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([name, value]) => ` ${name}="${attribute(value)}"`)
    .join('');
}

/**
 * Learner text and file names as the text format shows them (escape.ts), line breaks kept: XML 1.0 forbids
 * most control characters, U+FFFE, U+FFFF and lone surrogates even as character references, and a CI page
 * would act on bidi controls and ANSI escapes; all of them are written as `\uXXXX`, so that the document
 * stays well-formed and inert.
 */
function text(value: string): string {
  return visible(value, { keepLineBreaks: true }).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** Line breaks and tabs as references: a parser would turn them into spaces inside an attribute. */
function attribute(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}
