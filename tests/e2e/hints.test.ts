import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useKataHarness } from './harness.ts';
import { clickRun, openHintsTab, waitForEditorCode, waitForVerdict } from './kata-page.ts';

const solution = readFileSync(new URL('../../src/problems/fixed-point-sqrt/solution.ts', import.meta.url), 'utf8');
const HINT_COUNT = 4;

const harness = useKataHarness();

describe('hints before the solution', () => {
  it('reveals hints one at a time, remembers them, and shows the solution only after a confirmation', async () => {
    const { page } = await harness.open();
    const hints = page.locator('.hints__list > *');
    const solutionCode = page.locator('.solution__code');
    await openHintsTab(page);
    expect(await hints.count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Show the solution' }).count()).toBe(0);

    for (let shown = 1; shown <= HINT_COUNT; shown++) {
      await page.getByRole('button', { name: `Show hint ${shown} of ${HINT_COUNT}` }).click();
      await expect.poll(() => hints.count()).toBe(shown);
    }
    await page.reload();
    await waitForEditorCode(page);
    await openHintsTab(page);
    expect(await hints.count()).toBe(HINT_COUNT);

    // Declining keeps the solution hidden; confirming shows it.
    await page.getByRole('button', { name: 'Show the solution' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Keep trying' }).click();
    expect(await solutionCode.count()).toBe(0);
    await page.getByRole('button', { name: 'Show the solution' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Show the solution' }).click();
    await expect.poll(async () => (await solutionCode.innerText()).replaceAll('\u00a0', ' ').trim()).toBe(solution.trim());
    // Highlighted by Monaco's own colorizer, like the editor, and copied whole by its Copy button.
    await expect.poll(() => solutionCode.locator('span[class^="mtk"]').count()).toBeGreaterThan(20);
    // Highlighted again in the other theme's colours when the theme changes.
    const keywordColour = () => solutionCode.getByText('import', { exact: true }).evaluate((span) => getComputedStyle(span).color);
    const lightKeyword = await keywordColour();
    await page.locator('.theme-select select').selectOption('dark');
    await expect.poll(keywordColour).not.toBe(lightKeyword);
    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(solution);
    expect(await page.locator('.solution__copied').textContent()).toBe('Copied');
    // Not clipped: the whole solution is in view inside the hints pane, which scrolls, not the code box.
    const box = await solutionCode.evaluate((element) => ({ scroll: element.scrollHeight, client: element.clientHeight }));
    expect(box.scroll).toBe(box.client);
  });

  it('opens the hints from the toolbar and from a failed Run, without scrolling the statement', async () => {
    const { page } = await harness.open();
    await page.getByRole('button', { name: /^Hints/ }).click();
    expect(await page.getByRole('tab', { name: /^Hints/ }).getAttribute('aria-selected')).toBe('true');
    expect(await page.getByRole('button', { name: `Show hint 1 of ${HINT_COUNT}` }).isVisible()).toBe(true);

    await page.getByRole('tab', { name: 'Statement' }).click();
    await clickRun(page);
    expect(await waitForVerdict(page)).toBe('failed');
    const fromResults = page.getByRole('button', { name: 'Show a hint' });
    expect(await fromResults.isVisible()).toBe(true);
    await fromResults.click();
    expect(await page.getByRole('tab', { name: /^Hints/ }).getAttribute('aria-selected')).toBe('true');
    expect(await page.getByRole('button', { name: `Show hint 1 of ${HINT_COUNT}` }).isVisible()).toBe(true);
  });
});
