/**
 * The view's two charts as uPlot options: the cost of the backward pass against N (log–log), and the
 * convergence study's relative error against N. Plain functions of the figures and the palette, so the
 * chart component stays generic.
 */
import uPlot from 'uplot';
import { INSIGHT_ITERATIONS, INSIGHT_METHOD, type CostPoint, type InsightMethod } from '../../insight/protocol.ts';
import { formatCount, formatFigure, formatPowerOfTen, overBudgetLabel, type CostFigure } from './format.ts';
import type { ChartPalette, ChartSpec } from './UPlotChart.tsx';

const LINE_METHODS = [INSIGHT_METHOD.implicit, INSIGHT_METHOD.unrolled] as const;
/** Unrolled is dashed, so that the two lines differ in more than their colour. */
const DASH = { implicit: [], unrolled: [7, 5] } as const;

function colourOf(palette: ChartPalette, method: InsightMethod): string {
  return palette[method];
}

/** The powers of ten from the range's bottom to its top: a log axis labelled by decade. */
function decades(min: number, max: number): number[] {
  const splits: number[] = [];
  for (let exponent = Math.floor(Math.log10(min)); 10 ** exponent <= max * 1.0001; exponent++) {
    if (10 ** exponent >= min * 0.9999) splits.push(10 ** exponent);
  }
  return splits;
}

/** 1, 10 and 100 of each unit (KB, MB, GB) in range: round labels, where powers of ten of bytes are not. */
function byteSteps(min: number, max: number): number[] {
  const steps: number[] = [];
  for (let unit = 1; unit <= 2 ** 50; unit *= 1024) {
    for (const multiple of [1, 10, 100]) {
      const value = unit * multiple;
      if (value >= min * 0.9999 && value <= max * 1.0001) steps.push(value);
    }
  }
  return steps;
}

/** A log range with some room around the values, so that no marker sits on the plot's edge. */
function paddedLogRange(values: readonly number[]): [number, number] {
  const finite = values.filter((value) => Number.isFinite(value) && value > 0);
  if (finite.length === 0) return [1, 10];
  const low = Math.min(...finite) / 2.5;
  const high = Math.max(...finite) * 2.5;
  const [min, max] = uPlot.rangeLog(low, high, 10, true);
  return [min ?? low, max ?? high];
}

function font(palette: ChartPalette, pxSize: number): string {
  return `${Math.round(pxSize * devicePixelRatio)}px ${palette.font}`;
}

function axisStyle(palette: ChartPalette) {
  return {
    stroke: palette.muted,
    font: `12px ${palette.font}`,
    labelFont: `600 12px ${palette.font}`,
    grid: { stroke: palette.grid, width: 1 },
    ticks: { stroke: palette.grid, width: 1, size: 4 },
  };
}

function drawMarker(ctx: CanvasRenderingContext2D, shape: 'diamond' | 'triangle', x: number, y: number, radius: number) {
  ctx.beginPath();
  if (shape === 'diamond') {
    ctx.moveTo(x, y - radius);
    ctx.lineTo(x + radius, y);
    ctx.lineTo(x, y + radius);
    ctx.lineTo(x - radius, y);
  } else {
    ctx.moveTo(x, y - radius);
    ctx.lineTo(x + radius, y + radius * 0.8);
    ctx.lineTo(x - radius, y + radius * 0.8);
  }
  ctx.closePath();
}

export type CostChartInput = {
  readonly points: readonly CostPoint[];
  readonly figure: CostFigure;
  readonly budgetBytes: number | null;
  /** Where "yours" is marked: the learner's function's own N. */
  readonly learnerIterations: number | null;
  readonly iterationName: string;
};

/**
 * Implicit and unrolled as lines with their points, "yours" as a diamond at its N, and each point that ran
 * out of memory as a triangle with "over the … budget" (on the budget's line for memory, at the top of the
 * plot for the other figures) instead of a value it never had.
 */
