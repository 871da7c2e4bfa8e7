/**
 * One build deployed twice on one host, at /course/a/ and /course/b/, opened in one browser: one origin, one
 * localStorage. Each deployment keeps its own code, solved state, hints, last run; the work saved by the
 * release before per-deployment keys goes to the first deployment opened, and to no other.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DIST_DIR, launchChromium, serveFolder, type StaticSite } from '../../scripts/browser.ts';
import { legacyKey } from '../../src/ui/state/storage.ts';
import {
  clickRun,
  editorValue,
  kataUrl,
  openHintsTab,
  openKata,
  pasteCode,
  RESULTS,
  waitForEditorCode,
  waitForVerdict,
} from './kata-page.ts';

const solution = readFileSync(new URL('../../src/problems/fixed-point-sqrt/solution.ts', import.meta.url), 'utf8');
const starter = readFileSync(new URL('../../src/problems/fixed-point-sqrt/starter.ts', import.meta.url), 'utf8');
const fixture = (name: string) => readFileSync(new URL(`../fixtures/storage/${name}`, import.meta.url), 'utf8');
const LEGACY_WORK = fixture('problem-fixed-point-sqrt.json');
const LEGACY_LAST_RUN = fixture('last-run.json');
const legacyCode = (JSON.parse(LEGACY_WORK) as { code: string }).code;

let root: string | undefined;
let server: StaticSite | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'kata-deployments-'));
  for (const section of ['a', 'b']) cpSync(DIST_DIR, join(root, 'course', section), { recursive: true });
  const served = root;
  server = await serveFolder(() => served);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

function deployment(section: 'a' | 'b'): StaticSite {
  if (!server) throw new Error('the server is not up yet');
  return { ...server, url: `${server.origin}/course/${section}/` };
}

/** Opens a deployment in a new page of `within`'s context, so that both share one localStorage. */
async function openIn(within: Page, section: 'a' | 'b'): Promise<Page> {
  const page = await within.context().newPage();
  await page.goto(kataUrl(deployment(section)));
  await waitForEditorCode(page);
  return page;
}

const hintsShown = (page: Page) => page.locator('.hints__list > *').count();
const solvedBadge = (page: Page) => page.locator('[data-solved="true"]').count();

describe('two deployments on one host', () => {
  it('keep code, solved state, hints and the last run apart', async () => {
    if (!browser) throw new Error('no Chromium');
    const kata = await openKata(browser, deployment('a'));
    try {
      const a = kata.page;
      await pasteCode(a, solution);
      await clickRun(a);
      expect(await waitForVerdict(a)).toBe('passed');
      await openHintsTab(a);
      await a.getByRole('button', { name: /^Show hint 1 of/ }).click();
      await expect.poll(() => hintsShown(a)).toBe(1);
      expect(await solvedBadge(a)).toBe(1);

      const b = await openIn(a, 'b');
      expect(await editorValue(b)).toBe(starter);
      expect(await solvedBadge(b)).toBe(0);
      expect(await b.locator(RESULTS).getAttribute('data-verdict')).toBe('idle');
      await openHintsTab(b);
      expect(await hintsShown(b)).toBe(0);
      const mineInB = `${starter}\n// section b's own attempt\n`;
      await pasteCode(b, mineInB);
      await b.close();

      // Back in a, after b has saved its own: a's work is as it was.
      await a.reload();
      await waitForEditorCode(a);
      expect(await editorValue(a)).toBe(solution);
      expect(await solvedBadge(a)).toBe(1);
      expect(await a.locator(RESULTS).getAttribute('data-verdict')).toBe('passed');
      await openHintsTab(a);
      expect(await hintsShown(a)).toBe(1);

      const bAgain = await openIn(a, 'b');
      expect(await editorValue(bAgain)).toBe(mineInB);
      expect(await solvedBadge(bAgain)).toBe(0);
    } finally {
      await kata.close();
    }
  });

  it('give the work saved by the release before to the first one opened, and not to the other', async () => {
    if (!browser || !server) throw new Error('no Chromium');
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    try {
      // Seeded from a page of the origin outside both deployments, before either has run.
      const seed = await context.newPage();
      await seed.goto(`${server.origin}/`);
      await seed.evaluate(
        (records) => {
          for (const [key, value] of records) localStorage.setItem(key, value);
        },
        [
          [legacyKey('problem', 'fixed-point-sqrt'), LEGACY_WORK],
          [legacyKey('last-run', 'fixed-point-sqrt'), LEGACY_LAST_RUN],
          [legacyKey('layout', 'columns'), '{"pane-problem":30,"pane-work":70}'],
        ] as const,
      );

      const a = await openIn(seed, 'a');
      expect(await editorValue(a)).toBe(legacyCode);
      expect(await solvedBadge(a)).toBe(1);
      await openHintsTab(a);
      expect(await hintsShown(a)).toBe(2);
      // The last run is back, marked as earlier: it graded other code than the editor's.
      expect(await a.locator(RESULTS).getAttribute('data-verdict')).toBe('failed');
      // The splitter where the learner had left it: 30 % of the width, not the default 40 %.
      const problemPaneShare = await a.evaluate(
        () => (document.querySelector('.problem-pane')?.getBoundingClientRect().width ?? 0) / window.innerWidth,
      );
      expect(problemPaneShare).toBeCloseTo(0.3, 1);
      const legacyLeft = await a.evaluate(
        (keys) => keys.filter((key) => localStorage.getItem(key) !== null),
        [legacyKey('problem', 'fixed-point-sqrt'), legacyKey('last-run', 'fixed-point-sqrt'), legacyKey('layout', 'columns')],
      );
      expect(legacyLeft).toEqual([]);

      const b = await openIn(seed, 'b');
      expect(await editorValue(b)).toBe(starter);
      expect(await solvedBadge(b)).toBe(0);
      expect(await b.locator(RESULTS).getAttribute('data-verdict')).toBe('idle');

      // And a keeps it through a reload: it is a's own now.
      await a.reload();
      await waitForEditorCode(a);
      expect(await editorValue(a)).toBe(legacyCode);
    } finally {
      await context.close();
    }
  });
});
