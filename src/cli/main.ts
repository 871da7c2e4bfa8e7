/**
 * The instructors' command-line grader: grades files or folders of submissions with the page's judge,
 * each submission in its own worker thread, each against its own problem, and prints (or writes) text,
 * JSON, JUnit XML or GitHub Classroom's result.
 *
 * Exit code 0 when every submission passed, 1 when any did not (a path that could not be graded counts as
 * one that did not pass, with an entry of its own), 2 on a usage error, with a one-line reason on stderr.
 * `--help` says it all in more words (help.ts). Two entry points start it: `npm run grade` (grade.ts) and
 * the package's bin (bin/grade.js); they differ only in what relative paths are relative to.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { drawRunSeed } from '../core/run-seed.ts';
import { FORMAT, parseCommand, type Format } from './args.ts';
import { discoverSubmissions } from './discover.ts';
import { visible } from './escape.ts';
import { formatResults } from './formats/index.ts';
import { countVerdicts } from './formats/summary.ts';
import { gradeDiscovered, prepareBatch } from './grade-submission.ts';
import { helpText } from './help.ts';
import { formatProblemList } from './list.ts';
import { mapConcurrently } from './pool.ts';
import { loadGradingProblems, problemNamed } from './problems.ts';
import { startProgress } from './progress.ts';
import { UsageError } from './usage-error.ts';

export const EXIT_CODE = { allPassed: 0, notAllPassed: 1, usageError: 2 } as const;

/**
 * Runs one command. `base`: the directory relative paths (submissions and report files) are relative to.
 * Rejects only with a usage error or when the grader cannot start; see `start`.
 */
async function run(argv: readonly string[], base: string): Promise<number> {
  const command = parseCommand(argv);
  if (command.kind === 'help') {
    process.stdout.write(await helpText());
    return EXIT_CODE.allPassed;
  }
  const problems = await loadGradingProblems();
  if (command.kind === 'list') {
    process.stdout.write(formatProblemList(problems, command.format));
    return EXIT_CODE.allPassed;
  }
  if (problems.length === 0) throw new UsageError('there is no problem in src/problems');
  const forced = command.problem === null ? null : problemNamed(problems, command.problem);
  // One seed for the whole batch: every submission of a problem is graded on the same cases.
  const seed = command.seed ?? drawRunSeed();
  const batch = prepareBatch(problems, forced, seed);
  // Opened before anything is graded: a report that could not be written is a usage error, not a lost batch.
  const files = await openReportFiles(command.reports, base);
  try {
    const discovered = await discoverSubmissions(command.paths, base);
    const progress = startProgress(process.stderr, discovered.length, seed);
    const graded = await mapConcurrently(
      discovered,
      availableParallelism(),
      async (entry) => {
        const result = await gradeDiscovered(entry, batch);
        progress.finished(result);
        return result;
      },
      () => undefined,
    );
    progress.end();

    for (const { format, handle } of files) await handle.writeFile(formatResults(format, graded, { color: false, seed }));
    const onStdout = command.reports.find((report) => report.file === null);
    if (onStdout) {
      const color = onStdout.format === FORMAT.text && process.stdout.isTTY === true && !process.env.NO_COLOR;
      process.stdout.write(formatResults(onStdout.format, graded, { color, seed }));
    }
    return countVerdicts(graded).notPassed === 0 ? EXIT_CODE.allPassed : EXIT_CODE.notAllPassed;
  } finally {
    await Promise.all(files.map(({ handle }) => handle.close().catch(() => undefined)));
  }
}

async function openReportFiles(
  reports: readonly { readonly format: Format; readonly file: string | null }[],
  base: string,
): Promise<{ format: Format; handle: FileHandle }[]> {
  const opened: { format: Format; handle: FileHandle }[] = [];
  try {
    for (const { format, file } of reports) {
      if (file === null) continue;
      try {
        opened.push({ format, handle: await open(resolve(base, file), 'w') });
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException | null)?.code ?? String(error);
        throw new UsageError(`cannot write the ${format} report to '${file}' (${reason})`);
      }
    }
    return opened;
  } catch (error) {
    await Promise.all(opened.map(({ handle }) => handle.close().catch(() => undefined)));
    throw error;
  }
}

/** Runs the command line and sets the exit code; what both entry points call. */
export function start(argv: readonly string[], base: string): void {
  // A reader that stops early (`| head`) is not a failure of the grader.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  run(argv, base).then(
    (code) => {
      // Set rather than exit(): stdout may be a pipe still draining the report.
      process.exitCode = code;
    },
    (error: unknown) => {
      // A usage error (usage-error.ts), or the grader unable to start (a problem.json or course.json that
      // does not validate). The reason may quote what was typed: escaped like any text the grader did not write.
      const reason = error instanceof Error ? error.message : String(error);
      process.stderr.write(`grade: ${visible(reason.replace(/\s*\n\s*/g, ' '))}\n`);
      process.exitCode = EXIT_CODE.usageError;
    },
  );
}
