/**
 * The workspace's door to "Why it matters": small, in the workspace's chunk. The view itself, with uPlot and
 * the measuring worker's client, is a chunk of its own, fetched the first time the learner opens it.
 */
import { useCallback, useRef, useState, type ReactNode } from 'react';
import { insightSlugs } from 'virtual:course-insight-slugs';

/**
 * Whether the build offers the view for a problem: the same list as the client's insightAvailable, read here
 * from the build's list itself, so that the client (and what it imports) stays in the view's chunk.
 */
export function insightOffered(slug: string): boolean {
  return insightSlugs.includes(slug);
}

type InsightChunk = typeof import('./InsightChunk.tsx');

let chunk: Promise<InsightChunk> | null = null;

function loadInsightChunk(): Promise<InsightChunk> {
  chunk ??= import('./InsightChunk.tsx').catch((error: unknown) => {
    // Offline before the service worker had the build: a later click may succeed.
    chunk = null;
    throw error;
  });
  return chunk;
}

export type InsightViewDoor = {
  /** Opens the view (loading it first, the first time). */
  open(): void;
  /** The dialog while it is open, else null: render it anywhere in the workspace. */
  element: ReactNode;
};

/**
 * `learnerCode` is read when the view opens: the code of the learner's last Run if it passed and the editor
 * still holds it, else null (the reference alone).
 */
export function useInsightView(slug: string, problemTitle: string, learnerCode: string | null): InsightViewDoor {
  const [open, setOpen] = useState<{ readonly chunk: InsightChunk; readonly learnerCode: string | null } | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  // Where the focus goes back to: the button that opened the view, or the results' heading if it is gone.
  const opener = useRef<HTMLElement | null>(null);

  const openView = useCallback(() => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    loadInsightChunk().then(
      (loaded) => {
        setLoadError(null);
        setOpen({ chunk: loaded, learnerCode });
      },
      () => setLoadError('“Why it matters” could not be loaded. Check the connection and try again.'),
    );
  }, [learnerCode]);

  const close = useCallback(() => {
    setOpen(null);
    const back = opener.current;
    requestAnimationFrame(() => {
      if (back?.isConnected) back.focus();
      else document.getElementById('results-heading')?.focus();
    });
  }, []);

  const element = open ? (
    <open.chunk.InsightDialog slug={slug} problemTitle={problemTitle} learnerCode={open.learnerCode} onClose={close} />
  ) : loadError ? (
    <p className="notice" role="alert">
      {loadError}
    </p>
  ) : null;
  return { open: openView, element };
}
