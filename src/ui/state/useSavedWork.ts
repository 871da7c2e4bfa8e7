import { useCallback, useEffect, useRef, useState } from 'react';
import { registerPendingWrites } from './pendingWrites.ts';
import { loadWork, type SavedWork } from './storage.ts';
import { saveWorkMakingRoom } from './versions.ts';
import { openingCode } from './opening-code.ts';

/**
 * A change is written to storage at most this long after it is made, with every change made meanwhile: writes
 * are batched, not skipped, and flushed at once when the page is hidden or closed and before a Run.
 */
export const SAVE_DELAY_MS = 300;

export type SavedWorkState = {
  /** The code to open the editor with: the saved work, or the starter. Read once, at mount. */
  initialCode: string;
  /** The latest code the editor reported. */
  currentCode(): string;
  /** Tells that the editor's code changed; it is saved within SAVE_DELAY_MS, or sooner by `flush`. */
  codeChanged(code: string): void;
  /** Writes what is pending now. */
  flush(): void;
  solved: boolean;
  markSolved(): void;
  hintsRevealed: number;
  revealHint(): void;
  /** False when the browser refuses local storage; the page says the work is not saved. */
  saved: boolean;
  /**
   * Set when this release's starter differs from the one the learner began from and they have changed
   * it: they keep their code and are offered the new starter, never forced onto it.
   */
  newStarter: string | null;
  /** Closes the offer; the page puts the new starter into the editor itself when the learner takes it. */
  answerStarterOffer(): void;
};

export function useSavedWork(slug: string, starter: string): SavedWorkState {
  const [initial] = useState(() => {
    const saved = loadWork(slug);
    return { saved, ...openingCode(saved, starter) };
  });
  const [solved, setSolved] = useState(initial.saved?.solved ?? false);
  const [hintsRevealed, setHintsRevealed] = useState(initial.saved?.hintsRevealed ?? 0);
  const [newStarter, setNewStarter] = useState(initial.newStarter);
  const [saved, setSaved] = useState(true);

  // The starter the saved code is based on: the old one until the learner answers the offer.
  const basedOn = newStarter === null ? starter : (initial.saved?.starter ?? starter);
  // The code is not React state: the editor owns it, and a keystroke must not re-render the page.
  const code = useRef(initial.code);
  const progress = useRef({ solved, hintsRevealed, basedOn });
  progress.current = { solved, hintsRevealed, basedOn };
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);

  const write = useCallback(() => {
    if (pending.current !== null) clearTimeout(pending.current);
    pending.current = null;
    const { basedOn: base, ...rest } = progress.current;
    setSaved(saveWorkMakingRoom(slug, { code: code.current, starter: base, ...rest }));
  }, [slug]);

  const flush = useCallback(() => {
    if (pending.current !== null) write();
  }, [write]);

  const codeChanged = useCallback(
    (next: string) => {
      code.current = next;
      if (pending.current === null) pending.current = setTimeout(write, SAVE_DELAY_MS);
    },
    [write],
  );

  // Progress changes are rare: write them (with the code) at once.
  useEffect(write, [solved, hintsRevealed, basedOn, write]);

  // Taking a new version reloads the page: the last keystrokes are written first.
  useEffect(() => registerPendingWrites(flush), [flush]);

  // A closed tab, a reload or a switch to another app must not lose the last keystrokes.
  useEffect(() => {
    const onHidden = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onHidden);
    return () => {
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onHidden);
      flush();
    };
  }, [flush]);

  return {
    initialCode: initial.code,
    currentCode: useCallback(() => code.current, []),
    codeChanged,
    flush,
    solved,
    markSolved: useCallback(() => setSolved(true), []),
    hintsRevealed,
    revealHint: useCallback(() => setHintsRevealed((count) => count + 1), []),
    saved,
    newStarter,
    answerStarterOffer: useCallback(() => setNewStarter(null), []),
  };
}
