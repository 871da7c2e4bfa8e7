/**
 * The "insight" part of `npm run bench`: the "Why it matters" engine (src/insight/measure-insight.ts) in
 * Node, at the size the browser asks for before any shrinking (the problem's costSize) and the browser's
 * default memory budget, for every problem with an insight.ts: the figures per iteration count and method,
 * and the convergence study's rows at the learner's count and at the last. The machine may be shared: the
 * load average is printed with the figures.
 */
import { existsSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_BUDGET_BYTES, measureInsight } from '../src/insight/measure-insight.ts';
import type { ProblemInsight, Tf } from '../src/insight/problem-insight.ts';
import type { CostPoint, InsightResult } from '../src/insight/protocol.ts';

const PROBLEMS_DIR = fileURLToPath(new URL('../src/problems/', import.meta.url));

export type InsightBench = { loadAverage: number[]; problems: (InsightResult & { wallMs: number })[] };

export async function benchInsight(log: (line: string) => void): Promise<InsightBench> {
  await tf.setBackend('cpu');
  await tf.ready();
  const slugs = readdirSync(PROBLEMS_DIR).filter((slug) => existsSync(join(PROBLEMS_DIR, slug, 'insight.ts'))).sort();
  const problems: InsightBench['problems'] = [];
  for (const slug of slugs) {
    const { insight } = (await import(join(PROBLEMS_DIR, slug, 'insight.ts'))) as { insight: ProblemInsight };
    const start = performance.now();
    const result = await measureInsight(tf as unknown as Tf, insight, {
      slug,
      budgetBytes: DEFAULT_BUDGET_BYTES,
      size: insight.costSize,
      onProgress: ({ done, total, doing }) => log(`insight ${slug}: ${done}/${total} ${doing}`),
    });
    const wallMs = performance.now() - start;
    // The convergence rows the table shows (the learner's count and the last), not all of them, in BENCH_JSON.
    const rows = result.convergence.rows.filter(
      (row, index, all) => row.iterations === result.learnerIterations || index === all.length - 1,
    );
    problems.push({ ...result, convergence: { ...result.convergence, rows }, wallMs });
  }
  return { loadAverage: loadavg(), problems };
}

const MB = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

function row(point: CostPoint): string[] {
  const head = [String(point.iterations), point.method];
  switch (point.status) {
    case 'measured':
      return [...head, (point.forwardMs ?? 0).toFixed(0), point.backwardMs.toFixed(0), String(point.backwardKernels), MB(point.peakBytes), String(point.tapeNodes)];
    case 'out-of-memory':
      return [...head, '-', '-', '-', `> budget (${point.how}${'heldBytes' in point ? `, ${MB(point.heldBytes)}` : ''})`, '-'];
    case 'not-measured':
      return [...head, '-', '-', '-', point.reason, '-'];
  }
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((cells) => (cells[column] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column < 2 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

export function formatInsightBench(bench: InsightBench): string {
  const parts = [`Why it matters, in Node (load average ${bench.loadAverage.map((load) => load.toFixed(2)).join(' ')})`];
  for (const result of bench.problems) {
    const points = [...result.points].sort((a, b) => a.iterations - b.iterations || a.method.localeCompare(b.method));
    parts.push(
      `\n${result.slug}: ${result.inputSize.toLocaleString('en')} elements, budget ${MB(result.budgetBytes)} MB, ${(result.wallMs / 1000).toFixed(1)} s in all`,
      table(['N', 'method', 'forward ms', 'backward ms', 'bw kernels', 'peak MB', 'tape nodes'], points.map(row)),
    );
    const { convergence } = result;
    const at = (steps: number) => convergence.rows.find((entry) => entry.iterations === steps);
    const shown = [at(result.learnerIterations), convergence.rows.at(-1)].filter((entry) => entry !== undefined);
    parts.push(
      `convergence, ${convergence.readout} at ${convergence.where}; truth ${convergence.truth.toPrecision(6)} (${convergence.truthSource})`,
      table(
        ['N', 'forward', 'unrolled', 'implicit'],
        shown.map((entry) => [String(entry.iterations), entry.forward.toPrecision(6), entry.unrolled.toPrecision(6), entry.implicit.toPrecision(6)]),
      ),
    );
  }
  return parts.join('\n');
}
