/**
 * The first paint comes from index.html, before any of the page's JavaScript has run: the built page is opened
 * with its entry script held back (the boot script in the head is not), and what a learner sees and can do
 * then is checked; then the script is let through and the page must take over without losing anything.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useKataHarness } from './harness.ts';
import { editorCursor, editorValue, kataUrl, waitForEditorCode } from './kata-page.ts';

const starter = readFileSync(new URL('../../src/problems/fixed-point-sqrt/starter.ts', import.meta.url), 'utf8');
/** The page's entry chunk: React, the router, the index. Nothing renders from JavaScript before it runs. */
const ENTRY_SCRIPT = /\/assets\/index-[^/]+\.js$/;
const harness = useKataHarness();

/** Holds back the entry script until `release` is called. */
async function holdEntryScript(page: Page): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(ENTRY_SCRIPT, async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

/** Opens `url` with the entry script held back; resolves once the document has been parsed far enough to paint. */
async function openBeforeScripts(options: { url?: string; mobile?: boolean; colorScheme?: 'light' | 'dark' } = {}) {
  let release: () => void = () => {};
  const kata = await harness.open({
    url: options.url,
    mobile: options.mobile,
    viewport: options.mobile ? { width: 390, height: 844 } : undefined,
    colorScheme: options.colorScheme,
    waitForEditor: false,
    beforeLoad: async (page) => {
      release = await holdEntryScript(page);
    },
  });
  const errors: string[] = [];
  kata.page.on('pageerror', (error) => errors.push(String(error)));
  kata.page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await kata.page.locator('.topbar:visible').first().waitFor();
  return { ...kata, release: () => release(), errors };
}

/** Scrolls the pane that holds the statement to `top` (unless null), and returns where it is scrolled. */
function scrollStatement(top: number | null): number {
  let pane = document.querySelector('.statement')?.parentElement ?? null;
  while (pane && !(pane.scrollHeight > pane.clientHeight && getComputedStyle(pane).overflowY !== 'visible')) pane = pane.parentElement;
  if (!pane) throw new Error('the statement is in no scrolling pane');
  if (top !== null) pane.scrollTop = top;
  return pane.scrollTop;
}

/** The pre-rendered views left in the document: none once React has rendered. */
const prerenderedViews = (page: Page) => page.locator('.kata-prerender').count();

describe('the first paint, before the JavaScript', () => {
  it("shows a problem's statement, toolbar and code, and nothing of the other views", async () => {
    const { page, release, errors } = await openBeforeScripts();
    expect(await page.getByRole('heading', { level: 1, name: 'Fixed-point sqrt with an implicit gradient' }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Your task' }).isVisible()).toBe(true);
    // The math is there, rendered at build time.
    expect(await page.locator('.statement .katex').first().isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: /^Run/ }).isVisible()).toBe(true);
    const code = page.getByRole('textbox', { name: /code editor/ });
    expect(await code.inputValue()).toBe(starter);
    expect(await code.isVisible()).toBe(true);
    // One view; the index and the other problems, which index.html carries too, have left the document.
    expect(await page.locator('.app').count()).toBe(1);
    expect(await page.locator('h1').count()).toBe(1);
    expect(await page.locator('.course-index').count()).toBe(0);
    expect(await page.locator('textarea').count()).toBe(1);
    expect(await page.evaluate(() => window.__kataEditor)).toBeUndefined();
    // The learner starts reading: the statement's pane is scrolled down.
    const scrolledTo = await page.evaluate(scrollStatement, 400);
    expect(scrolledTo).toBe(400);

    release();
    await waitForEditorCode(page);
    expect(await editorValue(page)).toBe(starter);
    // React rendered over the pre-rendered page; the statement is where it was.
    expect(await page.evaluate(scrollStatement, null)).toBe(400);
    expect(await prerenderedViews(page)).toBe(0);
    expect(await page.locator('.app').count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it("shows the course's index at the site's root", async () => {
    const { page, release, errors } = await openBeforeScripts({ url: harness.site.url });
    const list = page.locator('.course-index');
    expect(await list.count()).toBe(1);
    expect(await list.isVisible()).toBe(true);
    expect(await list.getByRole('link', { name: /Fixed-point sqrt/ }).isVisible()).toBe(true);
    expect(await page.locator('.statement').count()).toBe(0);
    release();
    await expect.poll(() => prerenderedViews(page)).toBe(0);
    expect(await page.locator('.course-index:visible').count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it("shows a phone the Code tab, in the system's dark theme", async () => {
    const { page, release } = await openBeforeScripts({ mobile: true, colorScheme: 'dark' });
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await page.getByRole('tab', { name: 'Code', selected: true }).isVisible()).toBe(true);
    expect(await page.getByRole('textbox', { name: /code editor/ }).isVisible()).toBe(true);
    // The statement is behind its tab; the phone's view leaves it out, and React brings it.
    expect(await page.locator('.statement:visible').count()).toBe(0);
    release();
    await waitForEditorCode(page);
    expect(await page.locator('.layout--narrow').count()).toBe(1);
    await page.getByRole('tab', { name: 'Problem' }).click();
    expect(await page.getByRole('heading', { name: 'Your task' }).isVisible()).toBe(true);
  });

  it('shows the saved code, not the starter, and keeps what is typed into it before the page has loaded', async () => {
    // A first visit saves an edit.
    const first = await harness.open();
    const saved = `${starter}// saved on a first visit\n`;
    await first.page.evaluate((code) => window.__kataEditor?.setValue(code), saved);
    await first.page.waitForTimeout(1_000);
    await first.page.goto(harness.site.url);
    const storageState = await first.context.storageState();
    await first.close();

    let release: () => void = () => {};
    const context = await harness.browser.newContext({ storageState, serviceWorkers: 'block', viewport: { width: 1400, height: 900 } });
    try {
      const page = await context.newPage();
      release = await holdEntryScript(page);
      await page.goto(kataUrl(harness.site), { waitUntil: 'commit' });
      const code = page.getByRole('textbox', { name: /code editor/ });
      await code.waitFor({ state: 'visible' });
      expect(await code.inputValue()).toBe(saved);

      // Key by key, at the end of the saved code, while the page's JavaScript has not arrived.
      await code.click();
      await page.keyboard.press('ControlOrMeta+End');
      await page.keyboard.type('// typed before', { delay: 30 });
      release();
      // And on, while it takes over: no key falls between.
      await page.keyboard.type(' and after', { delay: 30 });
      await waitForEditorCode(page);
      await page.keyboard.type('!', { delay: 30 });
      const expected = `${saved}// typed before and after!`;
      await expect.poll(() => editorValue(page), { timeout: 15_000 }).toBe(expected);
      const lines = expected.split('\n');
      expect(await editorCursor(page)).toEqual({ line: lines.length, column: (lines.at(-1) ?? '').length + 1 });
    } finally {
      release();
      await context.close();
    }
  });
});
