import { useEffect, useId, useRef, useState } from 'react';
import { comparisonFailure } from './compare.ts';
import type { ReferenceDiffEditor } from './referenceDiffEditor.ts';
import './diff.css';

export type ReferenceDiffProps = {
  slug: string;
  /** The learner's code when they asked: the comparison is a snapshot, the editor behind it keeps its own. */
  yours: string;
  /** The reference solution, a chunk fetched only now. */
  loadSolution: () => Promise<string>;
  /** Phones: the dialog fills the screen and the changes are shown in one column. */
  narrow: boolean;
  /** The dialog has closed (Escape, or its Close button): the parent unmounts it. */
  onClose(): void;
};

type DiffState = { kind: 'loading' } | { kind: 'shown' } | { kind: 'failed'; message: string };

/**
 * "Compare with the reference": a modal dialog holding Monaco's diff editor, the learner's code beside the
 * reference solution. Mounted when asked for and unmounted when closed, so that neither the solution nor the
 * diff editor is loaded before. A modal rather than a view in the editor's place: the code editor stays as it
 * was under it (cursor, scroll, undo), and Escape brings the learner straight back to where they were.
 */
export function ReferenceDiff({ slug, yours, loadSolution, narrow, onClose }: ReferenceDiffProps) {
  const ids = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const host = useRef<HTMLDivElement>(null);
  const diff = useRef<ReferenceDiffEditor | null>(null);
  const [state, setState] = useState<DiffState>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const latest = useRef({ narrow, onClose });
  useEffect(() => {
    latest.current = { narrow, onClose };
  });

  // Open at mount; on the way out, the focus goes back to what had it (the button that opened this).
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const element = dialog.current;
    element?.showModal();
    return () => {
      if (element?.open) element.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  useEffect(() => {
    let current = true;
    setState({ kind: 'loading' });
    Promise.all([loadSolution(), import('./referenceDiffEditor.ts')]).then(
      ([reference, { createReferenceDiffEditor }]) => {
        if (!current || !host.current) return;
        diff.current = createReferenceDiffEditor(host.current, { slug, yours, reference, narrow: latest.current.narrow });
        setState({ kind: 'shown' });
        // Into the comparison itself, where F7 and the arrow keys work at once.
        diff.current.focus();
      },
      (error: unknown) => {
        if (current) setState({ kind: 'failed', message: comparisonFailure(error, navigator.onLine) });
      },
    );
    return () => {
      current = false;
      diff.current?.dispose();
      diff.current = null;
    };
  }, [slug, yours, loadSolution, attempt]);

  useEffect(() => diff.current?.setNarrow(narrow), [narrow]);

  return (
    <dialog
      ref={dialog}
      className="ref-diff"
      data-layout={narrow ? 'inline' : 'side-by-side'}
      data-state={state.kind}
      aria-labelledby={`${ids}-title`}
      aria-describedby={`${ids}-keys`}
      onClose={(event) => {
        // The event comes a task after close(): a dialog opened again meanwhile (React's development mode
        // mounts everything twice) is not closed.
        if (!event.currentTarget.open) latest.current.onClose();
      }}
    >
      <header className="ref-diff__header">
        <h2 id={`${ids}-title`} className="ref-diff__title">
          Your code beside the reference
        </h2>
        <form method="dialog">
          <button type="submit" className="ref-diff__close">
            Close
          </button>
        </form>
      </header>
      <p id={`${ids}-keys`} className="ref-diff__keys">
        Read-only. <kbd>F7</kbd> and <kbd>Shift+F7</kbd> go to the next and previous difference in the accessible
        diff viewer, which reads each change line by line; <kbd>Esc</kbd> closes.
      </p>
      {/* Monaco labels neither side: these name them, in the layout in force. */}
      {narrow ? (
        <p className="ref-diff__legend">
          <span className="ref-diff__legend-item">
            <span className="ref-diff__swatch ref-diff__swatch--yours" aria-hidden="true" />
            Red lines: your code;
          </span>{' '}
          <span className="ref-diff__legend-item">
            <span className="ref-diff__swatch ref-diff__swatch--reference" aria-hidden="true" />
            green lines: the reference solution
          </span>
        </p>
      ) : (
        <div className="ref-diff__labels">
          <span>Your code</span>
          <span>Reference solution</span>
        </div>
      )}
      <div className="ref-diff__body">
        <div ref={host} className="ref-diff__editor" />
        {state.kind === 'loading' && (
          <p className="ref-diff__status" role="status">
            Loading the reference solution…
          </p>
        )}
        {state.kind === 'failed' && (
          <div className="ref-diff__status ref-diff__status--error" role="alert">
            <p>Could not show the comparison. {state.message}</p>
            <button type="button" className="ref-diff__close" onClick={() => setAttempt((count) => count + 1)}>
              Try again
            </button>
          </div>
        )}
      </div>
    </dialog>
  );
}
