import { useEffect, useId, useRef, useState } from 'react';
import 'katex/dist/katex.min.css';
import './statement.css';
import { isSolutionOffered, needsConfirmation, solutionPromise, type SolutionOffer } from './solutionOffer.ts';

export interface HintsProps {
  /** Hint bodies as HTML rendered at build time from the problem's `hint-*.md`, gentlest first. */
  hints: string[];
  /** How many hints the learner has already revealed; owned by the parent so it can be persisted. */
  revealed: number;
  onReveal: () => void;
  /** The reference solution, when the course lets the page offer it at all: see `SolutionOffer`. */
  solution?: SolutionOffer;
  /** The theme in force, which the solution's highlighting follows. */
  theme: 'light' | 'dark';
  /** Opens the learner's code beside the solution; given only while the comparison is offered (after a pass). */
  onCompare?: () => void;
}

type SolutionState =
  | { kind: 'hidden' }
  | { kind: 'loading' }
  | { kind: 'shown'; code: string }
  | { kind: 'failed'; message: string };

/** The solution highlighted by Monaco itself, so it looks like the editor; null where Monaco is not there. */
async function highlight(code: string): Promise<string | null> {
  try {
    const { monaco } = await import('../editor/monaco.ts');
    return await monaco.editor.colorize(code, 'typescript', { tabSize: 2 });
  } catch {
    return null;
  }
}

type CopyState = 'idle' | 'copied' | 'failed';

