/**
 * Prints the page part of the bench as plain aligned tables: each figure with its spread, the naive build's
 * figure and the ratio when it was measured, and the baseline's figure and the ratio now/baseline. Returns
 * the figures for BENCH_JSON and for `--write-baseline`.
 */
import { SITE_PREFIX } from '../browser.ts';
import type { Baseline } from './baseline.ts';
import { byPhase, chunkTable, total, type Chunk, type Totals } from './chunks.ts';
import type { PageBench, PageOptions, SiteBench } from './page.ts';
import { QUIET_MS } from './probes.ts';
import { central, figureTable, formatTable, kB, ratio, summarize, tenths, type FigureRow, type Summary, type Unit } from './stats.ts';
import { MOBILE_PROFILE, PHASES } from './visit.ts';

type Figure = { label: string; unit: Unit; value: Summary | number | undefined; note?: string };
/** Figure id to figure, in the order printed; a section is the ids that start with its prefix. */
type Figures = Map<string, Figure>;

const summaryOf = (samples: (number | undefined)[]): Summary | undefined => {
  const present = samples.filter((sample): sample is number => sample !== undefined && Number.isFinite(sample));
  return present.length > 0 ? summarize(present) : undefined;
};

/** `floorFcpMs`: the static floor's, for the ratio; only ours prints the floor itself (it is one page for both). */
function siteFigures(bench: SiteBench, options: PageOptions, floorFcpMs: number[]): { figures: Figures; chunks: Chunk[]; index: Totals } {
  const figures: Figures = new Map();
  const add = (id: string, label: string, unit: Unit, value: Summary | number | undefined, note?: string) =>
    figures.set(id, { label, unit, value, ...(note ? { note } : {}) });
  const visits = bench.visits;
  const of = (pick: (visit: (typeof visits)[number]) => number | undefined) => summaryOf(visits.map(pick));

  if (bench.index.length > 0) add('index.fcpMs', "the course's index: first contentful paint", 'ms', summaryOf(bench.index.map((visit) => visit.fcpMs)));
  add('cold.fcpMs', 'the kata: first contentful paint', 'ms', of((visit) => visit.fcpMs));
  const floor = summaryOf(floorFcpMs);
  if (bench.name === 'ours') add('floor.fcpMs', 'static floor: first contentful paint', 'ms', floor);
  const fcp = central(figures.get('cold.fcpMs')?.value);
  add('cold.fcpOverFloor', 'FCP / static floor (target <= 1.5)', 'ratio', fcp !== undefined && floor ? fcp / floor.median : undefined);
  add('cold.plainMs', 'code shown and typeable (text area or Monaco)', 'ms', of((visit) => visit.plainMs));
  add('cold.editorMs', 'Monaco holds the starter code', 'ms', of((visit) => visit.editorMs));
  add('cold.typesMs', 'TypeScript ready (tfjs types, first check)', 'ms', of((visit) => visit.typesMs));
  add('cold.firstRunMs', 'first Run -> verdict', 'ms', of((visit) => visit.firstRunMs));
  add('cold.laterRunMs', `later Run -> verdict (${options.laterRuns} per round, ${options.pauseMs} ms apart)`, 'ms', summaryOf(visits.flatMap((visit) => visit.laterRunMs)));
  add('cold.backToBackRunMs', `later Run -> verdict (${options.laterRuns} per round, back to back)`, 'ms', summaryOf(visits.flatMap((visit) => visit.backToBackRunMs)));

  const notQuiet = visits.filter((visit) => !visit.blocking.quiet).length;
  add('blocking.tbtMs', 'total blocking time after FCP', 'ms', of((visit) => visit.blocking.tbtMs), notQuiet ? `${notQuiet} rounds never quiet` : undefined);
  add('blocking.longTasks', 'long tasks (> 50 ms)', 'count', of((visit) => visit.blocking.longTasks));
  add('blocking.longestMs', 'longest task', 'ms', of((visit) => visit.blocking.longestMs));
  add('blocking.windowMs', 'window closed at', 'ms', of((visit) => visit.blocking.windowMs));

  const seconds = visits.map((visit) => visit.second);
  const controlled = seconds.filter((second) => second.controlled).length;
  add('second.fcpMs', 'first contentful paint', 'ms', summaryOf(seconds.map((second) => second.fcpMs)), `${controlled}/${seconds.length} controlled by a service worker`);
  add('second.plainMs', 'code shown and typeable', 'ms', summaryOf(seconds.map((second) => second.plainMs)));
  add('second.editorMs', 'Monaco holds the starter code', 'ms', summaryOf(seconds.map((second) => second.editorMs)));
  add('second.typesMs', 'TypeScript ready', 'ms', summaryOf(seconds.map((second) => second.typesMs)));
  add('second.requests', 'requests (page and its workers)', 'count', summaryOf(seconds.map((second) => second.requests)));
  add('second.fromServiceWorker', '  of them served by the service worker', 'count', summaryOf(seconds.map((second) => second.fromServiceWorker)));
  add('second.precacheEntries', 'precache entries once active', 'count', summaryOf(seconds.map((second) => second.precacheEntries ?? undefined)));
  const offline = visits.map((visit) => visit.offline);
  const failures = [...new Set(offline.flatMap((visit) => (visit && 'failed' in visit ? [visit.failed] : [])))];
  const offlineNote = offline.every((visit) => visit === null)
    ? 'no service worker'
    : failures.length > 0
      ? `failed ${failures.length}x: ${failures.join('; ').slice(0, 80)}`
      : undefined;
  const up = offline.flatMap((visit) => (visit && !('failed' in visit) ? [visit] : []));
  add('offline.fcpMs', 'offline: first contentful paint', 'ms', summaryOf(up.map((visit) => visit.fcpMs)), offlineNote);
  add('offline.editorMs', 'offline: Monaco holds the starter code', 'ms', summaryOf(up.map((visit) => visit.editorMs)), offlineNote);

  const mobile = bench.mobile;
  const mobileOf = (pick: (visit: (typeof mobile)[number]) => number) => summaryOf(mobile.map(pick));
  add('mobile.fcpMs', 'first contentful paint', 'ms', mobileOf((visit) => visit.fcpMs));
  add('mobile.plainMs', 'code shown and typeable', 'ms', mobileOf((visit) => visit.plainMs));
  add('mobile.editorMs', 'Monaco holds the starter code', 'ms', mobileOf((visit) => visit.editorMs));
  const mobileNotQuiet = mobile.filter((visit) => !visit.blocking.quiet).length;
  add('mobile.tbtMs', 'total blocking time after FCP', 'ms', mobileOf((visit) => visit.blocking.tbtMs), mobileNotQuiet ? `${mobileNotQuiet} rounds never quiet` : undefined);
  add('mobile.longTasks', 'long tasks (> 50 ms)', 'count', mobileOf((visit) => visit.blocking.longTasks));
  add('mobile.longestMs', 'longest task', 'ms', mobileOf((visit) => visit.blocking.longestMs));

  const lighthouse = bench.lighthouse;
  if (lighthouse.length > 0) {
    const lh = (pick: (figures: (typeof lighthouse)[number]) => number | undefined) => summaryOf(lighthouse.map(pick));
    const errors = [...new Set(lighthouse.flatMap((run) => (run.runtimeError ? [run.runtimeError] : [])))];
    add('lighthouse.performance', 'performance score', 'score', lh((run) => run.performance), errors.length > 0 ? 'with a runtime error, see below' : undefined);
    add('lighthouse.fcpMs', 'first contentful paint', 'ms', lh((run) => run.fcpMs));
    add('lighthouse.lcpMs', 'largest contentful paint', 'ms', lh((run) => run.lcpMs));
    add('lighthouse.tbtMs', 'total blocking time', 'ms', lh((run) => run.tbtMs));
    add('lighthouse.ttiMs', 'time to interactive', 'ms', lh((run) => run.ttiMs));
    add('lighthouse.speedIndexMs', 'speed index', 'ms', lh((run) => run.speedIndexMs));
  }

  const chunks = chunkTable(bench.dir, visits.map((visit) => visit.files));
  const bytes = byPhase(chunks);
  for (const phase of PHASES) {
    const part = bytes.phases[phase];
    add(`bytes.${phase.replace(/ (\w)/g, (_, letter: string) => letter.toUpperCase())}.gzip`, `${phase} (${part.files} files), gzip`, 'kB', part.gzip);
  }
  add('bytes.coldVisit.raw', `cold visit total (${bytes.downloaded.files} files), raw`, 'kB', bytes.downloaded.raw);
  add('bytes.coldVisit.gzip', 'cold visit total, gzip -9', 'kB', bytes.downloaded.gzip);
  add('bytes.coldVisit.brotli', 'cold visit total, brotli 11', 'kB', bytes.downloaded.brotli);
  const indexFiles = new Set(bench.index.flatMap((visit) => visit.files));
  const index = total(chunks.filter((chunk) => indexFiles.has(chunk.file)));
  if (bench.index.length > 0) add('bytes.index.gzip', `the course's index (${index.files} files), gzip`, 'kB', index.gzip);
  return { figures, chunks, index };
}

