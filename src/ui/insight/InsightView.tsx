/**
 * "Why it matters": a dialog that measures the implicit gradient against the unrolled one (in a worker:
 * the page stays responsive, and Cancel ends it at once), plots the cost against N, says in a sentence what
 * the numbers say, and lets the learner slide N to see the implicit gradient become right as the forward pass
 * converges. A chunk of its own, with uPlot: nothing of it loads until the view is opened.
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import {
  INSIGHT_ITERATIONS,
  INSIGHT_METHOD,
  type ConvergenceStudy,
  type CostPoint,
  type InsightListeners,
  type InsightProgress,
  type InsightRequest,
  type InsightResult,
  type InsightSession,
  InsightStopped,
} from '../../insight/protocol.ts';
import { costChart, errorChart } from './charts.ts';
import {
  COST_FIGURES,
  FIGURE_LABEL,
  formatBytes,
  formatCount,
  formatDerivative,
  formatFigure,
  formatRelativeError,
  inputSizeNote,
  insightSentence,
  nearestRow,
  METHOD_LABEL,
  overBudgetLabel,
  relativeError,
  type CostFigure,
} from './format.ts';
import { UPlotChart, type ChartPalette } from './UPlotChart.tsx';
import './insight.css';

export type StartInsight = (request: InsightRequest, listeners: InsightListeners) => InsightSession;

export type InsightViewProps = {
  slug: string;
  problemTitle: string;
  /** The learner's passing code, measured as "yours"; null measures the reference alone. */
  learnerCode: string | null;
  /** Starts a measurement (the insight worker's client). */
  start: StartInsight;
  /** The dialog has closed (Escape, the Close button): the owner unmounts it. */
  onClose(): void;
};

type Measurement =
  | { readonly status: 'measuring'; readonly progress: InsightProgress | null; readonly points: readonly CostPoint[] }
  | { readonly status: 'done'; readonly result: InsightResult }
  | { readonly status: 'cancelled'; readonly points: readonly CostPoint[] }
  | { readonly status: 'failed'; readonly message: string; readonly points: readonly CostPoint[] }
  /** The browser stopped the worker: the points measured before it stay, the one under way out of memory. */
  | { readonly status: 'stopped'; readonly message: string; readonly points: readonly CostPoint[] };

const METHOD_ORDER = [INSIGHT_METHOD.implicit, INSIGHT_METHOD.unrolled, INSIGHT_METHOD.yours] as const;

const FOCUSABLE = 'button, input, select, textarea, a[href], [tabindex]:not([tabindex="-1"])';

/**
 * Tab from the last control goes round to the first, and Shift+Tab back: a modal dialog makes the page inert,
 * but without this the browser lets the focus leave the document (to its own toolbar) after the last one.
 */
function trapTab(event: KeyboardEvent<HTMLDialogElement>) {
  if (event.key !== 'Tab') return;
  const focusable = [...event.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (element) => !element.hasAttribute('disabled') && element.getClientRects().length > 0,
  );
  const first = focusable[0];
  const last = focusable.at(-1);
  if (!first || !last) return;
  const active = document.activeElement;
  if (event.shiftKey && (active === first || active === event.currentTarget)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && active === last) {
    event.preventDefault();
    first.focus();
  }
}

