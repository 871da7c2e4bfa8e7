/** A layout that fits the window: the page never scrolls on desktop, panes scroll and resize on their own. */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useKataHarness } from './harness.ts';
import { clickRun, editorValue, RESULTS, waitForEditorCode, waitForVerdict } from './kata-page.ts';

const harness = useKataHarness();

const pageSize = (page: Page) =>
  page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    scrollHeight: document.documentElement.scrollHeight,
    width: innerWidth,
    height: innerHeight,
  }));

/** The distinct vertical centres of the toolbar's visible controls: one value means they sit on one line. */
const toolbarRows = (page: Page) =>
  page.$$eval('.toolbar > button, .toolbar > .save-state', (items) => [
    ...new Set(
      items
        .filter((item) => item.getClientRects().length > 0)
        .map((item) => {
          const box = item.getBoundingClientRect();
          return Math.round(box.top + box.height / 2);
        }),
    ),
  ]);

const problemWidth = (page: Page) => page.evaluate(() => document.querySelector('.problem-pane')?.getBoundingClientRect().width ?? 0);

describe('the layout on desktop', () => {
  for (const viewport of [
    { width: 1400, height: 900 },
    { width: 1024, height: 768 },
    // Just above the phone breakpoint: both columns at their smallest.
    { width: 720, height: 800 },
  ]) {
    it(`never scrolls the page at ${viewport.width}×${viewport.height}, before and after a failed Run`, async () => {
      const { page } = await harness.open({ viewport });
      const results = page.locator(RESULTS);
      const resultsShare = async () =>
        ((await results.boundingBox())?.height ?? 0) / ((await page.locator('.layout__pane--work').boundingBox())?.height ?? 1);
      // Before any Run, the results take little room and the editor shows the whole starter.
      expect(await resultsShare()).toBeLessThan(0.25);
      expect(await page.locator('.monaco-editor .view-line').count()).toBeGreaterThanOrEqual(23);
      expect(await pageSize(page)).toMatchObject({ scrollWidth: viewport.width, scrollHeight: viewport.height });

      await clickRun(page);
      expect(await waitForVerdict(page)).toBe('failed');
      expect(await pageSize(page)).toMatchObject({ scrollWidth: viewport.width, scrollHeight: viewport.height });
      expect(await toolbarRows(page)).toHaveLength(1);
      // Nothing in the toolbar is cut off at its right edge.
      expect(
        await page.$$eval('.toolbar > button', (buttons) => {
          const edge = buttons[0]?.parentElement?.getBoundingClientRect().right ?? 0;
          return buttons.filter((button) => button.getBoundingClientRect().right > edge + 0.5).length;
        }),
      ).toBe(0);

      // The wheel over the results scrolls the results, never the page.
      const box = await results.boundingBox();
      if (!box) throw new Error('no results');
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.wheel(0, 2000);
      await expect.poll(() => results.evaluate((element) => element.scrollTop)).toBeGreaterThan(0);
      expect(await page.evaluate(() => [scrollX, scrollY, document.scrollingElement?.scrollTop])).toEqual([0, 0, 0]);
    });
  }

  it('moves the splitters with the keyboard and remembers where they were', async () => {
    const { page } = await harness.open();
    const before = await problemWidth(page);
    const splitter = page.getByRole('separator', { name: 'Resize the problem and the code' });
    await splitter.focus();
    for (let step = 0; step < 5; step++) await page.keyboard.press('ArrowRight');
    const wider = await problemWidth(page);
    expect(wider).toBeGreaterThan(before + 20);

    const rows = page.getByRole('separator', { name: 'Resize the editor and the results' });
    const resultsHeight = async () => (await page.locator(RESULTS).boundingBox())?.height ?? 0;
    const lower = await resultsHeight();
    await rows.focus();
    for (let step = 0; step < 5; step++) await page.keyboard.press('ArrowUp');
    expect(await resultsHeight()).toBeGreaterThan(lower + 20);

    await page.reload();
    await waitForEditorCode(page);
    expect(Math.abs((await problemWidth(page)) - wider)).toBeLessThan(2);
  });

  it('offers the skip link first, and skips to the editor without moving the page', async () => {
    const { page } = await harness.open();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to the editor');
    await clickRun(page);
    await waitForVerdict(page);
    const toolbarTop = async () => (await page.locator('.toolbar').boundingBox())?.y;
    const top = await toolbarTop();
    await page.locator('.skip-link').focus();
    expect(await page.locator('.skip-link').isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('.monaco-editor') !== null)).toBe(true);
    expect(await toolbarTop()).toBe(top);
    expect(await page.evaluate(() => document.scrollingElement?.scrollTop)).toBe(0);
  });
});

describe('the layout on a phone', () => {
  const phone = { viewport: { width: 390, height: 844 }, mobile: true } as const;

  it('reads, edits, runs and shows results in tabs, with nothing wider than the screen', async () => {
    const { page } = await harness.open(phone);
    expect(await page.getByRole('tab', { name: 'Code' }).getAttribute('aria-selected')).toBe('true');
    const run = page.getByRole('button', { name: /^Run/ });
    const runBox = await run.boundingBox();
    expect(runBox && runBox.y + runBox.height <= 844).toBe(true);
    // Touch-sized controls, and no keyboard shortcut offered on a touch screen.
    expect(runBox?.height).toBeGreaterThanOrEqual(44);
    expect(await page.locator('kbd:visible').count()).toBe(0);

    await page.getByRole('tab', { name: 'Problem' }).click();
    await expect.poll(() => page.locator('.katex').first().isVisible()).toBe(true);
    expect((await pageSize(page)).scrollWidth).toBe(390);

    await page.getByRole('tab', { name: 'Code' }).click();
    await run.click();
    expect(await waitForVerdict(page)).toBe('failed');
    expect(await page.getByRole('tab', { name: /^Results/ }).getAttribute('aria-selected')).toBe('true');
    expect(await page.locator(RESULTS).isVisible()).toBe(true);
    expect((await pageSize(page)).scrollWidth).toBe(390);

    // The hint the failure offers opens the problem's Hints tab.
    await page.getByRole('button', { name: 'Show a hint' }).click();
    expect(await page.getByRole('tab', { name: 'Problem' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.getByRole('tab', { name: /^Hints/ }).getAttribute('aria-selected')).toBe('true');
    expect(await page.getByRole('button', { name: /^Show hint 1 of/ }).isVisible()).toBe(true);
  });

  it('keeps the code and its undo history when the window crosses the phone width', async () => {
    const { page } = await harness.open();
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type('\n// wide', { delay: 20 });
    await page.setViewportSize({ width: 600, height: 800 });
    await expect.poll(() => page.locator('.layout--narrow').count()).toBe(1);
    await waitForEditorCode(page);
    const value = () => editorValue(page);
    expect(await value()).toMatch(/\/\/ wide$/);
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('ControlOrMeta+KeyZ');
    await expect.poll(value).not.toMatch(/\/\/ wide$/);
  });
});