const SECTIONS: { prefix: string; title: (options: PageOptions) => string }[] = [
  {
    prefix: 'index|cold|floor',
    title: () =>
      'Cold visits, desktop 1400x900: page milestones in ms from navigation start; Runs from the click to the settled verdict',
  },
  {
    prefix: 'blocking',
    title: () =>
      `Main thread on the cold visit: long tasks from navigation until the page has been quiet ${QUIET_MS / 1000} s after the editor holds the starter (at most 30 s)`,
  },
  {
    prefix: 'second|offline',
    title: () =>
      'Second visit: a new page in the same context, once the service worker is active and controls the first (ms from navigation start); then offline',
  },
  {
    prefix: 'mobile',
    title: (options) =>
      `Phone, cold visit (${options.mobileRounds} rounds): ${MOBILE_PROFILE.viewport.width}x${MOBILE_PROFILE.viewport.height}, touch, CPU / ${MOBILE_PROFILE.cpuSlowdown}, ${MOBILE_PROFILE.latencyMs} ms RTT, ${MOBILE_PROFILE.downloadBitsPerSecond / 1e6} Mbps down, ${MOBILE_PROFILE.uploadBitsPerSecond / 1e3} kbps up; blocking time as above, at most 60 s`,
  },
  { prefix: 'lighthouse', title: (options) => `Lighthouse, mobile (its default, simulated throttling), ${options.lighthouseRounds} runs` },
  { prefix: 'bytes', title: () => 'Bytes of the cold visit until one Run has finished (kB = 1000 bytes)' },
];

