/**
 * Versions of the learner's code in the browser: each Run keeps one with its verdict, and so does what Reset
 * replaced; Restore brings one back (undoable), keeping the code it replaces; a reload keeps the list; the list
 * keeps up with edits made while it is open.
 */
import { readFileSync } from 'node:fs';
import { seriousViolations } from './axe.ts';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useKataHarness } from './harness.ts';
import { chooseMoreAction, clickRun, editorValue, pasteCode, waitForEditorCode, waitForEditorValue, waitForVerdict } from './kata-page.ts';

const starter = readFileSync(new URL('../../src/problems/fixed-point-sqrt/starter.ts', import.meta.url), 'utf8');
const solution = readFileSync(new URL('../../src/problems/fixed-point-sqrt/solution.ts', import.meta.url), 'utf8');
const FIRST_TRY = `${starter}\n// first try: the starter as it is\n`;

const harness = useKataHarness();

const versionsButton = (page: Page) => page.getByRole('button', { name: /^Versions/ });
const panel = (page: Page) => page.getByRole('region', { name: 'Versions of your code' });


/** The versions listed, newest first, each as its visible text. */
async function listed(page: Page): Promise<string[]> {
  const texts = await panel(page).getByRole('listitem').allTextContents();
  return texts.map((text) => text.replace(/\s+/g, ' ').trim());
}

describe('versions of the code', () => {
  it('keeps each Run with its verdict and the code Reset replaced; restores; survives a reload', async () => {
    const { page } = await harness.open();
    await pasteCode(page, FIRST_TRY);
    await clickRun(page);
    expect(await waitForVerdict(page)).toBe('failed');
    await pasteCode(page, solution);
    await clickRun(page);
    expect(await waitForVerdict(page)).toBe('passed');
    page.once('dialog', (dialog) => void dialog.accept());
    await chooseMoreAction(page, 'Reset to starter');
    await waitForEditorValue(page, starter);
    // Something of the learner's own, for Restore to keep.
    const mine = `${starter}\n// typed after the Reset\n`;
    await pasteCode(page, mine);

    await versionsButton(page).click();
    expect(await versionsButton(page).getAttribute('aria-expanded')).toBe('true');
    // The list takes the focus, for the keyboard and a screen reader.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Versions of your code');
    const items = await listed(page);
    expect(items).toHaveLength(2);
    expect(await seriousViolations(page)).toEqual([]);
    // The solution was Run, then Reset replaced it: one version, the Run's, with its verdict.
    expect(items[0]).toMatch(/Run · passed.*differs from yours from line \d+/);
    expect(items[1]).toMatch(/Run · failed/);

    // Restore the first try: the code in the editor is kept first, and Ctrl+Z undoes the restore.
    await panel(page).getByRole('listitem').nth(1).getByRole('button', { name: 'Restore' }).click();
    await waitForEditorValue(page, FIRST_TRY);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Version restored' }).count()).toBe(1);
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('.monaco-editor') !== null)).toBe(true);
    await page.keyboard.press('ControlOrMeta+KeyZ');
    await waitForEditorValue(page, mine);
    await page.keyboard.press('ControlOrMeta+Shift+KeyZ');
    await waitForEditorValue(page, FIRST_TRY);

    await page.reload();
    await waitForEditorCode(page);
    expect(await editorValue(page)).toBe(FIRST_TRY);
    expect(await versionsButton(page).textContent()).toBe('Versions3');
    await versionsButton(page).click();
    const again = await listed(page);
    expect(again).toHaveLength(3);
    expect(again[0]).toMatch(/Replaced by a restore/);
    expect(again[1]).toMatch(/Run · passed/);
    // The code in the editor now is the first try: its version says so, and offers no Restore.
    expect(again[2]).toMatch(/Run · failed.*the same as your code now/);
    expect(await panel(page).getByRole('listitem').nth(2).getByRole('button', { name: 'Restore' }).count()).toBe(0);

    // Escape closes the list and gives the focus back to its button.
    await page.keyboard.press('Escape');
    expect(await panel(page).count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('toolbar-versions');
  });

  it('keeps up with the code while the list is open: going back to a version takes its Restore away, an edit brings it back', async () => {
    // No Run: nothing else on the page changes with an edit, so only the list's own tracking can show it.
    const { page } = await harness.open();
    const mine = `${starter}\n// mine, before the Reset\n`;
    await pasteCode(page, mine);
    page.once('dialog', (dialog) => void dialog.accept());
    await chooseMoreAction(page, 'Reset to starter');
    await waitForEditorValue(page, starter);
    await versionsButton(page).click();
    const restore = panel(page).getByRole('listitem').getByRole('button', { name: 'Restore' });
    expect(await listed(page)).toEqual([expect.stringMatching(/Replaced by Reset.*differs from yours from line \d+/)]);
    expect(await restore.count()).toBe(1);

    // Typed with the list still open, beside it: the list says so at once.
    await pasteCode(page, mine);
    expect(await panel(page).count()).toBe(1);
    await expect.poll(() => listed(page)).toEqual([expect.stringMatching(/Replaced by Reset.*the same as your code now/)]);
    expect(await restore.count()).toBe(0);

    await pasteCode(page, `${mine}// and one more line\n`);
    await expect.poll(() => listed(page)).toEqual([expect.stringMatching(/differs from yours from line \d+/)]);
    expect(await restore.count()).toBe(1);
  });

  it('works on a phone, in dark', async () => {
    const { page } = await harness.open({ viewport: { width: 390, height: 844 }, mobile: true, colorScheme: 'dark' });
    await pasteCode(page, FIRST_TRY);
    await clickRun(page);
    expect(await waitForVerdict(page)).toBe('failed');
    await page.getByRole('tab', { name: /^Code/ }).click();
    await pasteCode(page, solution);
    await versionsButton(page).click();
    const restore = panel(page).getByRole('button', { name: 'Restore' });
    await restore.waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    // Big enough for a finger, and on the screen.
    const box = await restore.boundingBox();
    expect(box?.height).toBeGreaterThanOrEqual(44);
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(390);
    await restore.tap();
    await waitForEditorValue(page, FIRST_TRY);
    // The page is no wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});
