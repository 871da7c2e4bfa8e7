/**
 * `npm run bench`: what a learner waits for and downloads on a cold visit to the built kata. Each round opens
 * dist/ (served from a sub-path, as for the end-to-end tests) in a fresh browser context, so the cache and
 * storage are empty: the course's index, then the first kata's own URL; the figures are medians over the rounds. Then the command-line grader's throughput on
 * a folder of typical submissions (bench-cli.ts), and the "Why it matters" engine in Node (bench-insight.ts).
 * `--only page`, `--only cli` or `--only insight` runs one part (`npm run bench:cli` is the second, without
 * building the site). Progress goes to stderr, results to stdout.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { Browser, Page, Response } from 'playwright-core';
import type { KataEditorTestHook } from '../src/ui/editor/testHook.ts';
import { benchCli, formatCliBench, type CliBench } from './bench-cli.ts';
import { benchInsight, formatInsightBench, type InsightBench } from './bench-insight.ts';
import { DIST_DIR, launchChromium, problemUrl, serveDist, SITE_PREFIX, type StaticSite } from './browser.ts';

const SOLUTION = readFileSync(new URL('../src/problems/fixed-point-sqrt/solution.ts', import.meta.url), 'utf8');
const SETTLED_VERDICTS = ['passed', 'failed', 'error', 'timeout'];
const TIMEOUT_MS = 30_000;

/** When a file was first requested: to show the editor, lazily once it shows, or only when Run is pressed. */
const PHASES = ['before editor', 'after editor', 'first Run'] as const;
type Phase = (typeof PHASES)[number];

/** Page-time milestones (ms since navigation start), written by `recordEditorMilestones` inside the page. */
type Milestones = { plainMs?: number; editorMs?: number; typesMs?: number };
type BenchWindow = Window & { __kataBench?: Milestones };

/** A cold visit to the course's index: its first paint, and what it downloaded by the time the network was idle. */
type IndexVisit = { fcpMs: number; files: string[] };

type Round = {
  index: IndexVisit;
  fcpMs: number;
  plainMs: number;
  editorMs: number;
  typesMs: number;
  firstRunMs: number;
  laterRunMs: number[];
  /** Dist-relative path of each file fetched until the first Run's verdict, with when it was first requested. */
  files: Map<string, Phase>;
  /** Responses that are errors or come from outside dist/, as `status url`. */
  unexpected: string[];
};

type Summary = { median: number; min: number; max: number; n: number };
type Chunk = { file: string; phase: Phase | 'not requested'; rounds: number; raw: number; gzip: number };

type Options = { rounds: number; laterRuns: number; pauseMs: number; only: 'page' | 'cli' | 'insight' | null; cliRounds: number };

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '5' },
      'later-runs': { type: 'string', default: '5' },
      // Clicked back to back, a later Run can catch the next sandbox worker still loading tfjs; a learner reads
      // the result and edits first.
      'pause-ms': { type: 'string', default: '1000' },
      only: { type: 'string' },
      'cli-rounds': { type: 'string', default: '3' },
    },
  });
  const integer = (flag: 'rounds' | 'later-runs' | 'pause-ms' | 'cli-rounds', min: number) => {
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
  return {
    rounds: integer('rounds', 1),
    laterRuns: integer('later-runs', 1),
    pauseMs: integer('pause-ms', 0),
    only,
    cliRounds: integer('cli-rounds', 1),
  };
}

/**
 * Runs in the page before its own scripts. The app installs `window.__kataEditor` when Monaco mounts with the
 * code in it; trapping that assignment times the moment exactly, where polling would add its interval.
 */
function recordEditorMilestones(): void {
  const marks: Milestones = {};
  let hook: KataEditorTestHook | undefined;
  Object.defineProperty(window, '__kataBench', { value: marks });
  // The plain text area that holds the code until Monaco is there: from then on the learner can type.
  const watch = new MutationObserver(() => {
    if (!document.querySelector('.code-editor__plain, .monaco-editor')) return;
    marks.plainMs = performance.now();
    watch.disconnect();
  });
  watch.observe(document, { childList: true, subtree: true });
  // Methods, not arrows bound to names: tsx wraps those in a `__name` helper that the page does not have.
  Object.defineProperty(window, '__kataEditor', {
    configurable: true,
    get() {
      return hook;
    },
    set(value: KataEditorTestHook | undefined) {
      hook = value;
      if (!value || marks.editorMs !== undefined || !value.getValue().includes('fixedPointSqrt')) return;
      marks.editorMs = performance.now();
      // The app calls `whenReady` itself right after installing the hook; a microtask later we share its promise
      // instead of starting the TypeScript service first.
      queueMicrotask(() => void value.whenReady().then(() => (marks.typesMs = performance.now())));
    },
  });
}

