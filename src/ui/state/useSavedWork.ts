import { useCallback, useEffect, useRef, useState } from 'react';
import { loadWork, saveWork, type SavedWork } from './storage.ts';

export type SavedWorkState = {
  code: string;
  /** Every change is saved at once: a crash, a closed tab or a reload loses nothing. */
  setCode(code: string): void;
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
  takeNewStarter(): void;
  keepMyCode(): void;
};

/** What to start from: the saved work, with a starter the learner never touched quietly updated. */
function initialWork(saved: SavedWork | null, starter: string): { code: string; newStarter: string | null } {
  if (!saved) return { code: starter, newStarter: null };
  if (saved.starter === starter) return { code: saved.code, newStarter: null };
  if (saved.code === saved.starter) return { code: starter, newStarter: null };
  return { code: saved.code, newStarter: starter };
}

export function useSavedWork(slug: string, starter: string): SavedWorkState {
  const [initial] = useState(() => {
    const saved = loadWork(slug);
    return { saved, ...initialWork(saved, starter) };
  });
  const [code, setCodeState] = useState(initial.code);
  const [solved, setSolved] = useState(initial.saved?.solved ?? false);
  const [hintsRevealed, setHintsRevealed] = useState(initial.saved?.hintsRevealed ?? 0);
  const [newStarter, setNewStarter] = useState(initial.newStarter);
  const [saved, setSaved] = useState(true);

  // The starter the saved code is based on: the old one until the learner answers the offer.
  const basedOn = newStarter === null ? starter : (initial.saved?.starter ?? starter);
  const latest = useRef({ code, solved, hintsRevealed, basedOn });
  latest.current = { code, solved, hintsRevealed, basedOn };

  const save = useCallback(() => {
    const { code: current, basedOn: base, ...progress } = latest.current;
    setSaved(saveWork(slug, { code: current, starter: base, ...progress }));
  }, [slug]);

  // Saving in an effect sees the state after the change; one write per change is cheap at this size.
  useEffect(save, [code, solved, hintsRevealed, basedOn, save]);

  const setCode = useCallback((next: string) => {
    latest.current = { ...latest.current, code: next };
    setCodeState(next);
  }, []);

  return {
    code,
    setCode,
    solved,
    markSolved: useCallback(() => setSolved(true), []),
    hintsRevealed,
    revealHint: useCallback(() => setHintsRevealed((count) => count + 1), []),
    saved,
    newStarter,
    takeNewStarter: useCallback(() => {
      setCodeState(starter);
      setNewStarter(null);
    }, [starter]),
    keepMyCode: useCallback(() => setNewStarter(null), []),
  };
}
