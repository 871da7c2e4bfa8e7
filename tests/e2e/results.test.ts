/** Results belong to the code they graded: marked as earlier after an edit or a Reset, kept across a reload. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useKataHarness } from './harness.ts';
import {
  chooseMoreAction,
  clickRun,
  editorMarkers,
  pasteCode,
  RESULTS,
  waitForEditorCode,
  waitForVerdict,
  whenEditorReady,
} from './kata-page.ts';

const solution = readFileSync(new URL('../../src/problems/fixed-point-sqrt/solution.ts', import.meta.url), 'utf8');
const typeError = readFileSync(new URL('../fixtures/editor/solution-with-type-error.ts', import.meta.url), 'utf8');

const harness = useKataHarness();
const stale = (page: import('playwright-core').Page) => page.locator(RESULTS).getAttribute('data-stale');

describe('results follow the code', () => {
  it('marks passing results as earlier after a Reset, and current again after Undo', async () => {
    const { page } = await harness.open();
    await pasteCode(page, solution);
    await clickRun(page);
    expect(await waitForVerdict(page)).toBe('passed');
    expect(await stale(page)).toBeNull();

    page.once('dialog', (dialog) => void dialog.accept());
    await chooseMoreAction(page, 'Reset to starter');
    await expect.poll(() => stale(page)).toBe('true');
    expect(await page.locator('.results__stale').textContent()).toContain('earlier version of your code');

    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('ControlOrMeta+KeyZ');
    await expect.poll(() => stale(page)).toBeNull();
  });

  it('draws fresh cases for every Run and names the seed they came from', async () => {
    const { page } = await harness.open();
    const starterRun = async () => {
      await clickRun(page);
      expect(await waitForVerdict(page)).toBe('failed');
      return {
        seed: await page.locator('.results__seed code').textContent(),
        // The forward check's message names a random case's input values.
        messages: await page.locator('.check__message').allTextContents(),
      };
    };
    const first = await starterRun();
    const second = await starterRun();
    expect(first.seed).toMatch(/^[0-9a-f]{16}$/);
    expect(second.seed).toMatch(/^[0-9a-f]{16}$/);
    expect(second.seed).not.toBe(first.seed);
    expect(second.messages).not.toEqual(first.messages);
  });

  it('shows the last results again after a reload, tagged with the code they graded', async () => {
    const { page } = await harness.open();
    await pasteCode(page, solution);
    await clickRun(page);
    expect(await waitForVerdict(page)).toBe('passed');
    await page.reload();
    await waitForEditorCode(page);
    expect(await page.locator(RESULTS).getAttribute('data-verdict')).toBe('passed');
    expect(await stale(page)).toBeNull();

    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type('\n// more', { delay: 20 });
    await expect.poll(() => stale(page)).toBe('true');
    await page.reload();
    await waitForEditorCode(page);
    expect(await page.locator(RESULTS).getAttribute('data-verdict')).toBe('passed');
    expect(await stale(page)).toBe('true');
  });

  it('says plainly that type errors do not fail grading', async () => {
    const { page } = await harness.open();
    await whenEditorReady(page);
    await pasteCode(page, typeError);
    await expect.poll(async () => (await editorMarkers(page)).some((marker) => marker.code === '2322')).toBe(true);
    await clickRun(page);
    expect(await waitForVerdict(page)).toBe('passed');
    expect(await page.locator('.results__note').textContent()).toMatch(/1 type error .*do not fail grading/);
  });
});
