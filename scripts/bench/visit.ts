/**
 * One visit of a built site in a fresh browser context (empty cache and storage) and what it measures: the
 * kata's cold visit with its Runs, then the second visit in the same context (a new page, as after closing
 * the tab), then the same offline; the course's index; a cold visit as a throttled phone.
 */
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { problemUrl } from '../browser.ts';
import { blockingTime, milestone, recordMilestones, TIMEOUT_MS, type Blocking } from './probes.ts';
import { siteFile, type Target } from './target.ts';

const SOLUTION = readFileSync(new URL('../../src/problems/fixed-point-sqrt/solution.ts', import.meta.url), 'utf8');
export const SLUG = 'fixed-point-sqrt';
const SETTLED_VERDICTS = ['passed', 'failed', 'error', 'timeout'];
const DESKTOP = { viewport: { width: 1400, height: 900 } };
/** The blocking-time window closes at the latest this long after navigation (see probes.ts). */
const DESKTOP_WINDOW_CAP_MS = 30_000;
const MOBILE_WINDOW_CAP_MS = 60_000;
/** The service worker registers once the editor is ready and then precaches the whole build. */
const SERVICE_WORKER_TIMEOUT_MS = 60_000;
/** Offline, the editor comes up from the service worker's cache or not at all. */
const OFFLINE_TIMEOUT_MS = 20_000;

/** When a file was first requested: to show the editor, lazily once it shows, or only when Run is pressed. */
export const PHASES = ['before editor', 'after editor', 'first Run'] as const;
export type Phase = (typeof PHASES)[number];

export type SecondVisit = {
  fcpMs: number;
  plainMs: number;
  editorMs: number;
  typesMs: number;
  /** Responses to the page and its workers (not the service worker's own fetches). */
  requests: number;
  fromServiceWorker: number;
  /** A service worker controlled the new page. */
  controlled: boolean;
  /** Entries in the service worker's precache once it was active; null without a service worker. */
  precacheEntries: number | null;
};

export type OfflineVisit = { fcpMs: number; editorMs: number } | { failed: string };

export type ColdVisit = {
  fcpMs: number;
  plainMs: number;
  editorMs: number;
  typesMs: number;
  blocking: Blocking;
  firstRunMs: number;
  /** Later Runs with the pause between them. */
  laterRunMs: number[];
  /** Later Runs clicked as soon as the previous verdict shows. */
  backToBackRunMs: number[];
  /** Path of each file the page and its workers fetched until the first Run's verdict, with its phase. */
  files: Map<string, Phase>;
  /** Files the service worker itself fetched in that time (its precache), not counted in `files`. */
  precachedFiles: Set<string>;
  /** Responses that are errors or come from outside the site, as `status url`. */
  unexpected: string[];
  /** Site-relative paths of the stylesheets the kata's page links once the editor is there. */
  stylesheets: string[];
  second: SecondVisit;
  offline: OfflineVisit | null;
};

export type RunOptions = { laterRuns: number; pauseMs: number };

/**
 * Clicks Run from inside the page and times, in page time, until `data-verdict` leaves `running` for a settled
 * value: no round trip to Node in the measurement. Fails unless the verdict is `passed`.
 */
async function timeRun(page: Page): Promise<{ clickedMs: number; ms: number }> {
  const button = await page.getByRole('button', { name: /^Run/ }).first().elementHandle({ timeout: TIMEOUT_MS });
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
    const summary = await page.locator('.results').first().textContent({ timeout: 1000 }).catch(() => '');
    throw new Error(`the reference solution got "${run.verdict}", not "passed": ${summary}`);
  }
  return run;
}

/** First contentful paint of a page that needs nothing else (the index, the static floor). */
async function firstPaint(page: Page, what: string): Promise<number> {
  try {
    const handle = await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime, null, {
      timeout: TIMEOUT_MS,
    });
    return (await handle.jsonValue()) as number;
  } catch (error) {
    throw new Error(`${what}'s first contentful paint did not happen (${String(error).split('\n')[0]})`);
  }
}

/** A cold visit to a page that is only painted: its FCP, and the site files it fetched until the network was idle. */
export async function visitForPaint(
  browser: Browser,
  url: string,
  what: string,
  target?: Pick<Target, 'dir' | 'site'>,
): Promise<{ fcpMs: number; files: string[] }> {
  const context = await browser.newContext(DESKTOP);
  try {
    const files = new Set<string>();
    context.on('request', (request) => {
      const file = target && siteFile(request.url(), target);
      if (file) files.add(file);
    });
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'networkidle' });
    return { fcpMs: await firstPaint(page, what), files: [...files] };
  } finally {
    await context.close();
  }
}