const wrap = (names: string[]) => names.join(', ').match(/.{1,110}(, |$)/g)?.map((line) => `  ${line.trimEnd()}`).join('\n') ?? '  nothing';

export type PageFigures = { ours: Record<string, Summary | number>; naive: Record<string, Summary | number> | null };

/** Prints the page's tables; returns BENCH_JSON's page part, whose `figures.ours` a baseline is written from. */
export function reportPage(bench: PageBench, options: PageOptions, baseline: Baseline | null): { json: Record<string, unknown>; figures: PageFigures } {
  const ours = siteFigures(bench.ours, options, bench.floorFcpMs);
  const naive = bench.naive ? siteFigures(bench.naive, options, bench.floorFcpMs) : null;
  const baselineOf = (id: string) => baseline?.figures[id];

  console.log(`implicit-kata bench, ${bench.chromium}, built sites served under ${SITE_PREFIX}; rounds: ${options.rounds}`);
  console.log(
    baseline
      ? `baseline: bench/baseline.json, ${baseline.date}, ${baseline.chromium}; ${baseline.note}\n  machine then: ${baseline.machine}`
      : 'baseline: none (bench/baseline.json; --write-baseline writes it)',
  );
  if (naive) console.log(`naive build: ${bench.naive?.dir}, measured alternately with ours in each round`);
  for (const section of SECTIONS) {
    const pattern = new RegExp(`^(${section.prefix})\\.`);
    const rows: FigureRow[] = [...ours.figures]
      .filter(([id]) => pattern.test(id))
      .map(([id, figure]) => ({
        id,
        label: figure.label,
        unit: figure.unit,
        ours: figure.value,
        naive: naive?.figures.get(id)?.value,
        ...(figure.note ? { note: figure.note } : {}),
      }));
    if (section.prefix === 'lighthouse' && rows.length === 0) {
      console.log(`\n${bench.lighthouseMissing ?? 'Lighthouse: not run (--lighthouse-rounds 0)'}`);
      continue;
    }
    console.log(`\n${section.title(options)}\n`);
    if (section.prefix === 'bytes') printChunks(ours.chunks, options.rounds);
    console.log(figureTable(rows, naive !== null, baselineOf));
    if (section.prefix === 'lighthouse') {
      const runs = [...bench.ours.lighthouse, ...(bench.naive?.lighthouse ?? [])];
      const errors = [...new Set(runs.flatMap((run) => (run.runtimeError ? [run.runtimeError] : [])))];
      console.log(`Lighthouse ${runs[0]?.version ?? ''}${errors.length > 0 ? `, still scoring, reported: ${errors.join('; ')}` : ''}`);
    }
  }
  const gzipTotal = ours.figures.get('bytes.coldVisit.gzip')?.value as number;
  const naiveGzip = naive?.figures.get('bytes.coldVisit.gzip')?.value as number | undefined;
  console.log(
    `\ncold visit total gzip: ${kB(gzipTotal)} kB${naiveGzip !== undefined ? ` (naive ${kB(naiveGzip)} kB, ours/naive ${ratio(gzipTotal, naiveGzip)})` : ''}`,
  );
  console.log(`static floor: ${bench.floorStylesheets.join(', ')} and the statement of fixed-point-sqrt as paragraphs`);

  const indexFiles = [...new Set(bench.ours.index.flatMap((visit) => visit.files))].sort();
  console.log(`\nThe course's index downloads ${ours.index.files} files, ${kB(ours.index.raw)} kB raw, ${kB(ours.index.gzip)} kB gzip:\n${wrap(indexFiles)}`);
  // The service worker's own fetches until the first Run's verdict (its script and the start of its precache):
  // the offline copy, not what the learner waits for.
  const precached = new Set(bench.ours.visits.flatMap((visit) => [...visit.precachedFiles]));
  if (precached.size > 0) {
    const only = ours.chunks.filter((chunk) => chunk.phase === 'not requested' && precached.has(chunk.file));
    const part = total(only);
    console.log(
      `\nFetched only by the service worker by then (not counted above; ${part.files} files, ${kB(part.raw)} kB raw, ${kB(part.gzip)} kB gzip):\n${wrap(only.map((chunk) => chunk.file))}`,
    );
  }
  const skipped = ours.chunks.filter((chunk) => chunk.phase === 'not requested' && !precached.has(chunk.file));
  const notRequested = total(skipped);
  console.log(`\nNot requested (${skipped.length} files, ${kB(notRequested.raw)} kB raw, ${kB(notRequested.gzip)} kB gzip):\n${wrap(skipped.map((chunk) => chunk.file))}`);
  for (const site of [bench.ours, bench.naive]) {
    const unexpected = [...new Set(site?.visits.flatMap((visit) => visit.unexpected) ?? [])];
    if (unexpected.length > 0) console.log(`\nUnexpected responses (${site?.name}):\n  ${unexpected.join('\n  ')}`);
  }

  const plain = (figures: Figures) => Object.fromEntries([...figures].flatMap(([id, figure]) => (figure.value === undefined ? [] : [[id, figure.value]])));
  const figures: PageFigures = { ours: plain(ours.figures), naive: naive ? plain(naive.figures) : null };
  const samples = (site: SiteBench) => ({
    index: site.index.map((visit) => ({ fcpMs: tenths(visit.fcpMs), files: visit.files })),
    visits: site.visits.map((visit) => ({ ...visit, files: Object.fromEntries(visit.files), precachedFiles: [...visit.precachedFiles] })),
    mobile: site.mobile,
    lighthouse: site.lighthouse,
  });
  const json = {
    chromium: bench.chromium,
    settings: options,
    figures,
    floorFcpMs: bench.floorFcpMs.map(tenths),
    chunks: ours.chunks,
    naiveChunks: naive?.chunks ?? null,
    samples: { ours: samples(bench.ours), naive: bench.naive ? samples(bench.naive) : null },
    lighthouseMissing: bench.lighthouseMissing,
  };
  return { json, figures };
}

function printChunks(chunks: Chunk[], rounds: number): void {
  const fetched = chunks.filter((chunk) => chunk.phase !== 'not requested');
  const sizes = (part: { raw: number; gzip: number; brotli: number }) => [kB(part.raw), kB(part.gzip), kB(part.brotli)];
  console.log(
    formatTable(
      ['file', 'first requested', 'rounds', 'raw kB', 'gzip -9 kB', 'brotli 11 kB'],
      fetched.map((chunk) => [chunk.file, chunk.phase, `${chunk.rounds}/${rounds}`, ...sizes(chunk)]),
      [1],
    ),
  );
  console.log('');
}