export function InsightView({ slug, problemTitle, learnerCode, start, onClose }: InsightViewProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [attempt, setAttempt] = useState(0);
  const [measurement, setMeasurement] = useState<Measurement>({ status: 'measuring', progress: null, points: [] });
  const session = useRef<InsightSession | null>(null);

  // Mounted means open: modal, so the rest of the page is inert and Tab stays inside.
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (!element.open) element.showModal();
    const closed = () => onClose();
    element.addEventListener('close', closed);
    return () => element.removeEventListener('close', closed);
  }, [onClose]);

  useEffect(() => {
    setMeasurement({ status: 'measuring', progress: null, points: [] });
    let cancelled = false;
    const current = start(
      { slug, learnerCode },
      {
        onProgress: (progress) =>
          setMeasurement((state) => (state.status === 'measuring' && !cancelled ? { ...state, progress } : state)),
        onPoint: (point) =>
          setMeasurement((state) =>
            // The client reports each (method, N) once per session, and a new session starts from no points.
            state.status === 'measuring' && !cancelled ? { ...state, points: [...state.points, point] } : state,
          ),
      },
    );
    session.current = current;
    current.result.then(
      (result) => {
        if (!cancelled) setMeasurement({ status: 'done', result });
      },
      (error: unknown) => {
        // Cancel (which clears the session) and unmounting both end it on purpose: that is no failure.
        if (cancelled || session.current !== current) return;
        const message = error instanceof Error ? error.message : String(error);
        const status = error instanceof InsightStopped ? 'stopped' : 'failed';
        setMeasurement((state) => ({ status, message, points: 'points' in state ? state.points : [] }));
      },
    );
    return () => {
      cancelled = true;
      current.cancel();
      if (session.current === current) session.current = null;
    };
  }, [attempt, learnerCode, slug, start]);

  const cancel = useCallback(() => {
    const current = session.current;
    if (!current) return;
    session.current = null;
    current.cancel();
    setMeasurement((state) => ({ status: 'cancelled', points: 'points' in state ? state.points : [] }));
  }, []);
  const measureAgain = useCallback(() => setAttempt((count) => count + 1), []);

  const points = measurement.status === 'done' ? measurement.result.points : measurement.points;
  const result = measurement.status === 'done' ? measurement.result : null;

  return (
    <dialog
      ref={dialog}
      className="insight"
      aria-labelledby={titleId}
      data-status={measurement.status}
      onKeyDown={trapTab}
    >
      <header className="insight__header">
        <div className="insight__titles">
          <h2 id={titleId} className="insight__title">
            Why it matters
          </h2>
          <p className="insight__subtitle">{problemTitle}</p>
        </div>
        <button type="button" className="button button--quiet insight__close" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </header>
      <div className="insight__body">
        <p className="insight__intro">
          The same fixed point, differentiated two ways: the implicit gradient (the Implicit Function Theorem at the
          fixed point) and the unrolled one (autodiff through every step). Each backward pass is measured for N ={' '}
          {INSIGHT_ITERATIONS.map(formatCount).join(', ')}.{' '}
          {learnerCode === null
            ? 'Your own code joins the chart once a Run of it passes; until then this is the reference solution alone.'
            : 'Your code, as it passed its last Run, is marked at its own N.'}
        </p>
        <MeasurementStatus measurement={measurement} onCancel={cancel} onMeasureAgain={measureAgain} />
        <CostSection
          points={points}
          result={result}
          hasLearner={learnerCode !== null}
          measuring={measurement.status === 'measuring'}
        />
        {result && <ConvergenceSection study={result.convergence} iterationName={result.iterationName} initialN={result.learnerIterations} />}
      </div>
    </dialog>
  );
}

