/**
 * `npm run bench`: what a learner waits for and downloads when visiting the built kata, then the command-line
 * grader's throughput (bench-cli.ts) and the "Why it matters" engine in Node (bench-insight.ts).
 *
 * The page part (scripts/bench/): each round opens dist/ (served from a sub-path, as for the end-to-end tests)
 * in a fresh browser context, so the cache and storage are empty: the course's index, then the first kata's own
 * URL, its Runs, its second visit in the same context and an offline one; then a static page with the kata's
 * CSS and a statement-length text (the floor for a first paint). Then phone visits (throttled) and, when it
 * can be imported, Lighthouse. Medians, min and max over the rounds, each beside bench/baseline.json's figure.
 *
 * `--naive` also measures the naive build of the same stack (scripts/naive-build.ts builds it), alternately
 * with ours in each round; `--naive-dir <dir>` measures an already built site as the naive one.
 * `--write-baseline` rewrites bench/baseline.json from this run (`--baseline-note` says what it is).
 * `--only page`, `--only cli` or `--only insight` runs one part (`npm run bench:cli` is the second, without
 * building the site). Progress goes to stderr, results to stdout, and BENCH_JSON with every figure last.
 */
import { parseArgs } from 'node:util';
import { benchCli, formatCliBench, type CliBench } from './bench-cli.ts';
import { benchInsight, formatInsightBench, type InsightBench } from './bench-insight.ts';
import { machineNote, readBaseline, writeBaseline, BASELINE_FILE } from './bench/baseline.ts';
import { benchPage, type PageOptions } from './bench/page.ts';
import { reportPage } from './bench/report.ts';

type Options = PageOptions & {
  only: 'page' | 'cli' | 'insight' | null;
  cliRounds: number;
  writeBaseline: boolean;
  baselineNote: string;
};

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '5' },
      'later-runs': { type: 'string', default: '5' },
      // Clicked back to back, a later Run can catch the next sandbox worker still loading tfjs; a learner reads
      // the result and edits first. Back-to-back Runs are timed as well, in a row of their own.
      'pause-ms': { type: 'string', default: '1000' },
      'mobile-rounds': { type: 'string', default: '1' },
      'lighthouse-rounds': { type: 'string', default: '1' },
      naive: { type: 'boolean', default: false },
      'naive-dir': { type: 'string' },
      'write-baseline': { type: 'boolean', default: false },
      'baseline-note': { type: 'string', default: '' },
      only: { type: 'string' },
      'cli-rounds': { type: 'string', default: '3' },
    },
  });
  type IntegerFlag = 'rounds' | 'later-runs' | 'pause-ms' | 'mobile-rounds' | 'lighthouse-rounds' | 'cli-rounds';
  const integer = (flag: IntegerFlag, min: number) => {
    const value = Number(values[flag]);
    if (!Number.isInteger(value) || value < min) {
      throw new Error(`--${flag} must be an integer >= ${min}, not "${values[flag]}"`);
    }
    return value;
  };
  const only = values.only ?? null;
  if (only !== null && only !== 'page' && only !== 'cli' && only !== 'insight') {
    throw new Error(`--only is page, cli or insight, not "${only}"`);
  }
  const naiveDir = values['naive-dir'] ?? null;
  return {
    rounds: integer('rounds', 1),
    laterRuns: integer('later-runs', 1),
    pauseMs: integer('pause-ms', 0),
    mobileRounds: integer('mobile-rounds', 0),
    lighthouseRounds: integer('lighthouse-rounds', 0),
    naive: values.naive || naiveDir !== null,
    naiveDir,
    writeBaseline: values['write-baseline'],
    baselineNote: values['baseline-note'],
    only,
    cliRounds: integer('cli-rounds', 1),
  };
}

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const options = parseOptions();
  const runs = (part: 'page' | 'cli' | 'insight') => options.only === null || options.only === part;
  if (options.writeBaseline && !runs('page')) throw new Error('--write-baseline needs the page part (not --only cli or insight)');
  // The page's figures at the top level; the command-line grader's under `cli`, the insight's under `insight`.
  let figures: Record<string, unknown> & { cli?: CliBench; insight?: InsightBench } = {};
  if (runs('page')) {
    const { only, cliRounds, writeBaseline: write, baselineNote, ...pageOptions } = options;
    const bench = await benchPage(pageOptions, log);
    const page = reportPage(bench, pageOptions, readBaseline());
    figures = page.json;
    if (write) {
      const numbers = Object.fromEntries(
        Object.entries(page.figures.ours).map(([id, figure]) => [id, typeof figure === 'number' ? figure : figure.median]),
      );
      writeBaseline({
        date: new Date().toISOString(),
        note: baselineNote || 'written by npm run bench -- --write-baseline',
        machine: machineNote(),
        chromium: bench.chromium,
        settings: pageOptions,
        figures: numbers,
      });
      console.log(`\nwrote ${BASELINE_FILE}`);
    }
  }
  if (runs('cli')) {
    const cli = await benchCli(options.cliRounds, log);
    console.log(`${options.only === 'cli' ? '' : '\n'}${formatCliBench(cli)}`);
    figures.cli = cli;
  }
  if (runs('insight')) {
    const insight = await benchInsight(log);
    console.log(`${options.only === 'insight' ? '' : '\n'}${formatInsightBench(insight)}`);
    figures.insight = insight;
  }
  console.log(`BENCH_JSON ${JSON.stringify(figures)}`);
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
