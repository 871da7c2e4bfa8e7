/**
 * The page part of `npm run bench`: rounds of cold visits to our built site (and, with `--naive`, to the naive
 * build of the same stack, alternately, in the same run), the static floor, phone visits and Lighthouse.
 * Returns what was measured; report.ts prints it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { DIST_DIR, launchChromium, problemUrl, serveDist } from '../browser.ts';
import { LIGHTHOUSE_MISSING, loadLighthouse, runLighthouse, type LighthouseFigures } from './lighthouse.ts';
import { serveStaticFloor, type StaticFloor } from './static-floor.ts';
import { hasServiceWorker, type Target, type TargetName } from './target.ts';
import { coldVisit, mobileVisit, SLUG, visitForPaint, type ColdVisit, type MobileVisit, type RunOptions } from './visit.ts';

export type PageOptions = RunOptions & {
  rounds: number;
  mobileRounds: number;
  lighthouseRounds: number;
  /** Measure the naive build beside ours: built by scripts/naive-build.ts, or this folder if given. */
  naive: boolean;
  naiveDir: string | null;
};

/** Everything measured on one built site. */
export type SiteBench = {
  name: TargetName;
  dir: string;
  /** The course's index (ours only: the naive build has no course). */
  index: { fcpMs: number; files: string[] }[];
  visits: ColdVisit[];
  mobile: MobileVisit[];
  lighthouse: LighthouseFigures[];
};

export type PageBench = {
  chromium: string;
  ours: SiteBench;
  naive: SiteBench | null;
  floorFcpMs: number[];
  floorStylesheets: string[];
  /** Why Lighthouse is missing, or null when it ran (or was not asked for). */
  lighthouseMissing: string | null;
};

const NAIVE_BUILD = fileURLToPath(new URL('../naive-build.ts', import.meta.url));

/** The naive build's folder: `--naive-dir`, or scripts/naive-build.ts's `buildNaiveSite`. */
async function naiveDir(options: PageOptions, log: (line: string) => void): Promise<string> {
  if (options.naiveDir) return options.naiveDir;
  if (!existsSync(NAIVE_BUILD)) {
    throw new Error(
      `--naive needs ${NAIVE_BUILD}, which exports buildNaiveSite(log) and builds bench/naive/; it is not there yet (or pass --naive-dir <a built site>)`,
    );
  }
  // Not a literal specifier: the file may not exist, and the type check must pass without it.
  const module = (await import(new URL('../naive-build.ts', import.meta.url).href)) as {
    buildNaiveSite?: (log: (line: string) => void) => Promise<string>;
  };
  if (typeof module.buildNaiveSite !== 'function') throw new Error(`${NAIVE_BUILD} does not export buildNaiveSite`);
  log('naive: building (scripts/naive-build.ts)');
  return module.buildNaiveSite(log);
}

const emptySite = (name: TargetName, dir: string): SiteBench => ({ name, dir, index: [], visits: [], mobile: [], lighthouse: [] });

export async function benchPage(options: PageOptions, log: (line: string) => void): Promise<PageBench> {
  if (!existsSync(join(DIST_DIR, 'index.html'))) {
    throw new Error(`no ${join(DIST_DIR, 'index.html')}: build first (\`npx vite build\`, or \`npm run bench\`)`);
  }
  const naiveFolder = options.naive ? await naiveDir(options, log) : null;
  if (naiveFolder && !existsSync(join(naiveFolder, 'index.html'))) throw new Error(`the naive build has no ${join(naiveFolder, 'index.html')}`);
  const targets: Target[] = [];
  let floor: StaticFloor | undefined;
  let browser: Browser | undefined;
  try {
    targets.push({ name: 'ours', dir: DIST_DIR, site: await serveDist(), hasServiceWorker: hasServiceWorker(DIST_DIR) });
    if (naiveFolder) {
      targets.push({ name: 'naive', dir: naiveFolder, site: await serveDist(undefined, naiveFolder), hasServiceWorker: hasServiceWorker(naiveFolder) });
    }
    const benches = new Map(targets.map((target) => [target.name, emptySite(target.name, target.dir)]));
    const benchOf = (target: Target) => benches.get(target.name)!;
    browser = await launchChromium();
    const floorFcpMs: number[] = [];
    let floorStylesheets: string[] = [];
    for (let round = 1; round <= options.rounds; round++) {
      for (const target of targets) {
        log(`round ${round}/${options.rounds}: ${target.name}`);
        const bench = benchOf(target);
        if (target.name === 'ours') bench.index.push(await visitForPaint(browser, target.site.url, "the course's index", target));
        bench.visits.push(await coldVisit(browser, target, options));
      }
      if (!floor) {
        floorStylesheets = benchOf(targets[0]!).visits[0]!.stylesheets;
        floor = await serveStaticFloor(DIST_DIR, floorStylesheets);
      }
      log(`round ${round}/${options.rounds}: static floor`);
      floorFcpMs.push((await visitForPaint(browser, floor.site.url, 'the static floor')).fcpMs);
    }
    for (let round = 1; round <= options.mobileRounds; round++) {
      for (const target of targets) {
        log(`phone ${round}/${options.mobileRounds}: ${target.name}`);
        benchOf(target).mobile.push(await mobileVisit(browser, target));
      }
    }
    const chromium = `Chromium ${browser.version()}`;
    // Lighthouse runs a browser of its own: ours is closed first, so that the two do not compete.
    await browser.close();
    browser = undefined;

    let lighthouseMissing: string | null = null;
    if (options.lighthouseRounds > 0) {
      const lighthouse = await loadLighthouse();
      if (!lighthouse) lighthouseMissing = LIGHTHOUSE_MISSING;
      for (let round = 1; lighthouse && round <= options.lighthouseRounds; round++) {
        for (const target of targets) {
          log(`Lighthouse ${round}/${options.lighthouseRounds}: ${target.name}`);
          benchOf(target).lighthouse.push(await runLighthouse(lighthouse, problemUrl(target.site, SLUG)));
        }
      }
    }
    return { chromium, ours: benches.get('ours')!, naive: benches.get('naive') ?? null, floorFcpMs, floorStylesheets, lighthouseMissing };
  } finally {
    await browser?.close();
    await floor?.close();
    for (const target of targets) await target.site.close();
  }
}