export function Hints({ hints, revealed, onReveal, solution, theme, onCompare }: HintsProps) {
  const shown = Math.min(Math.max(revealed, 0), hints.length);
  const allShown = shown === hints.length;
  const [solutionState, setSolutionState] = useState<SolutionState>({ kind: 'hidden' });
  const [copyState, setCopyState] = useState<CopyState>('idle');
  // Monaco's highlighting names colours of the theme in force: redone when the theme changes.
  const [solutionHtml, setSolutionHtml] = useState<string | null>(null);
  const shownCode = solutionState.kind === 'shown' ? solutionState.code : null;
  useEffect(() => {
    if (shownCode === null) return;
    let current = true;
    void highlight(shownCode).then((html) => {
      if (current) setSolutionHtml(html);
    });
    return () => {
      current = false;
    };
  }, [shownCode, theme]);
  const ids = useId();

  const lastHint = useRef<HTMLElement>(null);
  const solutionButton = useRef<HTMLButtonElement>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const solutionCode = useRef<HTMLPreElement>(null);
  // Revealing the last hint removes the button that had focus; remember to put focus somewhere useful.
  const focusAfterLastReveal = useRef(false);

  useEffect(() => {
    if (!allShown || !focusAfterLastReveal.current) return;
    focusAfterLastReveal.current = false;
    (solutionButton.current ?? lastHint.current)?.focus();
  }, [allShown]);

  useEffect(() => {
    if (solutionState.kind === 'shown') solutionCode.current?.focus();
  }, [solutionState.kind]);

  const revealNext = () => {
    if (shown + 1 === hints.length) focusAfterLastReveal.current = true;
    onReveal();
  };

  const askForSolution = () => {
    const element = dialog.current;
    if (!element) return;
    // Escape closes the dialog without touching returnValue, so clear any earlier answer first.
    element.returnValue = '';
    element.showModal();
  };

  const showSolution = () => {
    if (!solution) return;
    setSolutionState({ kind: 'loading' });
    solution.onShow?.();
    solution.load().then(
      (code) => setSolutionState({ kind: 'shown', code }),
      (error: unknown) =>
        setSolutionState({
          kind: 'failed',
          // The service worker keeps a solution only once it has been fetched: the first time needs the site.
          message: navigator.onLine ? String(error) : 'this browser is offline, and the solution needs the network the first time it is shown',
        }),
    );
  };

  const copySolution = (code: string) => {
    // There is no clipboard API on a page served over plain http from another host.
    if (!navigator.clipboard) {
      setCopyState('failed');
      return;
    }
    navigator.clipboard.writeText(code).then(
      () => setCopyState('copied'),
      () => setCopyState('failed'),
    );
  };

  const canAskForSolution =
    isSolutionOffered(solution, allShown) && (solutionState.kind === 'hidden' || solutionState.kind === 'failed');
  const promise = solutionPromise(solution);

  return (
    <section className="hints" aria-label="Hints">
      <p className="hints__intro">
        {hints.length} hints, from a nudge to most of the answer, one at a time.{promise === null ? '' : ` ${promise}`}
      </p>
      {/* Polite: a hint that appears is read out after whatever the screen reader is saying. */}
      <div className="hints__list" aria-live="polite">
        {hints.slice(0, shown).map((html, index) => (
          <section
            key={index}
            className="hint"
            aria-labelledby={`${ids}-hint-${index}`}
            tabIndex={-1}
            ref={index === shown - 1 ? lastHint : undefined}
          >
            <h2 id={`${ids}-hint-${index}`} className="hint__title">
              Hint {index + 1} of {hints.length}
            </h2>
            {/* Build-time HTML from this repository's Markdown, sanitized: see ProblemStatement. */}
            <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />
          </section>
        ))}
      </div>

      {!allShown && (
        <button type="button" className="hints__button hints__button--primary" onClick={revealNext}>
          Show hint {shown + 1} of {hints.length}
        </button>
      )}

      {canAskForSolution && (
        <button
          ref={solutionButton}
          type="button"
          className="hints__button"
          onClick={solution && needsConfirmation(solution) ? askForSolution : showSolution}
        >
          Show the solution
        </button>
      )}

      {onCompare && (
        <p className="hints__compare">
          <button type="button" className="hints__button" onClick={onCompare}>
            Compare with the reference
          </button>
        </p>
      )}

      {solutionState.kind === 'loading' && (
        <p className="hints__status" role="status">
          Loading the solution…
        </p>
      )}
      {solutionState.kind === 'failed' && (
        <p className="hints__status hints__status--error" role="alert">
          Could not load the solution: {solutionState.message}
        </p>
      )}
      {solutionState.kind === 'shown' && (
        <section className="solution" aria-labelledby={`${ids}-solution`}>
          <div className="solution__header">
            <h2 id={`${ids}-solution`} className="hint__title">
              Solution
            </h2>
            <button type="button" className="hints__button hints__button--small" onClick={() => copySolution(solutionState.code)}>
              Copy
            </button>
            <span className="solution__copied" role="status">
              {copyState === 'copied' ? 'Copied' : copyState === 'failed' ? 'This browser refused the clipboard: select the code instead' : ''}
            </span>
          </div>
          {/* Focusable so keyboard users can scroll long lines; focused when it appears. */}
          <pre ref={solutionCode} className="solution__code" tabIndex={0} aria-labelledby={`${ids}-solution`}>
            {solutionHtml === null ? (
              <code>{solutionState.code}</code>
            ) : (
              // Monaco's colorizer escapes the code; the code is this repository's reference solution.
              <code dangerouslySetInnerHTML={{ __html: solutionHtml }} />
            )}
          </pre>
        </section>
      )}

      {solution && (
        <dialog
          ref={dialog}
          className="hints__dialog"
          aria-labelledby={`${ids}-dialog-title`}
          aria-describedby={`${ids}-dialog-text`}
          onClose={(event) => {
            if (event.currentTarget.returnValue === 'show') showSolution();
          }}
        >
          <form method="dialog">
            <h2 id={`${ids}-dialog-title`} className="hints__dialog-title">
              Show the solution?
            </h2>
            <p id={`${ids}-dialog-text`}>
              You will see a complete, working answer. Another attempt with the hints usually teaches more.
            </p>
            <div className="hints__dialog-actions">
              {/* First in order, so showModal() focuses the harmless choice. */}
              <button type="submit" value="cancel" className="hints__button">
                Keep trying
              </button>
              <button type="submit" value="show" className="hints__button hints__button--primary">
                Show the solution
              </button>
            </div>
          </form>
        </dialog>
      )}
    </section>
  );
}
