/**
 * Lighthouse's accessibility and best-practices categories score 100, as a desktop and as a phone, on the
 * course's index and on a problem, against the built site served from a sub-path. Debian's Chromium runs
 * under chrome-launcher with the same flags as the other end-to-end tests: no background networking, no
 * component updates, nothing fetched from outside the site (checked from Lighthouse's own request log), the
 * editor not fetched for the index, and no Chromium process left behind. Each audit prints its first
 * contentful paint and the bytes it transferred, to compare builds by (unthrottled: a local server).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, type LaunchedChrome } from 'chrome-launcher';
import lighthouse, { desktopConfig, type Config, type Flags, type Result } from 'lighthouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, chromiumPath, problemUrl, serveDist, type StaticSite } from '../../scripts/browser.ts';

const CATEGORIES = ['accessibility', 'best-practices'];
/** Measured alongside the categories, for the figures printed; they score nothing here. */
const FIGURES = ['first-contentful-paint', 'total-byte-weight'];

/** The pages audited: the site's root is the course's index; the first kata has a URL of its own. */
const PAGES = {
  index: (at: StaticSite) => at.url,
  problem: (at: StaticSite) => problemUrl(at, 'fixed-point-sqrt'),
} as const;
/** The editor's files: the index paints and works without them. */
const EDITOR_FILES = /\/assets\/(editor\.api|monaco|ts\.worker|editor\.worker|tsMode|kataEditor)-/;

/** Load the page as it comes: a static build on a local server has nothing to gain from simulated networks. */
const NO_THROTTLING = {
  rttMs: 0,
  throughputKbps: 0,
  requestLatencyMs: 0,
  downloadThroughputKbps: 0,
  uploadThroughputKbps: 0,
  cpuSlowdownMultiplier: 1,
};

const FORM_FACTORS: Record<'desktop' | 'mobile', Config> = {
  desktop: {
    extends: 'lighthouse:default',
    settings: { ...desktopConfig.settings, throttlingMethod: 'provided', throttling: NO_THROTTLING },
  },
  // Lighthouse's default: a phone's screen, user agent and touch.
  mobile: { extends: 'lighthouse:default', settings: { throttlingMethod: 'provided', throttling: NO_THROTTLING } },
};

let site: StaticSite | undefined;
let chrome: LaunchedChrome | undefined;
let userDataDir: string | undefined;

beforeAll(async () => {
  site = await serveDist();
  // A profile of our own, so that what is left of this Chromium can be found by it, and only it.
  userDataDir = mkdtempSync(join(tmpdir(), 'kata-lighthouse-'));
  chrome = await launch({
    chromePath: chromiumPath(),
    chromeFlags: CHROMIUM_ARGS,
    userDataDir,
    logLevel: 'silent',
  });
});

afterAll(async () => {
  chrome?.kill();
  chrome = undefined;
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  await site?.close();
});

type ProcessRow = { pid: number; ppid: number; zombie: boolean; args: string };

function processTable(): ProcessRow[] {
  return execFileSync('ps', ['-eo', 'pid=,ppid=,stat=,args='], { encoding: 'utf8' })
    .split('\n')
    .flatMap((line) => {
      const match = /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line);
      return match ? [{ pid: Number(match[1]), ppid: Number(match[2]), zombie: match[3]?.startsWith('Z') ?? false, args: match[4] ?? '' }] : [];
    });
}

/** This Chromium's processes: whatever names its profile, the browser if given, and everything under them. */
function chromiumProcesses(profile: string, browserPid?: number): Set<number> {
  const table = processTable();
  const found = new Set(table.filter((row) => row.args.includes(profile)).map((row) => row.pid));
  if (browserPid !== undefined) found.add(browserPid);
  for (let grew = true; grew; ) {
    grew = false;
    for (const row of table) {
      if (found.has(row.ppid) && !found.has(row.pid)) {
        found.add(row.pid);
        grew = true;
      }
    }
  }
  return found;
}

/** Which of `pids` still run (zombies waiting for their parent to reap them do not count). */
function stillRunning(pids: Set<number>): string[] {
  return processTable()
    .filter((row) => pids.has(row.pid) && !row.zombie)
    .map((row) => `${row.pid} ${row.args.slice(0, 120)}`);
}

