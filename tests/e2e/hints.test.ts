import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useKataHarness } from './harness.ts';
import { openHintsTab, waitForEditorCode } from './kata-page.ts';

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
    await expect.poll(async () => (await solutionCode.textContent())?.trim()).toBe(solution.trim());
  });
});
