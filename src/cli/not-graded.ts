import type { Stats } from 'node:fs';
import { CHECK_STATUS, REPORT_SCHEMA_VERSION, VERDICT, type CheckResult, type Report } from '../core/report.ts';
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
  /** The grader itself failed on this submission: a bug to report, which the other submissions survive. */
  graderFailed: 'grader-failed',
} as const;
export type NotGradedCode = (typeof NOT_GRADED)[keyof typeof NOT_GRADED];

export type NotGraded = {
  readonly code: NotGradedCode;
  /** A clause that follows "Not graded: ", without the final period: "it is a symbolic link, ...". */
  readonly reason: string;
};

/**
 * The entry of a path that was not graded. It has a report like every other entry, so that every format
 * shows it and every consumer of the report contract can read it: verdict `error`, the problem's first check
 * failed with the reason, every other check skipped, an empty console and no time.
 */
export function notGradedEntry(file: string, notGraded: NotGraded, assignment: Assignment): GradedSubmission {
  const { meta, grader, plan } = assignment;
  const message = `Not graded: ${notGraded.reason}.`;
  const checks = grader.checks.map(
    (spec, index): CheckResult =>
      index === 0
        ? { id: spec.id, title: spec.title, status: CHECK_STATUS.failed, message }
        : { id: spec.id, title: spec.title, status: CHECK_STATUS.skipped, message: 'Not run: the file was not graded.' },
  );
  const report: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    problem: meta.slug,
    seed: plan.seed,
    verdict: VERDICT.error,
    summary: message,
    checks,
    console: { lines: [], droppedLines: 0 },
    durationMs: 0,
  };
  return { file, report, notGraded };
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
