/**
 * The learner's work in localStorage, one record per problem. The record carries a format version so a
 * later release can read (or migrate) what an earlier one wrote, and the starter it was based on, so a
 * new release with a new starter can offer it without overwriting the learner's code.
 *
 * localStorage is one per origin, and one host may serve several deployments (`/course/a/`, `/course/b/`),
 * each its own section or its own course: every key carries the deployment's path and the course's id, so
 * they keep their work apart. Keys of the releases before that carried neither; see `migrateLegacyKeys`.
 */
import * as v from 'valibot';
import courseJson from '../../../course.json';
import { parseCourse } from '../../core/course.ts';

export const STORAGE_FORMAT_VERSION = 1;
export { courseIdOf, deploymentPathOf, fnv1a, scopedKey, type RecordKind, type StorageScope } from './storage-keys.ts';
import { APP_PREFIX, courseIdOf, deploymentPathOf, scopedKey, type RecordKind, type StorageScope } from './storage-keys.ts';

/** Where releases before per-deployment keys kept each record: one key per origin. */
export function legacyKey(kind: RecordKind, name: string): string {
  return kind === 'layout' ? `react-resizable-panels:${APP_PREFIX}layout:${name}` : `${APP_PREFIX}${kind}:${name}`;
}

/**
 * Moves a record from its legacy key to this scope's, once: when the scope has no record of its own yet, the
 * legacy one is written there and removed. So the first deployment on the origin to read it takes it, and no
 * other ever sees it again. The legacy key says nothing of which deployment wrote it, and before this release
 * every deployment on the host read and wrote that same record: giving it to one is the best that can be
 * done, and the usual case (one deployment per host) gets exactly its own work back. Copying it instead would
 * hand last term's code to every section opened on the host from now on. A scope that already has a record
 * leaves the legacy one alone (an old build still open in another deployment's tab may have just written it).
 * Returns whether a record was moved. Never throws.
 */
export function migrateLegacyKey(target: Storage | null, scope: StorageScope, kind: RecordKind, name: string): boolean {
  if (!target) return false;
  try {
    const key = scopedKey(scope, kind, name);
    const legacy = legacyKey(kind, name);
    const old = target.getItem(legacy);
    if (old === null || target.getItem(key) !== null) return false;
    target.setItem(key, old);
    // Removed only once the copy is in: a full storage keeps the legacy record where it was.
    target.removeItem(legacy);
    return true;
  } catch {
    return false;
  }
}

/** The scope of a page of this build at `href`. */
export function scopeOf(href: string | undefined): StorageScope {
  return { path: deploymentPathOf(href), courseId: courseIdOf(parseCourse(courseJson).title) };
}

/** The deployment and course this page is: read once, the page's URL does not change directory. */
let currentScope: StorageScope | undefined;
export function pageScope(): StorageScope {
  currentScope ??= scopeOf(globalThis.location?.href);
  return currentScope;
}

/** The JSON of one of this page's records, migrated from its legacy key if need be; undefined when none. */
export function readRecord(kind: RecordKind, name: string): unknown {
  const scope = pageScope();
  migrateLegacyKey(storage(), scope, kind, name);
  return readStored(scopedKey(scope, kind, name));
}

/** Writes one of this page's records; false when the browser refused. */
export function writeRecord(kind: RecordKind, name: string, value: unknown): boolean {
  return writeStored(scopedKey(pageScope(), kind, name), value);
}

const SavedWorkSchema = v.object({
  format: v.literal(STORAGE_FORMAT_VERSION),
  code: v.string(),
  /** The starter code the learner began from, to tell when a release changed it. */
  starter: v.string(),
  solved: v.boolean(),
  hintsRevealed: v.pipe(v.number(), v.integer(), v.minValue(0)),
  savedAt: v.string(),
});
export type SavedWork = v.InferOutput<typeof SavedWorkSchema>;

/** localStorage may be missing, full, or forbidden (private modes, sandboxed iframes): never throw. */
export function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** The JSON stored under `key`, or undefined when there is none or it cannot be read. Never throws. */
export function readStored(key: string): unknown {
  try {
    const raw = storage()?.getItem(key);
    return raw ? (JSON.parse(raw) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

/** Stores `value` as JSON; false when the browser refused (full, forbidden). Never throws. */
export function writeStored(key: string, value: unknown): boolean {
  try {
    const target = storage();
    if (!target) return false;
    target.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

export function loadWork(slug: string): SavedWork | null {
  const parsed = v.safeParse(SavedWorkSchema, readRecord('problem', slug));
  return parsed.success ? parsed.output : null;
}

/** Returns false when the browser refused to store it, so the page can say the work is not saved. */
export function saveWork(slug: string, work: Omit<SavedWork, 'format' | 'savedAt'>): boolean {
  const record: SavedWork = { format: STORAGE_FORMAT_VERSION, ...work, savedAt: new Date().toISOString() };
  return writeRecord('problem', slug, record);
}
