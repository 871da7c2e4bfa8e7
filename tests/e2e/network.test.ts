/**
 * No network from the page's sandbox, on a host that sends no security header at all (as `python3 -m
 * http.server` or a bare static server would): the `<meta>` policy of index.html governs the page, not its
 * workers, so nothing but the sandbox itself stands between learner code and the network. A submission that
 * tries every way out (tests/fixtures/network/) reaches neither a listener on loopback nor the site that
 * serves the kata, and the next Run still passes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Page, Worker } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { DIST_DIR, serveDist, type StaticSite } from '../../scripts/browser.ts';
import { NETWORK_GLOBALS } from '../../src/worker/no-network.ts';
import { suiteFixturesOf } from '../support/fixtures.ts';
import { everyRouteSource, EVERY_ROUTE_EXPECTED, listenOnLoopback, type LoopbackListener } from '../support/network.ts';
import { useKataHarness } from './harness.ts';
import { checkStatuses, clickRun, openKata, pasteCode, waitForVerdict, type KataPage } from './kata-page.ts';

const solution = readFileSync(new URL('../../src/problems/fixed-point-sqrt/solution.ts', import.meta.url), 'utf8');
const SANDBOX_WORKER = /\/assets\/sandbox\.worker-[^/]+\.js$/;
const SANDBOX_WORKER_FILE = readdirSync(`${DIST_DIR}assets`).find((name) => SANDBOX_WORKER.test(`/assets/${name}`));
/** The headers with which a host can restrict what a page or a worker may do. */
const SECURITY_HEADERS = [
  'content-security-policy',
  'content-security-policy-report-only',
  'cross-origin-embedder-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'permissions-policy',
  'x-frame-options',
  'x-content-type-options',
];

const harness = useKataHarness();
let site: (StaticSite & { readonly sameOriginRequests: string[] }) | undefined;
let listener: LoopbackListener | undefined;
let kata: KataPage | undefined;
afterEach(async () => {
  // The context first: a site closes once no browser holds a connection to it.
  await kata?.close();
  await site?.close();
  await listener?.close();
  kata = site = listener = undefined;
});

/** scripts/browser.ts's static server (no headers of its own), recording the fixture's same-origin requests. */
async function serveDistRecording(): Promise<NonNullable<typeof site>> {
  const sameOriginRequests: string[] = [];
  const served = await serveDist((path, _request, response) => {
    if (!path.includes('from-the-sandbox')) return false;
    sameOriginRequests.push(path);
    response.statusCode = 204;
    response.end();
    return true;
  });
  return { ...served, sameOriginRequests };
}

async function consoleLines(page: Page): Promise<string[]> {
  const lines = await page.locator('.console__lines .console__line').allTextContents();
  return lines.map((line) => line.replace(/\n$/, ''));
}

/** The page's sandbox workers that are up, newest last. */
function sandboxWorkers(page: Page): Worker[] {
  return page.workers().filter((worker) => SANDBOX_WORKER.test(new URL(worker.url()).pathname));
}

describe('the page on a host that sends no security headers', () => {
  it('keeps every route of a hostile submission off the network, and the next Run passes', async () => {
    const [fixture] = suiteFixturesOf('network');
    expect(fixture?.name).toBe('every-route.ts');
    listener = await listenOnLoopback();
    site = await serveDistRecording();

    // Nothing from the host restricts the page or its sandbox worker.
    expect(SANDBOX_WORKER_FILE).toBeDefined();
    for (const path of ['', 'index.html', `assets/${SANDBOX_WORKER_FILE}`]) {
      const response = await fetch(`${site.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(SECURITY_HEADERS.filter((name) => response.headers.has(name)), path).toEqual([]);
    }

    kata = await openKata(harness.browser, site);
    const { page } = kata;
    await pasteCode(page, everyRouteSource(listener.port));
    await clickRun(page);
    expect(await waitForVerdict(page)).toBe(fixture?.expectedVerdict);
    const statuses = await checkStatuses(page);
    expect(Object.entries(statuses).find(([, status]) => status === 'failed')?.[0]).toBe(fixture?.failingCheck);
    expect(await consoleLines(page)).toEqual(EVERY_ROUTE_EXPECTED);
    expect(listener.connections).toEqual([]);
    expect(site.sameOriginRequests).toEqual([]);

    // The worker for the next Run: once it is ready, its own global object has none of the network globals
    // either (Playwright evaluates there through DevTools, outside the learner's Compartment).
    await expect.poll(() => sandboxWorkers(page).length, { timeout: 30_000 }).toBeGreaterThan(0);
    const next = sandboxWorkers(page).at(-1)!;
    await expect
      .poll(() => next.evaluate((names) => names.filter((name) => name in self), [...NETWORK_GLOBALS]), { timeout: 30_000 })
      .toEqual([]);

    // And it is a working sandbox: the solution passes in it.
    await pasteCode(page, solution);
    await clickRun(page);
    expect(await waitForVerdict(page)).toBe('passed');

    // The listener does record what reaches it: nothing else did.
    const probe = await fetch(`http://127.0.0.1:${listener.port}/from-the-test`);
    expect(probe.status).toBe(204);
    expect(listener.connections).toEqual(['GET /from-the-test HTTP/1.1']);
    expect(site.sameOriginRequests).toEqual([]);
  });
});
