/**
 * The instructors' command-line grader: grades files or folders of submissions with the page's judge,
 * each submission in its own worker thread, and prints text, JSON or JUnit XML.
 *
 *   npm run grade -- <file-or-folder>... [--problem <slug>] [--format text|json|junit] [--seed <seed>]
 *
 * Exit code 0 when every submission passed, 1 when any did not (a path that could not be graded counts as
 * one that did not pass, with an entry of its own), 2 on a usage error, with a one-line reason on stderr.
 * `--help` says it all in more words (help.ts).
 */
import { availableParallelism } from 'node:os';
import { drawRunSeed, withRunSeed } from '../core/run-seed.ts';
import { parseCommand } from './args.ts';
import { discoverSubmissions, invocationDirectory } from './discover.ts';
import { visible } from './escape.ts';
import { formatResults } from './formats/index.ts';
import { countVerdicts } from './formats/summary.ts';
import { gradeDiscovered, type Assignment } from './grade-submission.ts';
import { helpText } from './help.ts';
import { mapConcurrently } from './pool.ts';
import { chooseProblem, loadProblems } from './problems.ts';
import { startProgress } from './progress.ts';

const EXIT_CODE = { allPassed: 0, notAllPassed: 1, usageError: 2 } as const;

async function main(argv: readonly string[]): Promise<number> {
  const command = parseCommand(argv);
  if (command.kind === 'help') {
    process.stdout.write(await helpText());
    return EXIT_CODE.allPassed;
  }
  const { meta, grader } = chooseProblem(await loadProblems(), command.problem);
  // One seed for the whole batch: every submission is graded on the same cases.
  const seed = command.seed ?? drawRunSeed();
  const seeded = withRunSeed(meta, seed);
  const assignment: Assignment = { meta: seeded, grader, plan: grader.makePlan(seeded) };
  const discovered = await discoverSubmissions(command.paths, invocationDirectory());

  const progress = startProgress(process.stderr, discovered.length, seed);
  const graded = await mapConcurrently(
    discovered,
    availableParallelism(),
    async (entry) => {
      const result = await gradeDiscovered(entry, assignment);
      progress.finished(result);
      return result;
    },
    () => undefined,
  );
  progress.end();

  const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
  process.stdout.write(formatResults(command.format, graded, { color, seed }));
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
    // A usage error (usage-error.ts), or the grader unable to start (a problem.json that does not validate).
    // The reason may quote what was typed: escaped like any text the grader did not write.
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(`grade: ${visible(reason.replace(/\s*\n\s*/g, ' '))}\n`);
    process.exitCode = EXIT_CODE.usageError;
  },
);
