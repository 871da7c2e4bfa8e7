/**
 * The Content-Security-Policy in both forms an instructor can deploy (README, "Content-Security-Policy"): the
 * <meta> tag that the build puts in index.html, and the headers of public/_headers, served here as Netlify or
 * Cloudflare Pages would serve them. Under either, the kata must work without a single violation; under the
 * headers, the sandbox worker, where the learner's code runs, must also be kept off the network.
 */
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page, Worker } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { DIST_DIR, serveDist, SITE_PREFIX, type StaticSite } from '../../scripts/browser.ts';
import { useKataHarness } from './harness.ts';
import {
  clickRun,
  kataUrl,
  pasteCode,
  waitForEditorCode,
  waitForOfflineReady,
  waitForVerdict,
  whenEditorReady,
} from './kata-page.ts';

const solution = readFileSync(new URL('../../src/problems/fixed-point-sqrt/solution.ts', import.meta.url), 'utf8');
/** Read from the build: what a host would find in the published folder. */
const headerRules = parseCspRules(readFileSync(`${DIST_DIR}_headers`, 'utf8'));
const SANDBOX_WORKER = /\/assets\/sandbox\.worker-[^/]+\.js$/;

const harness = useKataHarness();
const contexts: BrowserContext[] = [];
const sites: StaticSite[] = [];
afterEach(async () => {
  // Contexts first: a site closes once no browser holds a connection to it.
  await Promise.all(contexts.splice(0).map((context) => context.close()));
  await Promise.all(sites.splice(0).map((site) => site.close()));
});