/** Waits until `probe` returns a number in the page, and returns it; `what` names it if it never comes. */
async function waitForNumber(page: Page, probe: () => number | undefined, what: string): Promise<number> {
  try {
    const handle = await page.waitForFunction(probe, null, { timeout: TIMEOUT_MS });
    return (await handle.jsonValue()) as number;
  } catch (error) {
    throw new Error(`${what} did not happen within ${TIMEOUT_MS / 1000} s (${String(error).split('\n')[0]})`);
  }
}

/**
 * Clicks Run from inside the page and times, in page time, until `data-verdict` leaves `running` for a settled
 * value: no round trip to Node in the measurement. Fails unless the verdict is `passed`.
 */
async function timeRun(page: Page): Promise<{ clickedMs: number; ms: number }> {
  const button = await page.getByRole('button', { name: /^Run/ }).elementHandle({ timeout: TIMEOUT_MS });
  const run = await page.evaluate(
    ([button, settled, timeoutMs]) =>
      new Promise<{ verdict: string; clickedMs: number; ms: number }>((resolve, reject) => {
        const results = document.querySelector('.results');
        if (!results) throw new Error('the page has no .results region');
        const timer = setTimeout(() => reject(new Error(`no verdict within ${timeoutMs / 1000} s`)), timeoutMs);
        const observer = new MutationObserver((records) => {
          const verdict = results.getAttribute('data-verdict') ?? '';
          if (!records.some((record) => record.oldValue === 'running') || !settled.includes(verdict)) return;
          const ms = performance.now() - clickedMs;
          observer.disconnect();
          clearTimeout(timer);
          resolve({ verdict, clickedMs, ms });
        });
        observer.observe(results, { attributeFilter: ['data-verdict'], attributeOldValue: true });
        const clickedMs = performance.now();
        button.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      }),
    [button, SETTLED_VERDICTS, TIMEOUT_MS] as const,
  );
  if (run.verdict !== 'passed') {
    const summary = await page.locator('.results__summary').textContent();
    throw new Error(`the reference solution got "${run.verdict}", not "passed": ${summary}`);
  }
  return run;
}

/** The dist-relative path a URL of the site serves, if it is a file in dist/. */
function distFile(url: string, site: StaticSite): string | undefined {
  if (!url.startsWith(site.url)) return undefined;
  const path = decodeURIComponent(new URL(url).pathname.slice(SITE_PREFIX.length)) || 'index.html';
  return existsSync(join(DIST_DIR, path)) && statSync(join(DIST_DIR, path)).isFile() ? path : undefined;
}

async function visitIndex(browser: Browser, site: StaticSite): Promise<IndexVisit> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    const files = new Set<string>();
    context.on('request', (request) => {
      const file = distFile(request.url(), site);
      if (file) files.add(file);
    });
    const page = await context.newPage();
    await page.goto(site.url, { waitUntil: 'networkidle' });
    const fcpMs = await waitForNumber(
      page,
      () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
      "the index's first contentful paint",
    );
    return { fcpMs, files: [...files] };
  } finally {
    await context.close();
  }
}

async function measureRound(browser: Browser, site: StaticSite, { laterRuns, pauseMs }: Options): Promise<Round> {
  const index = await visitIndex(browser, site);
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    await context.addInitScript(recordEditorMilestones);
    // On the context, not the page: in Chromium that is where the workers' requests are reported too.
    const responses: Response[] = [];
    const onResponse = (response: Response) => responses.push(response);
    context.on('response', onResponse);

    const page = await context.newPage();
    await page.goto(problemUrl(site, 'fixed-point-sqrt'));
    const fcpMs = await waitForNumber(
      page,
      () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
      'first contentful paint',
    );
    const plainMs = await waitForNumber(
      page,
      () => (window as BenchWindow).__kataBench?.plainMs,
      'the code in a text area',
    );
    const editorMs = await waitForNumber(
      page,
      () => (window as BenchWindow).__kataBench?.editorMs,
      'the starter code in the editor',
    );
    const typesMs = await waitForNumber(
      page,
      () => (window as BenchWindow).__kataBench?.typesMs,
      'TypeScript readiness',
    );

    const pasted = await page.evaluate((code) => {
      window.__kataEditor?.setValue(code);
      return window.__kataEditor?.getValue();
    }, SOLUTION);
    if (pasted !== SOLUTION) throw new Error('the editor did not take the reference solution');

    const firstRun = await timeRun(page);
    context.off('response', onResponse);
    const laterRunMs: number[] = [];
    for (let run = 0; run < laterRuns; run++) {
      await page.waitForTimeout(pauseMs);
      laterRunMs.push((await timeRun(page)).ms);
    }

    // Request start times are wall-clock; the milestones are page time since navigation start.
    const timeOrigin = await page.evaluate(() => performance.timeOrigin);
    const phaseAt = (startedAt: number): Phase => {
      const pageMs = startedAt - timeOrigin;
      return pageMs < editorMs ? 'before editor' : pageMs < firstRun.clickedMs ? 'after editor' : 'first Run';
    };
    const files = new Map<string, Phase>();
    const unexpected: string[] = [];
    for (const response of responses) {
      const url = response.url();
      const file = distFile(url, site);
      if (response.status() >= 400 || (!file && !url.startsWith('data:') && !url.startsWith('blob:'))) {
        unexpected.push(`${response.status()} ${url}`);
      }
      if (file && !files.has(file)) files.set(file, phaseAt(response.request().timing().startTime));
    }
    return { index, fcpMs, plainMs, editorMs, typesMs, firstRunMs: firstRun.ms, laterRunMs, files, unexpected };
  } finally {
    await context.close();
  }
}

