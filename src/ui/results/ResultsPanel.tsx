import { useEffect, useRef } from 'react';
import type { ConsoleCapture } from '../../core/measurements.ts';
import type { CheckResult, Evidence, Report, SourceLocation } from '../../core/report.ts';
import { formatNumber } from '../../core/tensor.ts';
import { TapeView } from './TapeView.tsx';
import './results.css';

export type RunView =
  | { readonly status: 'idle' }
  | { readonly status: 'running'; readonly phase: string | null; readonly console: ConsoleCapture }
  | {
      readonly status: 'done';
      readonly report: Report;
      /** TypeScript's error count in the editor when the code was run; null if it was not known yet. */
      readonly typeErrors: number | null;
    };

/** Where a pass leads: the next problem of the course (its title), or back to the index after the last (null). */
export type NextStep = { readonly href: string; readonly title: string | null };

export type ResultsPanelProps = {
  view: RunView;
  /** The Run shortcut's label, or null on touch screens. */
  runShortcut: string | null;
  /** The code changed since these results: they describe an earlier version. */
  stale: boolean;
  hintsLeft: number;
  onShowHints(): void;
  /** Moves the editor's cursor to a place the results name. */
  onLocate(location: SourceLocation): void;
  next: NextStep;
  /** Opens the learner's code beside the reference solution; absent where the course does not offer it. */
  onCompare?(): void;
  /** Opens "Why it matters", or null where the problem has none. */
  onWhyItMatters?: (() => void) | null;
};

/** `data-verdict` values: a stable contract for end-to-end tests and styling. */
export function verdictOf(view: RunView): string {
  return view.status === 'done' ? view.report.verdict : view.status;
}

/** The results' heading, which takes the focus when a Run on a phone switches to the Results tab. */
export const RESULTS_HEADING_ID = 'results-heading';

const VERDICT_LABEL: Record<string, string> = {
  idle: 'Not run yet',
  running: 'Running…',
  passed: 'Passed',
  failed: 'Failed',
  error: 'Error',
  timeout: 'Timed out',
};

const STATUS_ICON = { passed: '✓', failed: '✗', skipped: '–' } as const;

export function ResultsPanel(props: ResultsPanelProps) {
  const { view, runShortcut, stale, hintsLeft, onShowHints, onLocate, next, onCompare, onWhyItMatters = null } = props;
  const verdict = verdictOf(view);
  const done = view.status === 'done' ? view : null;
  const struggling = done !== null && done.report.verdict !== 'passed';
  return (
    <section
      className="results"
      data-verdict={verdict}
      data-stale={stale ? 'true' : undefined}
      aria-labelledby={RESULTS_HEADING_ID}
    >
      <div className="results__top">
        <header className="results__header">
          <h2 id={RESULTS_HEADING_ID} className="results__title" tabIndex={-1}>
            Results
          </h2>
          <span className={`verdict-badge verdict-badge--${verdict}`}>{VERDICT_LABEL[verdict]}</span>
          {onWhyItMatters && done?.report.verdict === 'passed' && !stale && (
            <button type="button" className="button results__why" onClick={onWhyItMatters}>
              Why it matters
            </button>
          )}
          {done && (
            <span className="results__timing">
              {formatDuration(done.report.durationMs)}
              {done.report.seed && (
                <span className="results__seed" title="The seed this Run's random cases were drawn from">
                  {' · seed '}
                  <code>{done.report.seed}</code>
                </span>
              )}
            </span>
          )}
        </header>
        <p className="results__summary" role="status" aria-live="polite">
          {view.status === 'idle' &&
            (runShortcut === null ? (
              'Press Run to grade your code.'
            ) : (
              <>
                Press <kbd>{runShortcut}</kbd> or Run to grade your code.
              </>
            ))}
          {view.status === 'running' && (view.phase ? `Running: ${view.phase}…` : 'Starting…')}
          {done && <WithCode text={done.report.summary} />}
        </p>
        {stale && done && (
          <p className="results__stale">
            These results are for an earlier version of your code. Run again to grade what is in the editor.
          </p>
        )}
        {done?.report.verdict === 'passed' && <NextStepLink next={next} />}
        {done?.report.verdict === 'passed' && onCompare && (
          <p className="results__compare">
            <button type="button" className="link-button" onClick={onCompare}>
              Compare with the reference
            </button>
            : your code beside the reference solution, read-only
          </p>
        )}
        {onWhyItMatters && view.status !== 'running' && !(done?.report.verdict === 'passed' && !stale) && (
          <p className="results__why-door">
            Why it matters:{' '}
            <button type="button" className="link-button" onClick={onWhyItMatters}>
              see it on the reference solution
            </button>
          </p>
        )}
        {struggling && hintsLeft > 0 && (
          <p className="results__help">
            Stuck?{' '}
            <button type="button" className="link-button" onClick={onShowHints}>
              Show a hint
            </button>{' '}
            ({hintsLeft} left)
          </p>
        )}
      </div>
      {done && done.typeErrors !== null && done.typeErrors > 0 && (
        <p className="results__note">
          The editor marks {done.typeErrors} type error{done.typeErrors === 1 ? '' : 's'} in this code. Type errors
          do not fail grading (the grader runs your code with its types removed), but they often point at a real
          mistake.
        </p>
      )}
      {done && <CheckList checks={done.report.checks} onLocate={onLocate} />}
      {done?.report.tape && <TapeView tape={done.report.tape} />}
      {view.status === 'running' && <ConsoleOutput capture={view.console} />}
      {done && <ConsoleOutput capture={done.report.console} />}
    </section>
  );
}