/** Every audit that costs its category points, with where it failed, so that a failure says what to fix. */
function failingAudits(lhr: Result): string[] {
  return CATEGORIES.flatMap((categoryId) => {
    const category = lhr.categories[categoryId];
    if (!category) return [`${categoryId}: missing from the report`];
    return category.auditRefs
      .filter((ref) => ref.weight > 0)
      .map((ref) => lhr.audits[ref.id])
      .filter((audit) => audit !== undefined && audit.score !== null && audit.score < 1)
      .map((audit) => {
        const items = audit?.details && 'items' in audit.details ? (audit.details.items as Record<string, unknown>[]) : [];
        const where = items.slice(0, 10).map((item) => {
          const node = item.node as { selector?: string; snippet?: string; explanation?: string } | undefined;
          if (!node) return JSON.stringify(item).slice(0, 200);
          const why = (node.explanation ?? '').replace(/\s+/g, ' ').slice(0, 240);
          return `${node.selector ?? node.snippet}${why ? ` (${why})` : ''}`;
        });
        return `${categoryId} / ${audit?.id} (${audit?.title}) score ${audit?.score}${where.length ? `:\n      ${where.join('\n      ')}` : ''}`;
      });
  });
}

async function audit(formFactor: keyof typeof FORM_FACTORS, url: string) {
  if (!chrome) throw new Error('Chromium is not up');
  const flags: Flags = { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES, onlyAudits: FIGURES };
  const result = await lighthouse(url, flags, FORM_FACTORS[formFactor]);
  if (!result) throw new Error('Lighthouse returned no result');
  return result;
}

/** Every page on every form factor. */
const AUDITS = Object.entries(PAGES).flatMap(([pageName, urlOf]) =>
  (['desktop', 'mobile'] as const).map((formFactor) => ({ pageName, urlOf, formFactor })),
);

describe('Lighthouse', () => {
  for (const { pageName, urlOf, formFactor } of AUDITS) {
    it(`scores 100 in accessibility and best practices on the ${pageName} on ${formFactor}, requesting nothing outside the site`, async () => {
      if (!site) throw new Error('the site is not up');
      const pageUrl = urlOf(site);
      const { lhr, artifacts } = await audit(formFactor, pageUrl);
      expect(lhr.runtimeError, lhr.runtimeError?.message).toBeUndefined();
      expect(lhr.finalDisplayedUrl).toBe(pageUrl);
      expect(lhr.configSettings.formFactor).toBe(formFactor);
      const paintMs = lhr.audits['first-contentful-paint']?.numericValue ?? NaN;
      const bytes = lhr.audits['total-byte-weight']?.numericValue ?? NaN;
      console.log(
        `Lighthouse, ${pageName} on ${formFactor}: first contentful paint ${paintMs.toFixed(0)} ms, ${(bytes / 1000).toFixed(1)} kB transferred`,
      );
      const failing = failingAudits(lhr);
      const scores = Object.fromEntries(CATEGORIES.map((id) => [id, lhr.categories[id]?.score ?? null]));
      expect(scores, `Lighthouse on the ${pageName} on ${formFactor}:\n  ${failing.join('\n  ')}`).toEqual({
        accessibility: 1,
        'best-practices': 1,
      });

      // What the page asked for, from the DevTools protocol log Lighthouse recorded.
      const requested = artifacts.DevtoolsLog.flatMap((entry) =>
        entry.method === 'Network.requestWillBeSent' ? [entry.params.request.url] : [],
      );
      expect(requested.length).toBeGreaterThan(0);
      expect(requested.filter((url) => !url.startsWith(`${site?.origin}/`) && !/^(data|blob):/.test(url))).toEqual([]);
      if (pageName === 'index') expect(requested.filter((url) => EDITOR_FILES.test(url))).toEqual([]);
    });
  }

  it('leaves no Chromium process behind', async () => {
    if (!chrome || !userDataDir) throw new Error('Chromium is not up');
    const ours = chromiumProcesses(userDataDir, chrome.pid);
    // The browser, a renderer, a GPU or utility process at least.
    expect(stillRunning(ours).length).toBeGreaterThan(2);
    chrome.kill();
    chrome = undefined;
    await expect.poll(() => stillRunning(ours), { timeout: 5_000 }).toEqual([]);
    await expect.poll(() => stillRunning(chromiumProcesses(userDataDir ?? '')), { timeout: 5_000 }).toEqual([]);
  });
});
