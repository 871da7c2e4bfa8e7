import { useCallback, useEffect, useRef, useState } from 'react';
import { scopedKey, pageScope } from './storage.ts';
import { useAnnouncement } from './useAnnouncement.ts';
import {
  loadVersions,
  onVersionsTrimmed,
  saveVersions,
  withVerdict,
  withVersion,
  type Version,
  type VersionReason,
  type VersionVerdict,
} from './versions.ts';

export type VersionsState = {
  /** Oldest first. */
  versions: readonly Version[];
  /**
   * Keeps `code` as a version: a Run's, or the code something is about to replace. The untouched starter is
   * not kept when replaced (Reset brings it back), only when Run.
   */
  keep(reason: VersionReason, code: string): void;
  /** Gives the newest version of `code` the verdict of its Run. */
  judged(code: string, verdict: VersionVerdict): void;
  /** Keeps `current` as a version, then puts the version's code in the editor through `apply`. */
  restore(version: Version, current: string, apply: (code: string) => void): void;
  /** Read out politely after a restore. */
  announcement: string;
};

/**
 * The problem's versions, from storage. Each change reads the stored list afresh before writing it, so that
 * two tabs of one problem add to one list rather than overwrite each other's; where the browser refuses
 * storage, the list lives as long as the page.
 */
export function useVersions(slug: string, starter: string): VersionsState {
  const [versions, setVersions] = useState<readonly Version[]>(() => loadVersions(slug));
  const inMemory = useRef<readonly Version[] | null>(null);

  const update = useCallback(
    (change: (list: readonly Version[]) => Version[]) => {
      const next = change(inMemory.current ?? loadVersions(slug));
      const written = saveVersions(slug, next);
      inMemory.current = written === null ? next : null;
      setVersions(written ?? next);
    },
    [slug],
  );

  const keep = useCallback(
    (reason: VersionReason, code: string) => {
      if (reason !== 'run' && code === starter) return;
      update((list) => withVersion(list, { code, reason, savedAt: new Date().toISOString() }));
    },
    [starter, update],
  );
  const judged = useCallback(
    (code: string, verdict: VersionVerdict) => update((list) => withVerdict(list, code, verdict)),
    [update],
  );

  const { announcement, announce } = useAnnouncement();
  const restore = useCallback(
    (version: Version, current: string, apply: (code: string) => void) => {
      keep('restore', current);
      apply(version.code);
      announce('Version restored. Your code from before is kept as a version; Ctrl+Z in the editor undoes the restore.');
    },
    [announce, keep],
  );

  // Another tab of the course kept a version of this problem: the list shows it too.
  useEffect(() => {
    const key = scopedKey(pageScope(), 'versions', slug);
    const onStorage = (event: StorageEvent) => {
      if (event.key === key && inMemory.current === null) setVersions(loadVersions(slug));
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [slug]);

  // Saving the code made room by dropping old versions: the list shows what is left.
  useEffect(
    () =>
      onVersionsTrimmed((trimmed) => {
        if (trimmed === slug && inMemory.current === null) setVersions(loadVersions(slug));
      }),
    [slug],
  );

  return { versions, keep, judged, restore, announcement };
}
