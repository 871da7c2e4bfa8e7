/**
 * Ctrl/Cmd+Enter runs from anywhere on the page, but not from inside a modal dialog: the Run would start behind
 * it, out of sight, and replace the results the learner came back to.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useKataHarness } from './harness.ts';
import { clickRun, pasteCode, RESULTS, waitForVerdict } from './kata-page.ts';

const solution = readFileSync(new URL('../../src/problems/fixed-point-sqrt/solution.ts', import.meta.url), 'utf8');
/** Long enough for a Run the shortcut started to show as `running`: the page sets it at once, before the sandbox. */
const QUIET_MS = 600;

const harness = useKataHarness();

type WatchWindow = { __runsSeen?: number };

/** Counts every time the results go to `running`, so that a Run which starts and ends unseen still counts. */
async function watchRuns(page: Page): Promise<() => Promise<number>> {
  await page.evaluate((selector) => {
    const results = document.querySelector(selector);
    if (!results) throw new Error('no results pane');
    const seen = window as unknown as WatchWindow;
    seen.__runsSeen = 0;
    new MutationObserver(() => {
      if (results.getAttribute('data-verdict') === 'running') seen.__runsSeen = (seen.__runsSeen ?? 0) + 1;
    }).observe(results, { attributes: true, attributeFilter: ['data-verdict'] });
  }, RESULTS);
  return () => page.evaluate(() => (window as unknown as WatchWindow).__runsSeen ?? 0);
}

/** A passing Run, so that both dialogs are offered; then the watch, so that only later Runs count. */
async function passThenWatchRuns(): Promise<{ page: Page; runsSeen: () => Promise<number> }> {
  const { page } = await harness.open({ viewport: { width: 1400, height: 1000 } });
  await pasteCode(page, solution);
  await clickRun(page);
  expect(await waitForVerdict(page)).toBe('passed');
  return { page, runsSeen: await watchRuns(page) };
}

describe('the Run shortcut', () => {
  it('does nothing inside the comparison dialog, and runs again once it is closed', async () => {
    const { page, runsSeen } = await passThenWatchRuns();

    await page.locator(RESULTS).getByRole('button', { name: 'Compare with the reference' }).click();
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: /close/i }).first().focus();
    await page.keyboard.press('ControlOrMeta+Enter');
    await page.waitForTimeout(QUIET_MS);
    expect(await runsSeen()).toBe(0);
    expect(await dialog.count()).toBe(1);

    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('dialog[open]').count()).toBe(0);
    // The same key, once the dialog is gone, runs: the watch above would have seen a Run.
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect.poll(runsSeen).toBe(1);
    expect(await waitForVerdict(page)).toBe('passed');
  });

  it('does nothing inside Why it matters', async () => {
    const { page, runsSeen } = await passThenWatchRuns();

    await page.locator(RESULTS).getByRole('button', { name: /why it matters/i }).first().click();
    const dialog = page.locator('dialog.insight[open]');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Close' }).focus();
    await page.keyboard.press('ControlOrMeta+Enter');
    await page.waitForTimeout(QUIET_MS);
    expect(await runsSeen()).toBe(0);
    expect(await dialog.count()).toBe(1);
  });
});
