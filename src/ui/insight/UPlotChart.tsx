import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** The page's colours, read from its CSS custom properties, so that a chart matches the theme in force. */
export type ChartPalette = {
  readonly fg: string;
  readonly muted: string;
  readonly grid: string;
  readonly implicit: string;
  readonly unrolled: string;
  readonly yours: string;
  readonly over: string;
  readonly background: string;
  readonly font: string;
};

function readPalette(element: Element): ChartPalette {
  const style = getComputedStyle(element);
  const read = (name: string) => style.getPropertyValue(name).trim();
  return {
    fg: read('--fg'),
    muted: read('--fg-muted'),
    grid: read('--chart-grid'),
    implicit: read('--chart-implicit'),
    unrolled: read('--chart-unrolled'),
    yours: read('--chart-yours'),
    over: read('--chart-over'),
    background: read('--bg-elevated'),
    font: read('--font-ui'),
  };
}

/**
 * The theme as the page has applied it. Watched on the root element rather than taken from a prop: the page
 * sets data-theme in an effect of its own, which runs after this chart's effects would have read the colours.
 */
function useAppliedTheme(): string | undefined {
  const [theme, setTheme] = useState(() => document.documentElement.dataset.theme);
  useEffect(() => {
    const observer = new MutationObserver(() => setTheme(document.documentElement.dataset.theme));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => observer.disconnect();
  }, []);
  return theme;
}

export type ChartSpec = { readonly options: Omit<uPlot.Options, 'width' | 'height'>; readonly data: uPlot.AlignedData };

export type UPlotChartProps = {
  /** Makes the chart for a palette; a new function (new data) makes a new chart. */
  build(palette: ChartPalette): ChartSpec;
  /** Height in CSS pixels; the width is the container's. */
  height: number;
  /** What the chart shows, for assistive technology, which reads the figures from the table instead. */
  label: string;
  className?: string;
  /** A change redraws the chart without rebuilding it (a marker that moved, say). */
  redrawKey?: unknown;
};

/**
 * A uPlot chart that fills its container's width: rebuilt when its data or the theme changes, resized with
 * its container (a window resized, a phone turned). uPlot draws on a canvas, so the chart is an image to
 * screen readers; its figures must be in text beside it.
 */
export function UPlotChart({ build, height, label, className, redrawKey }: UPlotChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const theme = useAppliedTheme();

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const { options, data } = build(readPalette(element));
    const width = Math.max(200, Math.floor(element.clientWidth));
    const created = new uPlot({ ...options, width, height }, data, element);
    chart.current = created;
    const observer = new ResizeObserver(() => {
      const next = Math.max(200, Math.floor(element.clientWidth));
      if (next !== created.width) created.setSize({ width: next, height });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      created.destroy();
      if (chart.current === created) chart.current = null;
    };
  }, [build, height, theme]);

  useEffect(() => {
    chart.current?.redraw(false, false);
  }, [redrawKey]);

  return <div ref={host} className={className} role="img" aria-label={label} />;
}
