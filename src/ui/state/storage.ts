/**
 * The learner's work in localStorage, one record per problem. The record carries a format version so a
 * later release can read (or migrate) what an earlier one wrote, and the starter it was based on, so a
 * new release with a new starter can offer it without overwriting the learner's code.
 */
import * as v from 'valibot';

export const STORAGE_FORMAT_VERSION = 1;
const KEY_PREFIX = 'implicit-kata:problem:';

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
  const parsed = v.safeParse(SavedWorkSchema, readStored(KEY_PREFIX + slug));
  return parsed.success ? parsed.output : null;
}

/** Returns false when the browser refused to store it, so the page can say the work is not saved. */
export function saveWork(slug: string, work: Omit<SavedWork, 'format' | 'savedAt'>): boolean {
  const record: SavedWork = { format: STORAGE_FORMAT_VERSION, ...work, savedAt: new Date().toISOString() };
  return writeStored(KEY_PREFIX + slug, record);
}