describe('the Content-Security-Policy', () => {
  it("comes first in the built page's <head>, and the kata works under it without a violation", async () => {
    const { page, violations } = await openRecordingViolations(harness.browser, harness.site);
    // First in <head>: every script and stylesheet the page loads comes after it, and so obeys it.
    const first = await page.evaluate(() => {
      const element = document.head.firstElementChild;
      return { httpEquiv: element?.getAttribute('http-equiv'), content: element?.getAttribute('content') };
    });
    expect(first.httpEquiv).toBe('Content-Security-Policy');
    // The header's policy, less what a <meta> tag cannot carry.
    const fromHeader = directives(policyFor('/'));
    fromHeader.delete('frame-ancestors');
    expect(directives(first.content ?? '')).toEqual(fromHeader);

    await passSolution(page);
    expect(await violations()).toEqual([]);
  });

  it('sent as the headers of public/_headers, lets the kata work and keeps the sandbox off the network', async () => {
    const workerPolicy = policyFor('/assets/sandbox.worker-0.js');
    expect(policyFor('/')).not.toContain("'unsafe-eval'");
    expect(workerPolicy).toContain("'unsafe-eval'");
    const site = await serveDistWithHeaders();
    sites.push(site);
    // With the offline service worker too: its policy must let it fetch what it caches.
    const { page, violations } = await openRecordingViolations(harness.browser, site, 'allow');

    const used = await sandboxWorker(page);
    await passSolution(page);
    await waitForOfflineReady(page);
    expect(await violations()).toEqual([]);

    // The fresh worker that the next Run will use: code running in it, as the learner's does, tries to load
    // the page. Its fetch, XMLHttpRequest and the rest are gone once it is ready (src/worker/no-network.ts);
    // what no script can take away is a dynamic import, and that obeys the policy's script-src. (Playwright
    // evaluates through DevTools: outside the learner's Compartment, and not bound by the worker's eval rule.)
    const next = await sandboxWorker(page, used);
    // As a string: the test runner would rewrite an `import(` of this file's own source.
    const imported = await next.evaluate<string>(
      "import('../index.html').then(() => 'imported', (error) => String(error))",
    );
    expect(imported).toMatch(/^TypeError/);
    // Reports come from the page and from every worker: the refused import must be the only one.
    await expect.poll(() => site.reports.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(site.reports).toEqual([
      expect.objectContaining({
        'document-uri': next.url(),
        'effective-directive': 'script-src-elem',
        'blocked-uri': `${site.url}index.html`,
        'original-policy': `${workerPolicy}; ${REPORT_DIRECTIVE}`,
      }),
    ]);
  });
});

/** Opens the kata (as kata-page's openKata does) with a record of every CSP violation the page sees. */
async function openRecordingViolations(
  browser: Browser,
  site: StaticSite,
  serviceWorkers: 'allow' | 'block' = 'block',
): Promise<{ page: Page; violations(): Promise<string[]> }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, serviceWorkers });
  contexts.push(context);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
  // Installed before the page's own scripts run, so that no violation happens unseen.
  await context.addInitScript(() => {
    const seen: string[] = [];
    Object.defineProperty(window, '__cspViolations', { value: seen });
    addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.effectiveDirective} refused ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`);
    });
  });
  const page = await context.newPage();
  // Chromium also logs each violation, and a directive that it ignores, to the console.
  const logged: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) logged.push(message.text());
  });
  await page.goto(kataUrl(site));
  await waitForEditorCode(page);
  return {
    page,
    violations: async () => [
      ...logged,
      ...(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)),
    ],
  };
}

async function passSolution(page: Page): Promise<void> {
  await whenEditorReady(page);
  await pasteCode(page, solution);
  await clickRun(page);
  expect(await waitForVerdict(page)).toBe('passed');
}

/** The page's sandbox worker, other than `previous` (which a Run has used up and terminated). */
async function sandboxWorker(page: Page, previous?: Worker): Promise<Worker> {
  const find = () =>
    page.workers().find((worker) => worker !== previous && SANDBOX_WORKER.test(new URL(worker.url()).pathname));
  await expect.poll(() => find() !== undefined, { timeout: 30_000 }).toBe(true);
  return find() as Worker;
}

// ---- The headers, as a host serves them -------------------------------------------------------------------

type CspRule = { readonly pattern: RegExp; readonly policy: string };

/** The Content-Security-Policy rules of a `_headers` file: a path pattern line, then indented headers. */
function parseCspRules(text: string): CspRule[] {
  const rules: { path: string; policy?: string }[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('/')) rules.push({ path: line.trim() });
    const header = /^\s+Content-Security-Policy:(.+)$/i.exec(line);
    const rule = rules.at(-1);
    if (header?.[1] && rule) rule.policy = header[1].trim();
  }
  return rules.flatMap(({ path, policy }) => {
    if (policy === undefined) return [];
    const pattern = path.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
    return [{ pattern: new RegExp(`^${pattern.join('.*')}$`), policy }];
  });
}

/**
 * The policy that a host sends for `path` (from the kata's root): the last matching rule's, as Netlify
 * serves it, and as Cloudflare does once the `!` line has dropped the earlier rule's.
 */
function policyFor(path: string): string {
  const policy = headerRules.filter((rule) => rule.pattern.test(path)).at(-1)?.policy;
  if (policy === undefined) throw new Error(`_headers sets no Content-Security-Policy for ${path}`);
  return policy;
}

function directives(policy: string): Map<string, string> {
  const parsed = policy
    .split(';')
    .map((directive) => directive.trim().split(/\s+/))
    .filter(([name]) => name);
  return new Map(parsed.map(([name, ...values]) => [name as string, values.join(' ')]));
}

const REPORT_PATH = 'csp-report';
/** Added to every policy served here: violations inside the workers, which the page cannot see, get reported. */
const REPORT_DIRECTIVE = `report-uri ${SITE_PREFIX}${REPORT_PATH}`;

type CspReport = Record<string, unknown>;

/** scripts/browser.ts's serveDist, plus the headers of dist/_headers and an endpoint for CSP reports. */
async function serveDistWithHeaders(): Promise<StaticSite & { readonly reports: CspReport[] }> {
  const reports: CspReport[] = [];
  const site = await serveDist((path, request, response) => {
    if (path === `/${REPORT_PATH}` && request.method === 'POST') {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        reports.push((JSON.parse(body) as { 'csp-report': CspReport })['csp-report']);
        response.statusCode = 204;
        response.end();
      });
      return true;
    }
    response.setHeader('Content-Security-Policy', `${policyFor(path.split('?')[0] ?? path)}; ${REPORT_DIRECTIVE}`);
    return false;
  });
  return { ...site, reports };
}
