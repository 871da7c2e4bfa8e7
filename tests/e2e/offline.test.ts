import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useKataHarness } from './harness.ts';
import { clickRun, editorValue, openKata, pasteCode, waitForEditorCode, waitForOfflineReady, waitForVerdict } from './kata-page.ts';

const solution = readFileSync(new URL('../../src/problems/fixed-point-sqrt/solution.ts', import.meta.url), 'utf8');

const harness = useKataHarness();

describe('offline once loaded', () => {
  it('reloads, edits and grades with the network gone', async () => {
    const kata = await openKata(harness.browser, harness.site, { serviceWorkers: 'allow' });
    try {
      const { page, context } = kata;
      // Registered once the editor is ready; in control means the whole build is in its cache.
      await waitForOfflineReady(page);
      await context.setOffline(true);
      await page.reload();
      await waitForEditorCode(page);
      expect(await page.locator('.katex').count()).toBeGreaterThan(5);
      await pasteCode(page, solution);
      await clickRun(page);
      expect(await waitForVerdict(page)).toBe('passed');
      expect(await editorValue(page)).toBe(solution);
    } finally {
      await kata.close();
    }
  });
});