/**
 * Waits until the service worker is active, has finished its precache (it activates only after installing)
 * and controls the page; returns how many entries its precache holds.
 */
async function serviceWorkerReady(page: Page): Promise<number> {
  return page.evaluate(async (timeoutMs) => {
    const deadline = performance.now() + timeoutMs;
    const registration = await Promise.race([
      navigator.serviceWorker.ready,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no service worker became active')), timeoutMs)),
    ]);
    while (registration.active?.state !== 'activated' || !navigator.serviceWorker.controller) {
      if (performance.now() > deadline) {
        throw new Error(`service worker ${registration.active?.state ?? 'missing'}, controller ${String(navigator.serviceWorker.controller)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    let entries = 0;
    for (const name of await caches.keys()) {
      if (name.includes('precache')) entries += (await (await caches.open(name)).keys()).length;
    }
    return entries;
  }, SERVICE_WORKER_TIMEOUT_MS);
}

/** The responses a context reports (in Chromium, the workers' too) while `during` runs. */
async function collectResponses<T>(context: BrowserContext, during: () => Promise<T>): Promise<{ result: T; responses: Response[] }> {
  const responses: Response[] = [];
  const onResponse = (response: Response) => responses.push(response);
  context.on('response', onResponse);
  try {
    return { result: await during(), responses };
  } finally {
    context.off('response', onResponse);
  }
}

async function secondVisit(context: BrowserContext, url: string, precacheEntries: number | null): Promise<{ page: Page; visit: SecondVisit }> {
  const page = await context.newPage();
  const { result, responses } = await collectResponses(context, async () => {
    await page.goto(url);
    const fcpMs = await milestone(page, 'fcpMs', 'second visit: first contentful paint');
    const plainMs = await milestone(page, 'plainMs', 'second visit: the code in a text area');
    const editorMs = await milestone(page, 'editorMs', 'second visit: the starter code in the editor');
    const typesMs = await milestone(page, 'typesMs', 'second visit: TypeScript readiness');
    return { fcpMs, plainMs, editorMs, typesMs };
  });
  const own = responses.filter((response) => !response.request().serviceWorker());
  const controlled = await page.evaluate(() => Boolean(navigator.serviceWorker?.controller));
  const fromServiceWorker = own.filter((response) => response.fromServiceWorker()).length;
  return { page, visit: { ...result, requests: own.length, fromServiceWorker, controlled, precacheEntries } };
}

async function offlineVisit(context: BrowserContext, url: string): Promise<OfflineVisit> {
  await context.setOffline(true);
  const page = await context.newPage();
  try {
    await page.goto(url, { timeout: OFFLINE_TIMEOUT_MS });
    const editorMs = await milestone(page, 'editorMs', 'offline: the starter code in the editor', OFFLINE_TIMEOUT_MS);
    return { fcpMs: await milestone(page, 'fcpMs', 'offline: first contentful paint', 1000), editorMs };
  } catch (error) {
    return { failed: String(error instanceof Error ? error.message : error).split('\n')[0] ?? 'failed' };
  } finally {
    await page.close();
    await context.setOffline(false);
  }
}

/** The kata's cold visit with its Runs, then its second visit and an offline one, in one context. */
export async function coldVisit(browser: Browser, target: Target, { laterRuns, pauseMs }: RunOptions): Promise<ColdVisit> {
  const url = problemUrl(target.site, SLUG);
  const context = await browser.newContext(DESKTOP);
  try {
    await context.addInitScript(recordMilestones);
    const page = await context.newPage();
    const cold = await collectResponses(context, async () => {
      await page.goto(url);
      const fcpMs = await milestone(page, 'fcpMs', 'first contentful paint');
      const plainMs = await milestone(page, 'plainMs', 'the code in a text area');
      const editorMs = await milestone(page, 'editorMs', 'the starter code in the editor');
      const typesMs = await milestone(page, 'typesMs', 'TypeScript readiness');
      const blocking = await blockingTime(page, DESKTOP_WINDOW_CAP_MS);
      const pasted = await page.evaluate((code) => {
        window.__kataEditor?.setValue(code);
        return window.__kataEditor?.getValue();
      }, SOLUTION);
      if (pasted !== SOLUTION) throw new Error('the editor did not take the reference solution');
      const firstRun = await timeRun(page);
      return { fcpMs, plainMs, editorMs, typesMs, blocking, firstRun };
    });
    const { editorMs, firstRun } = cold.result;
    const laterRunMs: number[] = [];
    for (let run = 0; run < laterRuns; run++) {
      await page.waitForTimeout(pauseMs);
      laterRunMs.push((await timeRun(page)).ms);
    }
    const backToBackRunMs: number[] = [];
    for (let run = 0; run < laterRuns; run++) backToBackRunMs.push((await timeRun(page)).ms);

    // Request start times are wall-clock; the milestones are page time since navigation start.
    const timeOrigin = await page.evaluate(() => performance.timeOrigin);
    const phaseAt = (startedAt: number): Phase => {
      const pageMs = startedAt - timeOrigin;
      return pageMs < editorMs ? 'before editor' : pageMs < firstRun.clickedMs ? 'after editor' : 'first Run';
    };
    const files = new Map<string, Phase>();
    const precachedFiles = new Set<string>();
    const unexpected: string[] = [];
    for (const response of cold.responses) {
      const url = response.url();
      const file = siteFile(url, target);
      if (response.status() >= 400 || (!file && !url.startsWith('data:') && !url.startsWith('blob:'))) {
        unexpected.push(`${response.status()} ${url}`);
      }
      if (!file) continue;
      if (response.request().serviceWorker()) precachedFiles.add(file);
      else if (!files.has(file)) files.set(file, phaseAt(response.request().timing().startTime));
    }
    const stylesheets = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')].map((link) => link.href),
    );

    const precacheEntries = target.hasServiceWorker ? await serviceWorkerReady(page) : null;
    await page.close();
    const second = await secondVisit(context, url, precacheEntries);
    await second.page.close();
    const offline = target.hasServiceWorker ? await offlineVisit(context, url) : null;
    return {
      ...cold.result,
      firstRunMs: firstRun.ms,
      laterRunMs,
      backToBackRunMs,
      files,
      precachedFiles,
      unexpected,
      stylesheets: stylesheets.flatMap((href) => siteFile(href, target) ?? []),
      second: second.visit,
      offline,
    };
  } finally {
    await context.close();
  }
}

export type MobileVisit = { fcpMs: number; plainMs: number; editorMs: number; blocking: Blocking };

/** Roughly Lighthouse's "slow 4G" and its mid-range phone: 150 ms round trips, 1.6 Mbps down, 750 kbps up, CPU / 4. */
export const MOBILE_PROFILE = {
  viewport: { width: 390, height: 844 },
  latencyMs: 150,
  downloadBitsPerSecond: 1.6e6,
  uploadBitsPerSecond: 750e3,
  cpuSlowdown: 4,
} as const;

/**
 * A cold visit as a phone: its viewport, touch and mobile flag, with the CPU and the page's network throttled
 * through the DevTools protocol. The throttling is set on the page's target before it navigates; a worker's
 * own fetches go through its own target, which Chromium may not throttle.
 */
export async function mobileVisit(browser: Browser, target: Target): Promise<MobileVisit> {
  const context = await browser.newContext({ viewport: MOBILE_PROFILE.viewport, isMobile: true, hasTouch: true, deviceScaleFactor: 3 });
  try {
    await context.addInitScript(recordMilestones);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: MOBILE_PROFILE.cpuSlowdown });
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: MOBILE_PROFILE.latencyMs,
      downloadThroughput: MOBILE_PROFILE.downloadBitsPerSecond / 8,
      uploadThroughput: MOBILE_PROFILE.uploadBitsPerSecond / 8,
    });
    await page.goto(problemUrl(target.site, SLUG), { timeout: MOBILE_WINDOW_CAP_MS });
    const timeoutMs = MOBILE_WINDOW_CAP_MS;
    const fcpMs = await milestone(page, 'fcpMs', 'phone: first contentful paint', timeoutMs);
    const plainMs = await milestone(page, 'plainMs', 'phone: the code in a text area', timeoutMs);
    const editorMs = await milestone(page, 'editorMs', 'phone: the starter code in the editor', timeoutMs);
    const blocking = await blockingTime(page, MOBILE_WINDOW_CAP_MS);
    return { fcpMs, plainMs, editorMs, blocking };
  } finally {
    await context.close();
  }
}
