/**
 * A redeploy under an open page: two real builds of this repository (dist/, and one made here with a label that
 * KATA_BUILD_LABEL puts in index.html, so that the service worker's precache revisions surely differ), served
 * one after the other at the same URL, the first build's files gone once the second is up. The page must notice, offer a reload, keep the learner's code, and never reload
 * by itself.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DIST_DIR, launchChromium, serveFolder, type StaticSite } from '../../scripts/browser.ts';
import {
  editorValue,
  kataUrl,
  openKata,
  pasteCode,
  waitForEditorCode,
  waitForOfflineReady,
} from './kata-page.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const starter = readFileSync(new URL('../../src/problems/fixed-point-sqrt/starter.ts', import.meta.url), 'utf8');
/** Unique to this run, so that no earlier build in dist/ can carry it. */
const SECOND_LABEL = `second-${process.pid}-${Date.now()}`;
const BUILD_TIMEOUT_MS = 240_000;

let secondBuild: string | undefined;
let live = DIST_DIR;
let site: StaticSite | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  secondBuild = mkdtempSync(join(tmpdir(), 'kata-second-build-'));
  await promisify(execFile)('npx', ['vite', 'build', '--outDir', secondBuild, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: REPO,
    // Vitest sets NODE_ENV=test, which would give the second build React's development bundle.
    env: { ...process.env, NODE_ENV: 'production', KATA_BUILD_LABEL: SECOND_LABEL },
    timeout: BUILD_TIMEOUT_MS,
  });
  site = await serveFolder(() => live, { prefix: '/course/update/' });
  browser = await launchChromium();
}, BUILD_TIMEOUT_MS + 30_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  if (secondBuild) rmSync(secondBuild, { recursive: true, force: true });
});

const buildLabel = (page: Page) =>
  page.evaluate(() => document.querySelector('meta[name="kata-build"]')?.getAttribute('content') ?? null);
const notice = (page: Page) => page.locator('.update-notice');
const reloadButton = (page: Page) => notice(page).getByRole('button', { name: 'Reload' });
/** Set in a document; a reload makes a new document, without it. */
const markDocument = (page: Page) => page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
const sameDocument = (page: Page) => page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);

describe('a new build deployed under an open page', () => {
  it('is offered, taken only on Reload, with the code kept', { timeout: 150_000 }, async () => {
    if (!browser || !site || !secondBuild) throw new Error('not set up');
    expect(readFileSync(join(secondBuild, 'sw.js'), 'utf8')).not.toBe(readFileSync(join(DIST_DIR, 'sw.js'), 'utf8'));
    expect(readFileSync(join(secondBuild, 'index.html'), 'utf8')).toContain(SECOND_LABEL);

    const kata = await openKata(browser, site, { serviceWorkers: 'allow' });
    try {
      const { page, context } = kata;
      await waitForOfflineReady(page);
      const mine = `${starter}\n// typed under the first build\n`;
      await pasteCode(page, mine);
      // A second tab of the same kata, under the first build too.
      const other = await context.newPage();
      await other.goto(kataUrl(site));
      await waitForEditorCode(other);
      await waitForOfflineReady(other);
      expect(await buildLabel(page)).not.toBe(SECOND_LABEL);
      await markDocument(page);
      await markDocument(other);
      expect(await notice(page).textContent()).toBe('');

      // Redeploy; coming back to the page asks the host for sw.js.
      live = secondBuild;
      await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
      await reloadButton(page).waitFor({ timeout: 30_000 });
      expect(await notice(page).getAttribute('role')).toBe('status');
      expect(await notice(page).innerText()).toMatch(/^A new version is available — reloading keeps your code\.\s*Reload$/);
      const { violations } = await new AxeBuilder({ page }).include('.update-notice').analyze();
      expect(violations.map((violation) => violation.id)).toEqual([]);
      // Every tab of the old build hears of it.
      await reloadButton(other).waitFor({ timeout: 10_000 });

      // Offered, not forced: the old build still runs, nothing reloaded.
      await page.waitForTimeout(2_000);
      expect(await sameDocument(page)).toBe(true);
      expect(await buildLabel(page)).not.toBe(SECOND_LABEL);
      expect(await editorValue(page)).toBe(mine);
      expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting !== null)).toBe(true);

      // Keyboard: Tab from the top bar's last control reaches Reload; the last keys typed are not yet saved.
      const typed = '// and just before the reload';
      await page.locator('.monaco-editor .view-lines').click();
      await page.keyboard.press('ControlOrMeta+End');
      await page.keyboard.type(typed);
      await page.getByRole('combobox', { name: 'Theme' }).focus();
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Reload');
      await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);

      await waitForEditorCode(page);
      expect(await sameDocument(page)).toBe(false);
      expect(await buildLabel(page)).toBe(SECOND_LABEL);
      expect(await editorValue(page)).toBe(`${mine}${typed}`);
      expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
      expect(await notice(page).textContent()).toBe('');

      // The other tab is now under the new worker but was not reloaded: it still offers the reload.
      await other.waitForTimeout(1_000);
      expect(await sameDocument(other)).toBe(true);
      expect(await buildLabel(other)).not.toBe(SECOND_LABEL);
      await Promise.all([other.waitForEvent('load'), reloadButton(other).click()]);
      await waitForEditorCode(other);
      expect(await buildLabel(other)).toBe(SECOND_LABEL);
      expect(await editorValue(other)).toBe(`${mine}${typed}`);
    } finally {
      await kata.close();
    }
  });
});
