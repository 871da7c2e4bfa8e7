/** A Run's findings in the editor: a marker on the learner's line, a link in the results that goes there. */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useKataHarness } from './harness.ts';
import {
  clickRun,
  editorCursor,
  editorMarkers,
  pasteCode,
  verdict,
  waitForVerdict,
  whenEditorReady,
} from './kata-page.ts';

/** One of the first kata's fixtures, in its folder. */
const fixture = (path: string) => readFileSync(new URL(`../../src/problems/fixed-point-sqrt/fixtures/${path}`, import.meta.url), 'utf8');

const runMarkers = async (page: Page) => (await editorMarkers(page)).filter((marker) => marker.owner === 'kata-run');
const cursor = editorCursor;

const harness = useKataHarness();

describe('errors marked where they are', () => {
  it('marks an error thrown by the learner at its line and column, links to it, and clears on the next edit', async () => {
    const { page } = await harness.open();
    await pasteCode(page, fixture('wrong-gradfunc-throws.ts'));
    await clickRun(page);
    expect(await waitForVerdict(page)).toBe('failed');
    await expect.poll(() => runMarkers(page)).toEqual([expect.objectContaining({ line: 15, column: 38 })]);
    // Monaco paints glyph decorations on its next frame, after the markers are set.
    await expect.poll(() => page.locator('.kata-glyph-error').count()).toBe(1);

    // Each failing check with a position links to it; the first failure's link is the one in view.
    await page.locator('.check--first-failure').getByRole('button', { name: 'Go to line 15, column 38' }).click();
    await expect.poll(() => cursor(page)).toEqual({ line: 15, column: 38 });
    expect(await page.evaluate(() => document.activeElement?.closest('.monaco-editor') !== null)).toBe(true);

    await page.keyboard.type(' ');
    await expect.poll(() => runMarkers(page)).toEqual([]);
    await expect.poll(() => page.locator('.kata-glyph-error').count()).toBe(0);
  });

  it('marks a syntax error where TypeScript finds it', async () => {
    const { page } = await harness.open();
    await whenEditorReady(page);
    await pasteCode(page, fixture('wrong-syntax-error.ts'));
    await clickRun(page);
    expect(await waitForVerdict(page)).toBe('error');
    await expect.poll(async () => (await runMarkers(page)).map((marker) => marker.line)).toEqual([8]);
    await page.getByRole('button', { name: /^Go to line 8/ }).click();
    await expect.poll(async () => (await cursor(page)).line).toBe(8);
  });

  it('marks an error thrown while the module loads, and a new Run replaces the marks', async () => {
    const { page } = await harness.open();
    await pasteCode(page, fixture('wrong-throws-at-load.ts'));
    await clickRun(page);
    expect(await waitForVerdict(page)).toBe('error');
    await expect.poll(() => runMarkers(page)).toEqual([expect.objectContaining({ line: 6 })]);
    // Run again on the same code: the marks are replaced, not added to.
    await clickRun(page);
    await expect.poll(() => verdict(page)).toBe('running');
    expect(await waitForVerdict(page)).toBe('error');
    await expect.poll(() => runMarkers(page)).toEqual([expect.objectContaining({ line: 6 })]);
    // Monaco paints glyph decorations on its next frame, after the markers are set.
    await expect.poll(() => page.locator('.kata-glyph-error').count()).toBe(1);
    await pasteCode(page, readFileSync(new URL('../../src/problems/fixed-point-sqrt/solution.ts', import.meta.url), 'utf8'));
    await clickRun(page);
    expect(await waitForVerdict(page)).toBe('passed');
    expect(await runMarkers(page)).toEqual([]);
  });
});