function MeasurementStatus({
  measurement,
  onCancel,
  onMeasureAgain,
}: {
  measurement: Measurement;
  onCancel(): void;
  onMeasureAgain(): void;
}) {
  if (measurement.status === 'measuring') {
    const { progress } = measurement;
    const done = progress?.done ?? 0;
    const total = progress?.total ?? 1;
    const doing = progress ? `Measuring ${progress.doing}…` : 'Starting the measuring worker…';
    return (
      <div className="insight__progress">
        <div className="insight__progress-row">
          <div
            className="insight__bar"
            role="progressbar"
            aria-label="Measuring"
            aria-valuemin={0}
            aria-valuemax={total}
            aria-valuenow={done}
            aria-valuetext={`${done} of ${total} done: ${doing}`}
          >
            <div className="insight__bar-fill" style={{ width: `${(100 * done) / Math.max(1, total)}%` }} />
          </div>
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
        <p className="insight__doing" aria-live="polite">
          {progress ? `${done} of ${total} · ` : ''}
          {doing}
        </p>
      </div>
    );
  }
  if (measurement.status === 'done') return null;
  return (
    <div className="insight__stopped" role="status">
      <p className="insight__stopped-text">
        {measurement.status === 'cancelled'
          ? `Measurement cancelled${measurement.points.length > 0 ? '; the points measured before it stay on the chart' : ''}.`
          : measurement.status === 'stopped'
            ? `${capitalised(measurement.message)}. The points measured before it stay on the chart; the one it was measuring is marked as out of memory.`
            : `The measurement failed: ${measurement.message}`}
      </p>
      <button type="button" className="button button--primary" onClick={onMeasureAgain}>
        Measure again
      </button>
    </div>
  );
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function CostSection({
  points,
  result,
  hasLearner,
  measuring,
}: {
  points: readonly CostPoint[];
  result: InsightResult | null;
  hasLearner: boolean;
  measuring: boolean;
}) {
  const [figure, setFigure] = useState<CostFigure>('peakBytes');
  const budgetBytes = result?.budgetBytes ?? budgetOf(points);
  const learnerIterations = result?.learnerIterations ?? points.find((point) => point.method === 'yours')?.iterations ?? null;
  const iterationName = result?.iterationName ?? 'iterations';
  const build = useCallback(
    (palette: ChartPalette) => costChart({ points, figure, budgetBytes, learnerIterations, iterationName }, palette),
    [points, figure, budgetBytes, learnerIterations, iterationName],
  );
  const figureName = useId();
  return (
    <section className="insight__section" aria-label="The cost of the backward pass">
      <h3 className="insight__heading">The cost of the backward pass against N</h3>
      <fieldset className="insight__figures">
        <legend className="visually-hidden">Figure shown in the chart</legend>
        {COST_FIGURES.map((candidate) => (
          <label key={candidate} className="insight__figure" data-selected={candidate === figure ? 'true' : undefined}>
            <input
              type="radio"
              name={figureName}
              value={candidate}
              checked={candidate === figure}
              onChange={() => setFigure(candidate)}
            />
            {FIGURE_LABEL[candidate]}
          </label>
        ))}
      </fieldset>
      <UPlotChart
        className="insight__chart"
        build={build}
        height={280}
        label={chartLabel(figure, points)}
      />
      <Legend
        hasLearner={hasLearner}
        measuring={measuring}
        hasYours={points.some((point) => point.method === 'yours')}
        overBudget={points.some((point) => point.status === 'out-of-memory') ? budgetBytes : null}
      />
      {result ? (
        <>
          <p className="insight__sentence">{insightSentence(result)}</p>
          <p className="insight__size">
            {inputSizeNote(result)} Peak memory is TF.js's count of tensor bytes; kernels and time are the backward pass
            alone.{result.learnerIterationsNote === undefined ? '' : ` ${result.learnerIterationsNote}`}
          </p>
        </>
      ) : (
        measuring && <p className="insight__size">The chart fills in as each point is measured.</p>
      )}
      <FiguresTable points={points} />
    </section>
  );
}

/** The chart in words: what it plots, and each point that ran out of memory, which a canvas cannot say. */
function chartLabel(figure: CostFigure, points: readonly CostPoint[]): string {
  const over = sortedPoints(points).flatMap((point) =>
    point.status === 'out-of-memory'
      ? [`${METHOD_LABEL[point.method]} at N = ${formatCount(point.iterations)}: ${overBudgetLabel(point.budgetBytes)}.`]
      : [],
  );
  return [`${FIGURE_LABEL[figure]} against N, on log axes.`, ...over, 'The table below gives every figure.'].join(' ');
}

/** Before the result says it, the budget is what an out-of-memory point carries. */
function budgetOf(points: readonly CostPoint[]): number | null {
  for (const point of points) if (point.status === 'out-of-memory') return point.budgetBytes;
  return null;
}

/** `overBudget`: the budget, when some point passed it (the triangle is then on the chart), else null. */
function Legend({
  hasLearner,
  hasYours,
  measuring,
  overBudget,
}: {
  hasLearner: boolean;
  hasYours: boolean;
  measuring: boolean;
  overBudget: number | null;
}) {
  return (
    <ul className="insight__legend" aria-label="Legend">
      <li>
        <span className="insight__swatch insight__swatch--implicit" aria-hidden="true" /> Implicit (reference)
      </li>
      <li>
        <span className="insight__swatch insight__swatch--unrolled" aria-hidden="true" /> Unrolled
      </li>
      <li>
        <span className="insight__swatch insight__swatch--yours" aria-hidden="true" />{' '}
        {hasLearner
          ? hasYours
            ? 'Yours'
            : measuring
              ? 'Yours (being measured)'
              : 'Yours (not measured)'
          : 'Yours: pass a Run to see your code here'}
      </li>
      {overBudget !== null && (
        <li>
          <span className="insight__swatch insight__swatch--over" aria-hidden="true" /> Over the {formatBytes(overBudget)}{' '}
          budget
        </li>
      )}
    </ul>
  );
}

function sortedPoints(points: readonly CostPoint[]): CostPoint[] {
  return [...points].sort(
    (a, b) => METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method) || a.iterations - b.iterations,
  );
}

