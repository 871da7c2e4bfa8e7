/**
 * The instructors' command-line grader: grades files or folders of submissions with the page's judge,
 * each submission in its own worker thread, and prints text, JSON or JUnit XML.
 *
 *   npm run grade -- <file-or-folder>... [--problem <slug>] [--format text|json|junit]
 *
 * Exit code 0 when every submission passed, 1 when any did not, 2 when nothing could be graded (a usage
 * or I/O error), with a one-line reason on stderr.
 */
import { availableParallelism } from 'node:os';
import { graderFor } from '../core/graders/index.ts';
import { parseCommand, USAGE } from './args.ts';
import { readSubmissions } from './discover.ts';
import { formatResults } from './formats/index.ts';
import { countVerdicts } from './formats/summary.ts';
import { gradeSubmission, type Assignment } from './grade-submission.ts';
import { mapConcurrently } from './pool.ts';
import { chooseProblem, loadProblems } from './problems.ts';
import { progressLine } from './progress.ts';

const EXIT_CODE = { allPassed: 0, notAllPassed: 1, cannotGrade: 2 } as const;

async function main(argv: readonly string[]): Promise<number> {
  const command = parseCommand(argv);
  if (command.kind === 'help') {
    process.stdout.write(`usage: ${USAGE}\n`);
    return EXIT_CODE.allPassed;
  }
  const { meta } = chooseProblem(await loadProblems(), command.problem);
  const grader = graderFor(meta.grader);
  const assignment: Assignment = { meta, grader, plan: grader.makePlan(meta) };
  const submissions = await readSubmissions(command.paths);

  const progress = progressLine(process.stderr, submissions.length);
  const graded = await mapConcurrently(
    submissions,
    availableParallelism(),
    (submission) => gradeSubmission(submission, assignment),
    (finished) => progress.update(finished),
  );
  progress.clear();

  const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
  process.stdout.write(formatResults(command.format, graded, { color }));
  return countVerdicts(graded).notPassed === 0 ? EXIT_CODE.allPassed : EXIT_CODE.notAllPassed;
}

// A reader that stops early (`| head`) is not a failure of the grader.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    // Set rather than exit(): stdout may be a pipe still draining the report.
    process.exitCode = code;
  },
  (error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(`grade: ${reason.replace(/\s*\n\s*/g, ' ')}\n`);
    process.exitCode = EXIT_CODE.cannotGrade;
  },
);
