import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SITE_PREFIX } from '../../scripts/browser.ts';
import { scopeOf, scopedKey } from '../../src/ui/state/storage.ts';
import { useKataHarness } from './harness.ts';
import {
  chooseMoreAction,
  clickRun,
  editorValue,
  kataUrl,
  pasteCode,
  waitForEditorCode,
  waitForEditorValue,
  waitForVerdict,
} from './kata-page.ts';

const starter = readFileSync(new URL('../../src/problems/fixed-point-sqrt/starter.ts', import.meta.url), 'utf8');
const hang = readFileSync(new URL('../fixtures/sandbox-hostile/hang-forward.ts', import.meta.url), 'utf8');
const SCOPE = scopeOf(`http://127.0.0.1${SITE_PREFIX}`);
const STORAGE_KEY = scopedKey(SCOPE, 'problem', 'fixed-point-sqrt');

const harness = useKataHarness();

describe('the learner never loses work', () => {
  it('keeps the code when the tab is closed and the kata opened again', async () => {
    const { page, context } = await harness.open();
    const mine = `${starter}\n// closing the tab now\n`;
    await pasteCode(page, mine);
    await page.close();
    const again = await context.newPage();
    await again.goto(kataUrl(harness.site));
    await waitForEditorCode(again);
    expect(await editorValue(again)).toBe(mine);
  });

  it('keeps the code through a run whose sandbox had to be killed', async () => {
    const { page } = await harness.open();
    await pasteCode(page, hang);
    await clickRun(page);
    expect(await waitForVerdict(page, 15_000)).toBe('timeout');
    await page.reload();
    await waitForEditorCode(page);
    expect(await editorValue(page)).toBe(hang);
  });

  it('writes the last keys at once when the page is hidden, and before a Run', async () => {
    const { page } = await harness.open();
    const savedCode = () =>
      page.evaluate((key) => (JSON.parse(localStorage.getItem(key) ?? '{}') as { code?: string }).code, STORAGE_KEY);
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('ControlOrMeta+End');
    // Read within milliseconds of the key: the batched write is not due for 300 ms.
    await page.keyboard.type('/');
    const [before, after] = await page.evaluate((key) => {
      const read = () => (JSON.parse(localStorage.getItem(key) ?? '{}') as { code?: string }).code;
      const unsaved = read();
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
      return [unsaved, read()];
    }, STORAGE_KEY);
    expect(before).toBe(starter);
    expect(after).toBe(`${starter}/`);

    await page.keyboard.type('/');
    expect(await savedCode()).toBe(`${starter}/`);
    await page.keyboard.press('ControlOrMeta+Enter');
    expect(await savedCode()).toBe(`${starter}//`);
  });

  it('starts from the starter when the saved record is not one this release can read', async () => {
    const { page } = await harness.open();
    await page.evaluate(([key, lastRunKey, layoutKey]) => {
      localStorage.setItem(key, '{"format": 1, "code": ');
      localStorage.setItem(lastRunKey, '{"format": 1, "report": "<b>forged</b>"}');
      localStorage.setItem(layoutKey, '{"pane-problem": "wide"}');
    }, [STORAGE_KEY, scopedKey(SCOPE, 'last-run', 'fixed-point-sqrt'), scopedKey(SCOPE, 'layout', 'columns')] as const);
    await page.reload();
    await waitForEditorCode(page);
    expect(await editorValue(page)).toBe(starter);
    expect(await page.locator('.results').getAttribute('data-verdict')).toBe('idle');
    expect(await page.getByRole('separator', { name: 'Resize the problem and the code' }).count()).toBe(1);
  });

  it('offers, and does not force, a new release’s changed starter', async () => {
    const { page } = await harness.open();
    const mine = '// my work, begun from an older starter\nexport const fixedPointSqrt = 1;\n';
    const record = { format: 1, code: mine, starter: '// the old starter\n', solved: false, hintsRevealed: 1, savedAt: new Date().toISOString() };
    await page.evaluate(([key, value]) => localStorage.setItem(key, value), [STORAGE_KEY, JSON.stringify(record)] as const);
    await page.reload();
    await waitForEditorCode(page);
    expect(await editorValue(page)).toBe(mine);
    const offer = page.getByText('starter code has changed');
    await offer.waitFor();
    // Keeping one's code makes the offer go away for good.
    await page.getByRole('button', { name: 'Keep my code' }).click();
    await page.reload();
    await waitForEditorCode(page);
    expect(await editorValue(page)).toBe(mine);
    expect(await offer.count()).toBe(0);

    await page.evaluate(([key, value]) => localStorage.setItem(key, value), [STORAGE_KEY, JSON.stringify(record)] as const);
    await page.reload();
    await page.getByRole('button', { name: 'Use the new starter' }).click();
    await waitForEditorValue(page, starter);
    const saved = JSON.parse((await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY)) ?? '{}') as { format: number; starter: string };
    expect(saved).toMatchObject({ format: 1, starter });
  });

  it('downloads the code as a file and opens one', async () => {
    const { page } = await harness.open();
    const mine = `${starter}\n// downloaded\n`;
    await pasteCode(page, mine);
    const [download] = await Promise.all([page.waitForEvent('download'), chooseMoreAction(page, 'Download .ts')]);
    expect(download.suggestedFilename()).toBe('fixed-point-sqrt.ts');
    const downloadedPath = await download.path();
    expect(readFileSync(downloadedPath, 'utf8')).toBe(mine);

    const fromDisk = `${starter}\n// opened from a file\n`;
    const file = join(tmpdir(), `kata-open-${process.pid}.ts`);
    await writeFile(file, fromDisk);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.locator('input[type="file"]').setInputFiles(file);
    await waitForEditorValue(page, fromDisk);
  });
});