function FiguresTable({ points }: { points: readonly CostPoint[] }) {
  if (points.length === 0) return null;
  return (
    <div className="insight__table-wrap" tabIndex={0} role="region" aria-label="Every figure">
      <table className="insight__table">
        <caption>Every figure measured</caption>
        <thead>
          <tr>
            <th scope="col">Method</th>
            <th scope="col">N</th>
            {COST_FIGURES.map((figure) => (
              <th key={figure} scope="col">
                {FIGURE_LABEL[figure]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sortedPoints(points).map((point) => (
            <tr
              key={`${point.method}-${point.iterations}`}
              data-method={point.method}
              data-iterations={point.iterations}
              data-status={point.status}
            >
              <th scope="row">{METHOD_LABEL[point.method]}</th>
              <td>{formatCount(point.iterations)}</td>
              {point.status === 'measured' ? (
                COST_FIGURES.map((figure) => <td key={figure}>{formatFigure(figure, point[figure])}</td>)
              ) : point.status === 'out-of-memory' ? (
                <td colSpan={COST_FIGURES.length} className="insight__over">
                  {overBudgetLabel(point.budgetBytes)} (
                  {point.how === 'predicted'
                    ? `not run: it would have needed about ${formatBytes(point.heldBytes)}`
                    : point.how === 'stopped'
                      ? `stopped holding ${formatBytes(point.heldBytes)}`
                      : 'the browser stopped the measurement'}
                  )
                </td>
              ) : (
                <td colSpan={COST_FIGURES.length} className="insight__not-measured">
                  Not measured: {point.reason}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ConvergenceSection({
  study,
  iterationName,
  initialN,
}: {
  study: ConvergenceStudy;
  iterationName: string;
  initialN: number;
}) {
  const rows = study.rows;
  // The learner's N, or the study's nearest to it when theirs is outside its range (a solver's count on the
  // chart's input can be far past the rows of a small example).
  const startIndex = nearestRow(rows, initialN);
  const [index, setIndex] = useState(startIndex);
  const row = rows[Math.min(index, rows.length - 1)];
  const marked = useRef(row?.iterations ?? 1);
  marked.current = row?.iterations ?? 1;
  const errors = useMemo(
    () => ({
      iterations: rows.map((candidate) => candidate.iterations),
      unrolled: rows.map((candidate) => relativeError(candidate.unrolled, study.truth)),
      implicit: rows.map((candidate) => relativeError(candidate.implicit, study.truth)),
    }),
    [rows, study.truth],
  );
  const build = useCallback(
    (palette: ChartPalette) => errorChart({ ...errors, markedIterations: () => marked.current }, palette),
    [errors],
  );
  const sliderId = useId();
  if (!row) return null;
  const values = [
    { key: 'unrolled', label: 'Unrolled', value: row.unrolled, error: relativeError(row.unrolled, study.truth) },
    { key: 'implicit', label: 'Implicit', value: row.implicit, error: relativeError(row.implicit, study.truth) },
    { key: 'truth', label: 'True', value: study.truth, error: null },
  ] as const;
  return (
    <section className="insight__section insight__convergence" aria-label="The implicit gradient is only as good as convergence">
      <h3 className="insight__heading">Only as good as the convergence</h3>
      <p className="insight__where">
        Measured at {study.where}. The implicit gradient assumes the forward pass reached its fixed point; slide N to see what
        happens before it has.
      </p>
      <div className="insight__slider">
        <label htmlFor={sliderId}>
          N = <output htmlFor={sliderId}>{formatCount(row.iterations)}</output> {iterationName}
        </label>
        <input
          id={sliderId}
          type="range"
          min={0}
          max={rows.length - 1}
          step={1}
          value={Math.min(index, rows.length - 1)}
          aria-valuetext={`N = ${row.iterations} ${iterationName}`}
          onChange={(event) => setIndex(Number(event.currentTarget.value))}
        />
      </div>
      <p className="insight__forward">
        Forward after {formatCount(row.iterations)} {iterationName}: <span data-value="forward" data-raw={row.forward}>{formatDerivative(row.forward)}</span>
      </p>
      <dl className="insight__values">
        {values.map((entry) => (
          <div key={entry.key} className={`insight__value insight__value--${entry.key}`} data-method={entry.key}>
            <dt>
              {entry.label} {study.readout}
            </dt>
            <dd className="insight__number" data-value={entry.key} data-raw={entry.value}>
              {formatDerivative(entry.value)}
            </dd>
            <dd className="insight__error">
              {entry.error === null ? (
                study.truthSource
              ) : (
                <>
                  relative error{' '}
                  <span data-error={entry.key} data-relative-error={entry.error}>
                    {formatRelativeError(entry.error)}
                  </span>
                </>
              )}
            </dd>
          </div>
        ))}
      </dl>
      <UPlotChart
        className="insight__chart insight__chart--small"
        build={build}
        height={220}
        redrawKey={row.iterations}
        label={`Relative error of the unrolled and the implicit derivative against N, the slider's N marked.`}
      />
      <ul className="insight__legend" aria-hidden="true">
        <li>
          <span className="insight__swatch insight__swatch--implicit" /> Implicit
        </li>
        <li>
          <span className="insight__swatch insight__swatch--unrolled" /> Unrolled
        </li>
        <li>
          <span className="insight__swatch insight__swatch--mark" /> The slider's N
        </li>
      </ul>
      <p className="insight__size">
        Relative error against the true derivative, on a log scale.
      </p>
    </section>
  );
}
