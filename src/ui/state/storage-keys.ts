/**
 * How the learner's records are named in localStorage: pure functions, without the records' schemas, so that
 * the page's boot script (src/ui/prerender/boot.ts), which runs before anything else, can find the saved code
 * with the same names as the page. storage.ts says why keys carry a deployment's path and a course's id.
 */
export const APP_PREFIX = 'implicit-kata:';

/** Which deployment of which course the keys belong to. */
export type StorageScope = {
  /** The directory of the page's URL, e.g. `/course/a/`: always begins and ends with `/`. */
  readonly path: string;
  /** From the course's title (`courseIdOf`): no `/` and no `:`. */
  readonly courseId: string;
};

/** The kinds of record, each one key per name (a problem's slug, a splitter group's id). */
export type RecordKind = 'problem' | 'last-run' | 'layout' | 'versions';

/**
 * The deployment's path: the directory the page was loaded from, as the build's relative URLs and the service
 * worker's scope see it. The query and the hash (where routes live) are not part of it, nor is `index.html`.
 */
export function deploymentPathOf(href: string | undefined): string {
  if (!href) return '/';
  try {
    return new URL('./', href).pathname;
  } catch {
    return '/';
  }
}

/**
 * A course's id, from its title: lower-case letters and digits in runs joined by `-` ("Implicit diff, 2025" is
 * `implicit-diff-2025`). A title with neither letters nor digits gets a hash of itself. Renaming the course in
 * course.json starts its learners afresh: the id is what tells two courses apart on one path.
 */
export function courseIdOf(title: string): string {
  const words = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
  return words.length > 0 ? words.join('-') : `course-${fnv1a(title)}`;
}

/** 32-bit FNV-1a of the text's UTF-16 code units, in hex: a stable name, not a secret. */
export function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** `implicit-kata:/course/a/:implicit-kata:problem:fixed-point-sqrt`. */
export function scopedKey(scope: StorageScope, kind: RecordKind, name: string): string {
  return `${APP_PREFIX}${scope.path}:${scope.courseId}:${kind}:${name}`;
}