export function costChart(input: CostChartInput, palette: ChartPalette): ChartSpec {
  const { points, figure, budgetBytes, learnerIterations, iterationName } = input;
  const xs = [...new Set<number>([...INSIGHT_ITERATIONS, ...points.map((point) => point.iterations)])].sort((a, b) => a - b);
  const valueAt = (method: InsightMethod, iterations: number): number | null => {
    const point = points.find((candidate) => candidate.method === method && candidate.iterations === iterations);
    if (!point || point.status !== 'measured') return null;
    const value = point[figure];
    // A log axis has no zero: such a figure is left to the table.
    return value > 0 ? value : null;
  };
  const lines = LINE_METHODS.map((method) => xs.map((x) => valueAt(method, x)));
  const yoursPoint = points.find((point) => point.method === INSIGHT_METHOD.yours);
  const yoursValue = yoursPoint ? valueAt(INSIGHT_METHOD.yours, yoursPoint.iterations) : null;
  const over = points.filter((point) => point.status === 'out-of-memory');
  const budgetShown = figure === 'peakBytes' && budgetBytes !== null && over.length > 0;

  const plotted = [...lines.flat(), yoursValue].filter((value): value is number => value !== null);
  const [yMin, yMax] = paddedLogRange(budgetShown && budgetBytes !== null ? [...plotted, budgetBytes] : plotted);
  const axis = axisStyle(palette);

  const drawOverlay = (u: uPlot) => {
    const { ctx } = u;
    const { left, top, width } = u.bbox;
    const px = devicePixelRatio;
    ctx.save();
    // uPlot leaves the last series' dash on the context.
    ctx.setLineDash([]);
    const budgetY = budgetShown && budgetBytes !== null ? u.valToPos(budgetBytes, 'y', true) : null;
    // Out of memory: a marker where the value would be (on the budget's line for memory, at the top else).
    const markerY = budgetY ?? top + 12 * px;
    for (const point of over) {
      const x = u.valToPos(point.iterations, 'x', true);
      ctx.fillStyle = palette.over;
      ctx.strokeStyle = palette.background;
      ctx.lineWidth = 1.5 * px;
      drawMarker(ctx, 'triangle', x, markerY, 7 * px);
      ctx.fill();
      ctx.stroke();
    }
    // The words once, ending over the last marker (above the budget's line, which the measured points stay
    // under; under the markers at the top), and kept inside the plot on a narrow screen.
    let wordsStart = left + width;
    const lastOver = over.at(-1);
    if (lastOver && budgetBytes !== null) {
      ctx.font = `600 ${font(palette, 12)}`;
      const words = `${lastOver.method}: ${overBudgetLabel(budgetBytes)}`;
      const textWidth = ctx.measureText(words).width;
      const end = Math.min(u.valToPos(lastOver.iterations, 'x', true) + 8 * px, left + width);
      wordsStart = Math.max(left + 4 * px, end - textWidth);
      ctx.fillStyle = palette.over;
      ctx.textAlign = 'left';
      ctx.textBaseline = budgetY === null ? 'top' : 'bottom';
      ctx.fillText(words, wordsStart, budgetY === null ? markerY + 10 * px : markerY - 10 * px);
    }
    if (budgetY !== null && budgetBytes !== null) {
      ctx.strokeStyle = palette.over;
      ctx.lineWidth = 1.5 * px;
      ctx.setLineDash([3 * px, 3 * px]);
      ctx.beginPath();
      ctx.moveTo(left, budgetY);
      ctx.lineTo(left + width, budgetY);
      ctx.stroke();
      ctx.setLineDash([]);
      // The budget's own label at the left, unless the words above already fill that room (they name it too).
      ctx.font = font(palette, 12);
      const budgetWords = `${formatFigure('peakBytes', budgetBytes)} budget`;
      if (left + 6 * px + ctx.measureText(budgetWords).width + 16 * px < wordsStart) {
        ctx.fillStyle = palette.over;
        ctx.textAlign = 'left';
        ctx.textBaseline = 'bottom';
        ctx.fillText(budgetWords, left + 6 * px, budgetY - 4 * px);
      }
    }
    if (yoursPoint && yoursValue !== null) {
      const x = u.valToPos(yoursPoint.iterations, 'x', true);
      const y = u.valToPos(yoursValue, 'y', true);
      ctx.fillStyle = palette.yours;
      ctx.strokeStyle = palette.background;
      ctx.lineWidth = 2 * px;
      drawMarker(ctx, 'diamond', x, y, 8 * px);
      ctx.fill();
      ctx.stroke();
      // The word where no line passes: above the marker, else under it, else to its right.
      const linesAt = LINE_METHODS.map((_method, index) => lines[index]?.[xs.indexOf(yoursPoint.iterations)] ?? null)
        .filter((value): value is number => value !== null)
        .map((value) => u.valToPos(value, 'y', true));
      const clear = (labelY: number) => linesAt.every((lineY) => Math.abs(lineY - labelY) > 12 * px);
      const above = y - 17 * px;
      const below = y + 17 * px;
      ctx.font = `600 ${font(palette, 12)}`;
      ctx.textBaseline = 'middle';
      if (clear(above) || clear(below)) {
        ctx.textAlign = 'center';
        ctx.fillText('yours', x, clear(above) ? above : below);
      } else {
        ctx.textAlign = 'left';
        ctx.fillText('yours', x + 12 * px, y);
      }
    }
    ctx.restore();
  };

  return {
    data: [xs, ...lines],
    options: {
      legend: { show: false },
      cursor: { show: false },
      scales: {
        x: { time: false, distr: 3, log: 10, range: (_u, min, max) => [min / 1.6, max * 1.6] },
        y: { distr: 3, log: 10, range: () => [yMin, yMax] },
      },
      axes: [
        {
          ...axis,
          label: `N (${iterationName})`,
          splits: () => [...INSIGHT_ITERATIONS],
          // uPlot's log axes label powers of ten alone by default; every N measured is labelled here.
          filter: (_u, splits) => splits,
          values: (_u, splits) => splits.map((value) => formatCount(value)),
        },
        {
          ...axis,
          size: 72,
          splits: () => (figure === 'peakBytes' ? byteSteps(yMin, yMax) : decades(yMin, yMax)),
          filter: (_u, splits) => splits,
          values: (_u, splits) => splits.map((value) => formatFigure(figure, value)),
        },
      ],
      series: [
        {},
        ...LINE_METHODS.map((method) => ({
          label: method,
          stroke: colourOf(palette, method),
          width: 2.5,
          dash: [...DASH[method]],
          spanGaps: false,
          points: { show: true, size: 8, stroke: colourOf(palette, method), fill: palette.background, width: 2 },
        })),
      ],
      hooks: { draw: [drawOverlay] },
    },
  };
}