/** Page clocks tick in 0.1 ms; more digits are floating-point noise. */
const tenths = (ms: number) => Math.round(ms * 10) / 10;

function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const median = Number.isInteger(middle)
    ? ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2
    : (sorted[Math.floor(middle)] ?? NaN);
  return { median: tenths(median), min: tenths(sorted[0] ?? NaN), max: tenths(sorted.at(-1) ?? NaN), n: sorted.length };
}

/** Every file in dist/, with the earliest phase any round requested it in, by gzip size (largest first). */
function chunkTable(rounds: Round[]): Chunk[] {
  const listDist = (dir: string): string[] =>
    readdirSync(join(DIST_DIR, dir), { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? listDist(join(dir, entry.name)) : [join(dir, entry.name)],
    );
  return listDist('')
    .map((file): Chunk => {
      const phases = rounds.map((round) => round.files.get(file)).filter((phase) => phase !== undefined);
      const bytes = readFileSync(join(DIST_DIR, file));
      return {
        file,
        phase: PHASES.find((phase) => phases.includes(phase)) ?? 'not requested',
        rounds: phases.length,
        raw: bytes.length,
        gzip: gzipSync(bytes, { level: 9 }).length,
      };
    })
    .sort((a, b) => b.gzip - a.gzip);
}

/** Plain text, space-aligned; columns after the first are right-aligned unless `left` lists them. */
function formatTable(header: string[], rows: string[][], left: number[] = []): string {
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) =>
        column === 0 || left.includes(column) ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

const kB = (bytes: number) => (bytes / 1000).toFixed(1);
const ms = (value: number) => value.toFixed(0);

/** Prints the page's tables and returns its figures for BENCH_JSON. */
function report(rounds: Round[], { laterRuns, pauseMs }: Options, chromium: string): Record<string, unknown> {
  const timings = {
    indexFirstContentfulPaintMs: summarize(rounds.map((round) => round.index.fcpMs)),
    firstContentfulPaintMs: summarize(rounds.map((round) => round.fcpMs)),
    codeTypeableMs: summarize(rounds.map((round) => round.plainMs)),
    editorHoldsStarterMs: summarize(rounds.map((round) => round.editorMs)),
    typeScriptReadyMs: summarize(rounds.map((round) => round.typesMs)),
    firstRunMs: summarize(rounds.map((round) => round.firstRunMs)),
    laterRunMs: summarize(rounds.flatMap((round) => round.laterRunMs)),
  };
  const labels: Record<keyof typeof timings, string> = {
    indexFirstContentfulPaintMs: "the course's index: first contentful paint",
    firstContentfulPaintMs: 'the kata: first contentful paint',
    codeTypeableMs: 'code shown and typeable (plain text area)',
    editorHoldsStarterMs: 'Monaco holds the starter code',
    typeScriptReadyMs: 'TypeScript ready (tfjs types, first check)',
    firstRunMs: 'first Run -> verdict',
    laterRunMs: `later Run -> verdict (${laterRuns} per round, ${pauseMs} ms apart)`,
  };
  const chunks = chunkTable(rounds);
  const fetched = chunks.filter((chunk) => chunk.phase !== 'not requested');
  const sizes = (bytes: { raw: number; gzip: number }) => [kB(bytes.raw), kB(bytes.gzip)];
  const sum = (list: Chunk[]) => ({
    files: list.length,
    raw: list.reduce((total, chunk) => total + chunk.raw, 0),
    gzip: list.reduce((total, chunk) => total + chunk.gzip, 0),
  });
  const byPhase = Object.fromEntries(
    PHASES.map((phase) => [phase, sum(chunks.filter((chunk) => chunk.phase === phase))]),
  );
  const skipped = chunks.filter((chunk) => chunk.phase === 'not requested');
  // What any round's index visit fetched (the same files every round, from a cold cache).
  const indexFiles = new Set(rounds.flatMap((round) => round.index.files));
  const indexDownload = sum(chunks.filter((chunk) => indexFiles.has(chunk.file)));
  const unexpected = [...new Set(rounds.flatMap((round) => round.unexpected))];

  console.log(`implicit-kata bench, ${chromium}, dist/ served under ${SITE_PREFIX}; cold visits: ${rounds.length}`);
  console.log('\nTimings in ms: page milestones from navigation start; Runs from the click to the settled verdict\n');
  console.log(
    formatTable(
      ['', 'median', 'min', 'max', 'n'],
      Object.entries(timings).map(([key, s]) => [
        labels[key as keyof typeof timings],
        ms(s.median),
        ms(s.min),
        ms(s.max),
        String(s.n),
      ]),
    ),
  );
  console.log("\nThe kata's cold visit downloads, until the editor is ready and one Run has finished (kB = 1000 bytes)\n");
  console.log(
    formatTable(
      ['file', 'first requested', 'rounds', 'raw kB', 'gzip -9 kB'],
      [
        ...fetched.map((chunk) => [chunk.file, chunk.phase, `${chunk.rounds}/${rounds.length}`, ...sizes(chunk)]),
        ...Object.entries(byPhase).map(([phase, part]) => [`  ${phase} (${part.files} files)`, '', '', ...sizes(part)]),
        [`total downloaded (${fetched.length} files)`, '', '', ...sizes(sum(fetched))],
      ],
      [1],
    ),
  );
  const [indexRaw, indexGzip] = sizes(indexDownload);
  console.log(`\nThe course's index downloads ${indexDownload.files} files, ${indexRaw} kB raw, ${indexGzip} kB gzip:`);
  console.log(`  ${[...indexFiles].sort().join(', ')}`);
  const [raw, gzip] = sizes(sum(skipped));
  const names = skipped.map((chunk) => chunk.file).join(', ');
  console.log(`\nNot requested (${skipped.length} files, ${raw} kB raw, ${gzip} kB gzip):`);
  console.log(names.match(/.{1,110}(, |$)/g)?.map((line) => `  ${line.trimEnd()}`).join('\n') ?? '  nothing');
  if (unexpected.length > 0) console.log(`Unexpected responses:\n  ${unexpected.join('\n  ')}`);

  const samples = rounds.map((round) => ({
    indexFcpMs: tenths(round.index.fcpMs),
    fcpMs: tenths(round.fcpMs),
    plainMs: tenths(round.plainMs),
    editorMs: tenths(round.editorMs),
    typesMs: tenths(round.typesMs),
    firstRunMs: tenths(round.firstRunMs),
    laterRunMs: round.laterRunMs.map(tenths),
  }));
  const totals = { downloaded: sum(fetched), byPhase, notRequested: sum(skipped), index: indexDownload };
  const settings = { rounds: rounds.length, laterRuns, pauseMs };
  return { chromium, ...settings, timings, chunks, totals, unexpected, samples };
}

async function benchPage(options: Options): Promise<Record<string, unknown>> {
  if (!existsSync(join(DIST_DIR, 'index.html'))) {
    throw new Error(`no ${join(DIST_DIR, 'index.html')}: build first (\`npx vite build\`, or \`npm run bench\`)`);
  }
  let site: StaticSite | undefined;
  let browser: Browser | undefined;
  try {
    site = await serveDist();
    browser = await launchChromium();
    const rounds: Round[] = [];
    for (let round = 1; round <= options.rounds; round++) {
      process.stderr.write(`round ${round}/${options.rounds}\n`);
      rounds.push(await measureRound(browser, site, options));
    }
    return report(rounds, options, `Chromium ${browser.version()}`);
  } finally {
    await browser?.close();
    await site?.close();
  }
}

async function main(): Promise<void> {
  const options = parseOptions();
  // The page's figures at the top level, as before; the command-line grader's under `cli`.
  const runs = (part: 'page' | 'cli' | 'insight') => options.only === null || options.only === part;
  const figures: Record<string, unknown> & { cli?: CliBench; insight?: InsightBench } = runs('page') ? await benchPage(options) : {};
  if (runs('cli')) {
    const cli = await benchCli(options.cliRounds, (line) => process.stderr.write(`${line}\n`));
    console.log(`${options.only === 'cli' ? '' : '\n'}${formatCliBench(cli)}`);
    figures.cli = cli;
  }
  if (runs('insight')) {
    const insight = await benchInsight((line) => process.stderr.write(`${line}\n`));
    console.log(`${options.only === 'insight' ? '' : '\n'}${formatInsightBench(insight)}`);
    figures.insight = insight;
  }
  console.log(`BENCH_JSON ${JSON.stringify(figures)}`);
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
