import { constants, type Stats } from 'node:fs';
import { lstat, open, stat, type FileHandle } from 'node:fs/promises';
import type { Candidate } from './discover.ts';
import { firstInvalidUtf8 } from './escape.ts';
import { describeFileError, describeFileType, NOT_GRADED, symlinkNotFollowed, type NotGraded } from './not-graded.ts';

/** The largest submission the grader reads, in MB of 2^20 bytes: far past any honest solution. */
export const SUBMISSION_MAX_MB = 1;
/**
 * The largest submission the grader reads, in bytes. A larger file gets an `error` entry without being read
 * whole or parsed: the parent re-parses a submission with a syntax error (src/cli/syntax.ts), and TypeScript
 * on tens of MB takes a minute and gigabytes, which would stall or sink the whole batch.
 */
export const SUBMISSION_MAX_BYTES = SUBMISSION_MAX_MB * 2 ** 20;

export type Submission = {
  /** How the reports name the submission (see `Candidate.name`). */
  readonly file: string;
  readonly source: string;
};

export type ReadResult = { readonly kind: 'read'; readonly submission: Submission } | { readonly kind: 'not-graded'; readonly notGraded: NotGraded };

// Linux and macOS have both; where one is missing, its check below (fstat after opening) still holds.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

/**
 * Reads a candidate's source, or says why it will not be graded. Only regular files are read, never past
 * `SUBMISSION_MAX_BYTES` + 1 bytes, and only UTF-8 text is accepted (decoding is fatal: a file in another
 * encoding would otherwise be graded as whatever U+FFFD makes of it).
 *
 * Race-free where it matters: the type and size are checked on the opened file itself (fstat), the open
 * does not block on a named pipe (O_NONBLOCK) and, inside a folder, does not follow a link (O_NOFOLLOW);
 * a file that grows after the check still stops at the limit. The `stat` before opening only keeps the
 * grader from opening what it would refuse anyway (a device may act on open).
 */
export async function readSubmission(candidate: Candidate): Promise<ReadResult> {
  const refuse = (notGraded: NotGraded): ReadResult => ({ kind: 'not-graded', notGraded });
  const fileError = (error: unknown) => refuse(describeFileError(error, candidate));
  let before: Stats;
  try {
    before = await (candidate.followLinks ? stat : lstat)(candidate.path);
  } catch (error) {
    return fileError(error);
  }
  const notReadable = refusal(before, candidate);
  if (notReadable) return refuse(notReadable);

  let handle: FileHandle;
  try {
    handle = await open(candidate.path, OPEN_FLAGS | (candidate.followLinks ? 0 : NO_FOLLOW));
  } catch (error) {
    return fileError(error);
  }
  try {
    const opened = await handle.stat();
    const changed = refusal(opened, candidate);
    if (changed) return refuse(changed);
    const bytes = await readAtMost(handle, SUBMISSION_MAX_BYTES + 1);
    if (bytes.length > SUBMISSION_MAX_BYTES) return refuse(tooLarge(null));
    const invalid = firstInvalidUtf8(bytes);
    if (invalid >= 0) return refuse(notUtf8(bytes, invalid));
    // A byte-order mark is not part of the code (TextDecoder drops it by default).
    const source = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { kind: 'read', submission: { file: candidate.name, source } };
  } catch (error) {
    return fileError(error);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Why a file with these stats is not read, or null when it is. */
function refusal(stats: Stats, candidate: Candidate): NotGraded | null {
  if (stats.isSymbolicLink() && !candidate.followLinks) return symlinkNotFollowed();
  if (!stats.isFile()) return { code: NOT_GRADED.notAFile, reason: `it is ${describeFileType(stats)}, not a regular file` };
  if (stats.size > SUBMISSION_MAX_BYTES) return tooLarge(stats.size);
  return null;
}

/** The reason for a file over the limit: its size, or null when it grew past the limit while read. */
export function tooLarge(size: number | null): NotGraded {
  const measured = size === null ? 'it grew past' : `it is ${size} bytes, over`;
  return {
    code: NOT_GRADED.tooLarge,
    reason: `${measured} the ${SUBMISSION_MAX_MB} MB (${SUBMISSION_MAX_BYTES}-byte) limit for a submission, so it was not read`,
  };
}

function notUtf8(bytes: Uint8Array, offset: number): NotGraded {
  let line = 1;
  for (let index = 0; index < offset; index++) if (bytes[index] === 0x0a) line++;
  const byte = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0');
  return {
    code: NOT_GRADED.notUtf8,
    reason: `it is not UTF-8 text (byte 0x${byte} at offset ${offset}, line ${line}): save it as UTF-8`,
  };
}

/** Up to `limit` bytes from the start of the file, fewer at its end. */
async function readAtMost(handle: FileHandle, limit: number): Promise<Uint8Array> {
  const buffer = Buffer.alloc(limit);
  let filled = 0;
  while (filled < limit) {
    const { bytesRead } = await handle.read(buffer, filled, limit - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}
