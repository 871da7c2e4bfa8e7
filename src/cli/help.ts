import { availableParallelism } from 'node:os';
import { USAGE } from './args.ts';
import { loadGradingProblems } from './problems.ts';
import { SUBMISSION_MAX_BYTES, SUBMISSION_MAX_MB } from './read-submission.ts';
import { SANDBOX_FOOTPRINT_CAP_MB } from '../worker/footprint.ts';
import { SANDBOX_HEAP_LIMIT_MB } from './sandbox.ts';

/** `--help` is read in terminals: no line of it is wider than this. */
export const HELP_WIDTH = 80;

/**
 * What `--help` prints: every option, format, exit code and limit, with the limits taken from the code
 * and the problems that enforce them rather than repeated here.
 */
export async function helpText(): Promise<string> {
  // The tensor cap lives with the sandbox's lockdown, which loads SES and tfjs-core: imported only here,
  // where nothing is graded afterwards.
  const { TENSOR_MEMORY_CAP_MB } = await import('../worker/harden.ts');
  let timeLimits: string[];
  let problemLines: string[];
  try {
    const problems = await loadGradingProblems();
    timeLimits = problems.map(({ meta }) => `${meta.slug}: ${formatSeconds(meta.timeLimitMs)}`);
    problemLines = wrapWords(
      problems.map(({ meta, inCourse }) => `${meta.slug} (${meta.entry}${inCourse ? '' : ', not in the course'})`).join(', '),
      '                     ',
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    timeLimits = [`(the problems could not be read: ${reason})`];
    problemLines = ['                     (none readable)'];
  }
  return `${[
    ...wrapUsage(`usage: ${USAGE}`),
    '',
    'Grades TypeScript submissions with the kata page\'s own judge, each in a',
    'fresh sandboxed worker thread, and prints one report on stdout.',
    '',
    'Paths',
    '  A file is graded whatever its extension. A folder stands for every .ts',
    '  file under it, sorted by path; hidden entries, node_modules and .d.ts',
    '  files are skipped. Relative paths are relative to the directory the',
    '  command was typed in (INIT_CWD under npm), and the report names each file',
    '  as typed, or under its folder as typed. Symbolic links named on the',
    '  command line are followed; those inside a folder are not. Every path gets',
    '  an entry: one that cannot be graded (missing, a link inside a folder, not',
    '  a regular file, too large, not UTF-8, unreadable, a folder without .ts',
    '  files) gets verdict `error` with the reason, and the others are graded.',
    '  The packed grader (npm pack) has a bin, implicit-kata-grade, that takes',
    '  the same arguments, its paths relative to the current directory.',
    '',
    'Options',
    '  --problem <slug>   grade every file against this problem. Without it, each',
    '                     file names its own: a first line `// problem: <slug>`',
    '                     (or one among the comments the file starts with);',
    '                     else the only problem there is; else the problem',
    "                     whose entry the file exports. A file that matches none",
    '                     or several is not graded (verdict error, the reason).',
    '                     The problems (the entry each exports):',
    ...problemLines,
    '  --format <format>[=<file>]',
    '                     text (default), json, junit or classroom; with =<file>',
    '                     the report is written to that file instead of stdout.',
    '                     Give it several times for several reports of one run;',
    '                     at most one goes to stdout.',
    '  --seed <seed>      draw the test cases from this seed, to replay a grade;',
    '                     by default each run draws a fresh one (one for the whole',
    '                     batch) and the report prints it. Same code, same seed:',
    "                     same cases. 1 to 64 characters of a-z, 0-9 and '-'",
    "                     ('-' not first).",
    '  --list             list the problems (slug, entry, points, time limit,',
    '                     whether course.json lists them), as text or, with',
    '                     --format json, JSON',
    '  -h, --help         this help',
    '',
    'Points',
    "  Each check is worth problem.json's `points` for its id, all or nothing. A",
    "  submission's score is the sum over its checks, out of the problem's total;",
    '  every format carries both.',
    '',
    'Formats',
    '  text   per submission its verdict, score and every check (✓ passed,',
    '         ✗ failed, – skipped) with its points, message and evidence; then the',
    '         total score; then the seed; then "N passed, M failed" alone on the',
    '         last line. Coloured on a terminal unless NO_COLOR is set.',
    '  json   one document: {"schemaVersion", "seed", "totals": {"submissions",',
    '         "passed", "failed", "score", "maxScore"}, "results": [{"file",',
    '         "problem", "passed", "score", "maxScore", "verdict", "summary",',
    '         "checks" (each with "points" and "maxPoints"), "console",',
    '         "durationMs", "notGraded"?}]}; NaN and Infinity as strings.',
    '  junit  JUnit XML: a <testsuite> per submission, a <testcase> per check; a',
    '         <failure> when the code ran and a check failed, an <error> when it',
    '         could not be graded or was stopped. Suite properties: verdict,',
    '         summary, seed, score, maxScore, notGraded; test case properties:',
    '         score, maxScore.',
    "  classroom  GitHub Classroom's autograding result: a test per check, its",
    "         score the check's points, max_score the batch's; base64 it into the",
    '         grading reporter (README, "Grading in GitHub Classroom or any CI").',
    '  File names and learner text are escaped in every format: control, ANSI and',
    '  bidi characters and U+2028/9 appear as \\uXXXX, a name\'s bytes that are',
    '  not UTF-8 as \\xXX, and (in text) line breaks as ↵.',
    '',
    'Exit codes',
    '  0  every submission passed',
    '  1  some did not: failed, error (including a path that could not be',
    '     graded) or timeout',
    '  2  a usage error, nothing graded: no path, an unknown option or format, an',
    '     invalid seed, an unknown --problem, a report file that cannot be',
    '     written (or a problem.json or course.json that does not validate); one',
    '     line on stderr',
    '',
    'Limits',
    "  time       each problem's timeLimitMs (the course file's: course.json, or",
    "             IMPLICIT_KATA_COURSE's; else problem.json's),",
    '             counted from when tfjs has loaded:',
    ...wrapWords(timeLimits.join('; '), '             '),
    `  file size  ${SUBMISSION_MAX_MB} MB (${SUBMISSION_MAX_BYTES} bytes) per submission; a larger file`,
    '             is an error entry and is never read',
    `  memory     per sandbox thread: ${SANDBOX_HEAP_LIMIT_MB} MB of JavaScript heap, ${TENSOR_MEMORY_CAP_MB} MB of tensors,`,
    `             ${SANDBOX_FOOTPRINT_CAP_MB} MB of heap and ArrayBuffers together; past any of them`,
    '             the run ends as an error, "ran out of memory"',
    `  threads    one sandbox per core at a time (${availableParallelism()} here)`,
    '',
    'Output',
    '  stdout holds only the report. stderr: on a terminal a "grading 3/12…" line',
    '  rewritten in place; otherwise a line with the count and the seed, then a',
    '  line per finished submission ("graded 3/12  failed   path"). Run it as',
    '  `npm run grade --silent -- ...` to keep npm\'s banner out of stdout.',
  ].join('\n')}\n`;
}

/** The usage line, broken before an option where it would be wider than HELP_WIDTH. */
function wrapUsage(usage: string): string[] {
  const indent = ' '.repeat(usage.indexOf('--') + 3);
  const lines: string[] = [];
  let line = '';
  for (const part of usage.split(/ (?=\[)/)) {
    const next = line === '' ? part : `${line} ${part}`;
    if (line !== '' && next.length > HELP_WIDTH) {
      lines.push(line);
      line = `${indent}${part}`;
    } else {
      line = next;
    }
  }
  return [...lines, line];
}

/** Words in lines no wider than HELP_WIDTH, each starting with `indent`. */
function wrapWords(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = indent;
  for (const word of text.split(' ')) {
    const next = line === indent ? `${indent}${word}` : `${line} ${word}`;
    if (line !== indent && next.length > HELP_WIDTH) {
      lines.push(line);
      line = `${indent}${word}`;
    } else {
      line = next;
    }
  }
  return [...lines, line];
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