/** After a pass, the way on: a link, so that it can be opened in a new tab or bookmarked like any other. */
function NextStepLink({ next }: { next: NextStep }) {
  return (
    <p className="results__next">
      {next.title === null ? (
        <>
          That was the course's last problem.{' '}
          <a className="results__next-link" href={next.href}>
            Back to all problems
          </a>
        </>
      ) : (
        <a className="results__next-link results__next-link--button" href={next.href}>
          <span>Next problem: {next.title}</span>
          <span aria-hidden="true">→</span>
        </a>
      )}
    </p>
  );
}

function CheckList({
  checks,
  onLocate,
}: {
  checks: readonly CheckResult[];
  onLocate(location: SourceLocation): void;
}) {
  const firstFailure = checks.find((check) => check.status === 'failed');
  const firstFailureRef = useRef<HTMLLIElement>(null);
  // The checks that pass come first and can fill the panel: bring the one to fix into view.
  useEffect(() => {
    const item = firstFailureRef.current;
    const panel = item?.closest<HTMLElement>('.results');
    if (!item || !panel) return;
    // Just under the sticky verdict, which would hide the check's title from scrollIntoView.
    const covered = panel.querySelector<HTMLElement>('.results__top')?.offsetHeight ?? 0;
    const visibleFrom = panel.scrollTop + covered;
    const visibleTo = panel.scrollTop + panel.clientHeight;
    if (item.offsetTop < visibleFrom || item.offsetTop + item.offsetHeight > visibleTo) {
      panel.scrollTop = Math.max(0, item.offsetTop - covered - 8);
    }
  }, [checks]);
  return (
    <ol className="checks" aria-label="Checks">
      {checks.map((check, index) => (
        <li
          // By position: ids come from the report, which may have been read back from storage.
          key={index}
          ref={check === firstFailure ? firstFailureRef : undefined}
          className={`check check--${check.status}${check === firstFailure ? ' check--first-failure' : ''}`}
          data-check-id={check.id}
          data-status={check.status}
        >
          <span className="check__icon" aria-hidden="true">
            {STATUS_ICON[check.status]}
          </span>
          <div className="check__body">
            <p className="check__title">
              {check.title}
              <span className="visually-hidden">: {check.status}</span>
            </p>
            <p className="check__message">
              <WithCode text={check.message} />
            </p>
            {check.location && check.status === 'failed' && (
              <LocationLink location={check.location} onLocate={onLocate} />
            )}
            {check.evidence && <EvidenceTable evidence={check.evidence} />}
          </div>
        </li>
      ))}
    </ol>
  );
}

function LocationLink({ location, onLocate }: { location: SourceLocation; onLocate(location: SourceLocation): void }) {
  return (
    <button type="button" className="link-button check__location" onClick={() => onLocate(location)}>
      Go to line {location.line}
      {location.column !== null && `, column ${location.column}`}
    </button>
  );
}

/** Report messages mark code with backticks, as Markdown does; show those parts as code. */
function WithCode({ text }: { text: string }) {
  return text.split('`').map((part, index) => (index % 2 === 1 ? <code key={index}>{part}</code> : part));
}

function show(value: number | string): string {
  return typeof value === 'number' ? formatNumber(value) : value;
}

function EvidenceTable({ evidence }: { evidence: Evidence }) {
  return (
    <table className="evidence">
      <caption className="visually-hidden">Expected and got for {evidence.testCase}</caption>
      <thead>
        <tr>
          {evidence.index !== undefined && <th scope="col">index</th>}
          {evidence.input !== undefined && <th scope="col">x</th>}
          <th scope="col">expected</th>
          <th scope="col">got</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          {evidence.index !== undefined && <td>{evidence.index}</td>}
          {evidence.input !== undefined && <td>{show(evidence.input)}</td>}
          <td className="evidence__expected">{show(evidence.expected)}</td>
          <td className="evidence__got">{show(evidence.got)}</td>
        </tr>
      </tbody>
    </table>
  );
}

function ConsoleOutput({ capture }: { capture: ConsoleCapture }) {
  if (capture.lines.length === 0 && capture.droppedLines === 0) return null;
  return (
    <details className="console" open>
      <summary>
        Console output ({capture.lines.length} line{capture.lines.length === 1 ? '' : 's'}
        {capture.droppedLines > 0 ? `, ${capture.droppedLines} more not shown` : ''})
      </summary>
      <pre className="console__lines" tabIndex={0} aria-label="Console output">
        {capture.lines.map((line, index) => (
          <span key={index} className={`console__line console__line--${line.level}`}>
            {line.text}
            {'\n'}
          </span>
        ))}
        {capture.droppedLines > 0 && (
          <span className="console__dropped">
            … {capture.droppedLines} more line{capture.droppedLines === 1 ? '' : 's'} not shown
          </span>
        )}
      </pre>
    </details>
  );
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
