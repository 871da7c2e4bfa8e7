/**
 * Earlier versions of the learner's code, per problem: each version that was Run (with its verdict once
 * judged) and each one that something else replaced in the editor (a shared link, Reset, Open file, a new
 * starter, restoring another version). Kept per deployment and course, as the code is (storage.ts), read back
 * through a schema entry by entry: one entry an older release wrote differently costs that entry, not the list.
 *
 * Capped in count and in bytes, the oldest dropped first: localStorage is one small quota per origin, shared by
 * every problem and every deployment on the host, and the code itself comes first: when it cannot be written,
 * this problem's versions give up their room, oldest first (saveWorkMakingRoom).
 */
import * as v from 'valibot';
import { VERDICT, type Verdict } from '../../core/report.ts';
import { readRecord, saveWork, writeRecord, type SavedWork } from './storage.ts';

const VERSIONS_FORMAT = 1;

/** The most versions kept per problem. */
export const VERSIONS_MAX_COUNT = 30;
/**
 * The most code kept per problem, in bytes as browsers hold localStorage's strings (two per UTF-16 code
 * unit): with four problems, about 1 MB of an origin's usual 5 to 10 MB.
 */
export const VERSIONS_MAX_BYTES = 256 * 1024;

/** What put a version in the list: a Run, or what replaced that code in the editor. */
export const VERSION_REASONS = ['run', 'shared-link', 'reset', 'open-file', 'new-starter', 'restore'] as const;
export type VersionReason = (typeof VERSION_REASONS)[number];

/** A version's verdict is its Run's: the report's own, so a verdict added there is read back here too. */
export const VERSION_VERDICTS = Object.values(VERDICT);
export type VersionVerdict = Verdict;

const VersionSchema = v.object({
  code: v.string(),
  savedAt: v.pipe(v.string(), v.isoTimestamp()),
  reason: v.picklist(VERSION_REASONS),
  verdict: v.optional(v.picklist(VERSION_VERDICTS)),
});
export type Version = v.InferOutput<typeof VersionSchema>;

const VersionsRecordSchema = v.object({ format: v.literal(VERSIONS_FORMAT), versions: v.array(v.unknown()) });

/** What one version costs in storage, as VERSIONS_MAX_BYTES counts it. */
export function versionBytes(version: Pick<Version, 'code'>): number {
  return version.code.length * 2;
}

/** The newest versions that fit both caps, oldest first; a version too large for the byte cap alone is not kept. */
export function capped(versions: readonly Version[]): Version[] {
  const kept: Version[] = [];
  let bytes = 0;
  for (let i = versions.length - 1; i >= 0 && kept.length < VERSIONS_MAX_COUNT; i--) {
    const version = versions[i];
    if (!version) continue;
    const size = versionBytes(version);
    if (bytes + size > VERSIONS_MAX_BYTES) {
      // A version too large on its own is skipped; otherwise the older ones no longer fit either.
      if (kept.length === 0 && size > VERSIONS_MAX_BYTES) continue;
      break;
    }
    kept.push(version);
    bytes += size;
  }
  return kept.reverse();
}

/**
 * The list with `version` added as the newest. The same code as the newest version is kept once: a Run's
 * version stays as it is when something then replaces that code (the learner looks for "Run, passed", not
 * "replaced by Reset"); otherwise the newest time and reason win. The verdict stays unless the new version has
 * its own: it is about the code, which has not changed.
 */
export function withVersion(versions: readonly Version[], version: Version): Version[] {
  const newest = versions.at(-1);
  if (newest && newest.code === version.code) {
    const base = newest.reason === 'run' && version.reason !== 'run' ? newest : version;
    const verdict = version.verdict ?? newest.verdict;
    const merged: Version = verdict === undefined ? { ...base } : { ...base, verdict };
    if (verdict === undefined) delete merged.verdict;
    return capped([...versions.slice(0, -1), merged]);
  }
  return capped([...versions, version]);
}

/** The list with the newest version of `code` given its verdict: a Run's report lands on the version it ran. */
export function withVerdict(versions: readonly Version[], code: string, verdict: VersionVerdict): Version[] {
  const index = versions.findLastIndex((version) => version.code === code);
  if (index === -1) return [...versions];
  return versions.map((version, i) => (i === index ? { ...version, verdict } : version));
}

/** The problem's versions, oldest first; none when there is no record or it is not one this release reads. */
export function loadVersions(slug: string): Version[] {
  const record = v.safeParse(VersionsRecordSchema, readRecord('versions', slug));
  if (!record.success) return [];
  const versions = record.output.versions.flatMap((entry) => {
    const parsed = v.safeParse(VersionSchema, entry);
    return parsed.success ? [parsed.output] : [];
  });
  // A later release may keep more: this one keeps to its own caps.
  return capped(versions);
}

/**
 * Writes the list; when the browser's storage is full, drops the oldest versions until it fits, down to none.
 * Returns what was written, or null when even that was refused (forbidden storage).
 */
export function saveVersions(slug: string, versions: readonly Version[]): Version[] | null {
  let list = capped(versions);
  for (;;) {
    if (writeRecord('versions', slug, { format: VERSIONS_FORMAT, versions: list })) return list;
    if (list.length === 0) return null;
    list = list.slice(Math.max(1, Math.floor(list.length / 4)));
  }
}

/** The first line, 1-based, where two texts differ; null when they are the same. */
export function firstDifferentLine(a: string, b: string): number | null {
  if (a === b) return null;
  const left = a.split('\n');
  const right = b.split('\n');
  let line = 0;
  while (line < left.length && line < right.length && left[line] === right[line]) line++;
  return line + 1;
}

/** Told the slug whose stored versions saveWorkMakingRoom trimmed, so that a list on show reads them again. */
const trimListeners = new Set<(slug: string) => void>();

export function onVersionsTrimmed(listener: (slug: string) => void): () => void {
  trimListeners.add(listener);
  return () => {
    trimListeners.delete(listener);
  };
}

/**
 * Saves the code as saveWork does; when the storage is full, drops this problem's versions one at a time,
 * oldest first, until the code fits. A version is worth less than the code the learner is typing now: without
 * this, 30 old versions could leave the page saying "Not saved". False, the versions as they were, when even
 * with none the code does not fit, or storage is refused.
 */
export function saveWorkMakingRoom(slug: string, work: Omit<SavedWork, 'format' | 'savedAt'>): boolean {
  if (saveWork(slug, work)) return true;
  const stored = loadVersions(slug);
  let list = stored;
  let saved = false;
  while (list.length > 0 && !saved) {
    list = list.slice(1);
    // A shorter list takes less room than the one stored: writing it cannot run out of it.
    if (!writeRecord('versions', slug, { format: VERSIONS_FORMAT, versions: list })) break;
    saved = saveWork(slug, work);
  }
  if (list.length === stored.length) return saved;
  if (!saved) {
    // Not even every version's room was enough: losing them would buy nothing. They go back in the room
    // they had, which the code did not take.
    writeRecord('versions', slug, { format: VERSIONS_FORMAT, versions: stored });
    return false;
  }
  for (const listener of trimListeners) listener(slug);
  return true;
}