/** The smallest error the error chart shows: float32 agreeing to the last bit is drawn here, said "exact". */
const ERROR_FLOOR = 1e-9;

export type ErrorChartInput = {
  readonly iterations: readonly number[];
  readonly unrolled: readonly number[];
  readonly implicit: readonly number[];
  /** Where the slider is, read at each draw. */
  readonly markedIterations: () => number;
};

/** |relative error| against N for the unrolled and the implicit derivative, the slider's N as a vertical line. */
export function errorChart(input: ErrorChartInput, palette: ChartPalette): ChartSpec {
  const shown = (errors: readonly number[]) =>
    errors.map((error) => (Number.isFinite(error) ? Math.max(error, ERROR_FLOOR) : null));
  const unrolled = shown(input.unrolled);
  const implicit = shown(input.implicit);
  const [yMin, yMax] = paddedLogRange([...unrolled, ...implicit].filter((value): value is number => value !== null));
  const axis = axisStyle(palette);
  const drawMark = (u: uPlot) => {
    const { ctx } = u;
    const { top, height } = u.bbox;
    const x = u.valToPos(input.markedIterations(), 'x', true);
    ctx.save();
    // uPlot leaves the last series' dash on the context.
    ctx.setLineDash([]);
    ctx.strokeStyle = palette.yours;
    ctx.lineWidth = 2 * devicePixelRatio;
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
    ctx.restore();
  };
  // At most five labels, so that a range of many powers of ten does not crowd the small chart.
  const ySplits = decades(yMin, yMax);
  const step = Math.ceil(ySplits.length / 5);
  return {
    data: [[...input.iterations], unrolled, implicit],
    options: {
      legend: { show: false },
      cursor: { show: false },
      scales: {
        x: { time: false, range: (_u, min, max) => [min, max] },
        y: { distr: 3, log: 10, range: () => [yMin, yMax] },
      },
      axes: [
        { ...axis, label: 'N' },
        {
          ...axis,
          label: 'relative error',
          size: 56,
          splits: () => ySplits.filter((_value, index) => index % step === 0),
          filter: (_u, splits) => splits,
          values: (_u, splits) => splits.map((value) => formatPowerOfTen(value)),
        },
      ],
      series: [
        {},
        ...LINE_METHODS.map((method) => ({
          label: method,
          stroke: colourOf(palette, method),
          width: 2,
          dash: [...DASH[method]],
          spanGaps: false,
          points: { show: false },
        })),
      ],
      hooks: { draw: [drawMark] },
    },
  };
}
