import type { Stats } from 'node:fs';
import { CHECK_STATUS, REPORT_SCHEMA_VERSION, scoreChecks, VERDICT, type CheckResult } from '../core/report.ts';
import type { Assignment, GradedSubmission } from './grade-submission.ts';

/** Why a path given to the grader was not graded: what it found there, or what stopped it. */
export const NOT_GRADED = {
  /** A path named on the command line that does not exist. */
  missing: 'missing',
  /** A file found in a folder that was gone when its turn came to be read. */
  vanished: 'vanished',
  /** A symbolic link inside a folder: not followed. */
  symlink: 'symlink',
  /** A named pipe, socket, device or folder where a file was expected. */
  notAFile: 'not-a-file',
  /** Over `SUBMISSION_MAX_BYTES`: never read, let alone parsed. */
  tooLarge: 'too-large',
  /** Contents that are not UTF-8 text. */
  notUtf8: 'not-utf8',
  /** The system refused to read it (permission, I/O error, a name too long, a loop of links...). */
  unreadable: 'unreadable',
  /** A folder named on the command line with no `.ts` file under it. */
  emptyFolder: 'empty-folder',
  /** Its `// problem: <slug>` line names a problem that does not exist. */
  unknownProblem: 'unknown-problem',
  /** Without --problem or a `// problem:` line, it exports no problem's entry. */
  noMatchingProblem: 'no-matching-problem',
  /** Without --problem or a `// problem:` line, it exports the entry of several problems. */
  ambiguousProblem: 'ambiguous-problem',
  /** The grader itself failed on this submission: a bug to report, which the other submissions survive. */
  graderFailed: 'grader-failed',
} as const;
export type NotGradedCode = (typeof NOT_GRADED)[keyof typeof NOT_GRADED];

export type NotGraded = {
  readonly code: NotGradedCode;
  /** A clause that follows "Not graded: ", without the final period: "it is a symbolic link, ...". */
  readonly reason: string;
};

/** The id of the one check of an entry that no problem could be chosen for. */
export const PROBLEM_CHECK_ID = 'problem';

/**
 * The entry of a path that was not graded. It has a report like every other entry, so that every format
 * shows it and every consumer of the report contract can read it: verdict `error`, no points, and an empty
 * console and no time. Against a known problem (--problem, or the only one), the problem's first check fails
 * with the reason and every other is skipped, so that the entry's maximum score is the problem's. When no
 * problem could be chosen (`assignment` null), it has one check of its own, `problem`, worth nothing, and
 * the entry's `problem` is null.
 */
export function notGradedEntry(file: string, notGraded: NotGraded, assignment: Assignment | null, seed: string): GradedSubmission {
  const message = `Not graded: ${notGraded.reason}.`;
  const checks: CheckResult[] = assignment
    ? assignment.grader.checks.map((spec, index) =>
        index === 0
          ? { id: spec.id, title: spec.title, status: CHECK_STATUS.failed, message }
          : { id: spec.id, title: spec.title, status: CHECK_STATUS.skipped, message: 'Not run: the file was not graded.' },
      )
    : [{ id: PROBLEM_CHECK_ID, title: 'The problem it solves is known', status: CHECK_STATUS.failed, message }];
  const scored = scoreChecks(assignment?.meta.points ?? {}, checks);
  return {
    file,
    problem: assignment?.meta.slug ?? null,
    report: {
      schemaVersion: REPORT_SCHEMA_VERSION,
      problem: assignment?.meta.slug ?? '',
      seed: assignment?.plan.seed ?? seed,
      verdict: VERDICT.error,
      summary: message,
      checks: scored.checks,
      console: { lines: [], droppedLines: 0 },
      durationMs: 0,
      score: scored.score,
      maxScore: scored.maxScore,
    },
    notGraded,
  };
}

/**
 * A file-system error as a reason. `listed`: the path was found by listing a folder (so ENOENT means it
 * vanished since) rather than named on the command line (so ENOENT means it never existed).
 */
export function describeFileError(error: unknown, { listed, followLinks }: { readonly listed: boolean; readonly followLinks: boolean }): NotGraded {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return listed
        ? { code: NOT_GRADED.vanished, reason: 'it was there when the grader listed it, and gone when it was to be read' }
        : { code: NOT_GRADED.missing, reason: 'there is no such file or folder' };
    case 'EACCES':
    case 'EPERM':
      return { code: NOT_GRADED.unreadable, reason: 'permission denied' };
    case 'ELOOP':
      return followLinks
        ? { code: NOT_GRADED.unreadable, reason: 'too many levels of symbolic links (a loop of links?)' }
        : symlinkNotFollowed();
    case 'ENAMETOOLONG':
      return { code: NOT_GRADED.unreadable, reason: 'its name is too long for the file system' };
    case 'EISDIR':
      return { code: NOT_GRADED.notAFile, reason: 'it is a folder, not a file' };
    case 'EIO':
      return { code: NOT_GRADED.unreadable, reason: 'the file system reported an I/O error (EIO)' };
    default: {
      const detail = code ?? (error instanceof Error ? error.message : String(error));
      return { code: NOT_GRADED.unreadable, reason: `the system could not read it (${detail})` };
    }
  }
}

export function symlinkNotFollowed(): NotGraded {
  return {
    code: NOT_GRADED.symlink,
    reason: 'it is a symbolic link, which the grader does not follow inside a folder (name its target instead)',
  };
}

/** What `stat` says a non-regular file is, in words. */
export function describeFileType(stats: Pick<Stats, 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice' | 'isDirectory' | 'isSymbolicLink'>): string {
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isDirectory()) return 'a folder';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  return 'an entry of an unknown kind';
}
