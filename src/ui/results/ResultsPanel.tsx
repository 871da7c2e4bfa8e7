import { useEffect, useRef } from 'react';
import type { ConsoleCapture } from '../../core/measurements.ts';
import type { CheckResult, Evidence, Report } from '../../core/report.ts';
import { formatNumber } from '../../core/tensor.ts';
import './results.css';

export type RunView =
  | { readonly status: 'idle' }
  | { readonly status: 'running'; readonly phase: string | null; readonly console: ConsoleCapture }
  | { readonly status: 'done'; readonly report: Report };

/** `data-verdict` values: a stable contract for end-to-end tests and styling. */
export function verdictOf(view: RunView): string {
  return view.status === 'done' ? view.report.verdict : view.status;
}

const VERDICT_LABEL: Record<string, string> = {
  idle: 'Not run yet',
  running: 'Running…',
  passed: 'Passed',
  failed: 'Failed',
  error: 'Error',
  timeout: 'Timed out',
};

const STATUS_ICON = { passed: '✓', failed: '✗', skipped: '–' } as const;

export function ResultsPanel({ view, runShortcut }: { view: RunView; runShortcut: string }) {
  const verdict = verdictOf(view);
  return (
    <section className="results" data-verdict={verdict} aria-labelledby="results-heading">
      <div className="results__top">
      <header className="results__header">
        <h2 id="results-heading" className="results__title">
          Results
        </h2>
        <span className={`verdict-badge verdict-badge--${verdict}`}>{VERDICT_LABEL[verdict]}</span>
        {view.status === 'done' && <span className="results__timing">{formatDuration(view.report.durationMs)}</span>}
      </header>
      <p className="results__summary" role="status" aria-live="polite">
        {view.status === 'idle' && (
          <>
            Press <kbd>{runShortcut}</kbd> or Run to grade your code.
          </>
        )}
        {view.status === 'running' && (view.phase ? `Running: ${view.phase}…` : 'Starting…')}
        {view.status === 'done' && <WithCode text={view.report.summary} />}
      </p>
      </div>
      {view.status === 'done' && <CheckList checks={view.report.checks} />}
      {view.status !== 'idle' && (
        <ConsoleOutput capture={view.status === 'done' ? view.report.console : view.console} />
      )}
    </section>
  );
}

function CheckList({ checks }: { checks: readonly CheckResult[] }) {
  const firstFailure = checks.find((check) => check.status === 'failed');
  const firstFailureRef = useRef<HTMLLIElement>(null);
  // The checks that pass come first and can fill the panel: bring the one to fix into view.
  useEffect(() => {
    firstFailureRef.current?.scrollIntoView({ block: 'nearest' });
  }, [checks]);
  return (
    <ol className="checks" aria-label="Checks">
      {checks.map((check) => (
        <li
          key={check.id}
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
            {check.evidence && <EvidenceTable evidence={check.evidence} />}
          </div>
        </li>
      ))}
    </ol>
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
