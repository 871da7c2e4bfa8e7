/**
 * Share links in the browser: the Share button copies a link that opens the problem with the code; opening it
 * in a browser that has code of its own saved never runs it and never replaces that code without a yes.
 */
import { readFileSync } from 'node:fs';
import { seriousViolations } from './axe.ts';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DIST_DIR, serveFolder, SITE_PREFIX } from '../../scripts/browser.ts';
import { scopeOf, scopedKey } from '../../src/ui/state/storage.ts';
import { SHARE_PAYLOAD_MAX_CHARS } from '../../src/ui/share.ts';
import { useKataHarness } from './harness.ts';
import { editorValue, kataUrl, openKata, pasteCode, verdict, waitForEditorCode, waitForEditorValue, type KataPage } from './kata-page.ts';

const starter = readFileSync(new URL('../../src/problems/fixed-point-sqrt/starter.ts', import.meta.url), 'utf8');
const solution = readFileSync(new URL('../../src/problems/fixed-point-sqrt/solution.ts', import.meta.url), 'utf8');
const SHARED = `${solution}\n// shared by a classmate in the forum\n`;
const MINE = `${starter}\n// my own attempt, saved in this browser\n`;
const WORK_KEY = scopedKey(scopeOf(`http://127.0.0.1${SITE_PREFIX}`), 'problem', 'fixed-point-sqrt');

const harness = useKataHarness();

/** Pastes `code`, presses Share and returns the link it put on the clipboard. */
async function shareLink(page: Page, code: string): Promise<string> {
  await pasteCode(page, code);
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await expect.poll(() => page.getByRole('status').filter({ hasText: 'Link copied' }).count()).toBe(1);
  return page.evaluate(() => navigator.clipboard.readText());
}

/** The code saved in this browser for the sqrt kata. */
function savedCode(page: Page): Promise<string | undefined> {
  return page.evaluate((key) => (JSON.parse(localStorage.getItem(key) ?? '{}') as { code?: string }).code, WORK_KEY);
}

/** Every value the results' verdict took since the page began loading: a Run shows as `running`. */
async function recordVerdicts(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __verdicts: string[] }).__verdicts = seen;
    new MutationObserver(() => {
      const now = document.querySelector('.results')?.getAttribute('data-verdict');
      if (now && seen.at(-1) !== now) seen.push(now);
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-verdict'] });
  });
  return () => page.evaluate(() => (window as unknown as { __verdicts: string[] }).__verdicts);
}

/** A browser whose learner saved MINE; returns a fresh page of it, nothing loaded yet. */
async function browserWithSavedCode(): Promise<{ kata: KataPage; page: Page }> {
  const kata = await harness.open();
  await pasteCode(kata.page, MINE);
  await expect.poll(() => savedCode(kata.page)).toBe(MINE);
  const page = await kata.context.newPage();
  await kata.page.close();
  return { kata, page };
}


const offer = (page: Page) => page.getByRole('region', { name: 'Open the shared code?' });

describe('a share link', () => {
  it('opens, not run, and replaces the saved code only on Open, which keeps it as a version', async () => {
    const link = await shareLink((await harness.open()).page, SHARED);
    // The page's own address: its host and sub-path, the problem, the code.
    expect(link.startsWith(`${harness.site.url}#/fixed-point-sqrt?code=`)).toBe(true);

    const { page } = await browserWithSavedCode();
    const verdicts = await recordVerdicts(page);
    await page.goto(link);
    await waitForEditorCode(page);
    await offer(page).waitFor();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'This link holds shared code' }).count()).toBe(1);
    expect(await editorValue(page)).toBe(MINE);
    expect(await savedCode(page)).toBe(MINE);

    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await waitForEditorValue(page, SHARED);
    expect(await offer(page).count()).toBe(0);
    // The answer takes the code out of the address bar: a reload asks nothing.
    expect(new URL(page.url()).hash).toBe('#/fixed-point-sqrt');
    await expect.poll(() => savedCode(page)).toBe(SHARED);
    // Never run: no verdict, and the results never showed a Run.
    expect(await verdict(page)).toBe('idle');
    expect(await verdicts()).toEqual(['idle']);

    // The code it replaced is a version, and comes back.
    await page.getByRole('button', { name: /^Versions/ }).click();
    const versions = page.getByRole('region', { name: 'Versions of your code' });
    const entry = versions.getByRole('listitem').filter({ hasText: 'Replaced by a shared link' });
    await entry.getByRole('button', { name: 'Restore' }).click();
    await waitForEditorValue(page, MINE);

    await page.reload();
    await waitForEditorCode(page);
    expect(await offer(page).count()).toBe(0);
    expect(await editorValue(page)).toBe(MINE);
  });

  it('leaves the saved code as it was on Keep mine', async () => {
    const link = await shareLink((await harness.open()).page, SHARED);
    const { page } = await browserWithSavedCode();
    await page.goto(link);
    await waitForEditorCode(page);
    await page.getByRole('button', { name: 'Keep mine' }).click();
    expect(await offer(page).count()).toBe(0);
    expect(new URL(page.url()).hash).toBe('#/fixed-point-sqrt');
    expect(await editorValue(page)).toBe(MINE);
    expect(await savedCode(page)).toBe(MINE);
    // The focus is back in the editor, to go on.
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('.monaco-editor') !== null)).toBe(true);
    await page.reload();
    await waitForEditorCode(page);
    expect(await offer(page).count()).toBe(0);
    expect(await editorValue(page)).toBe(MINE);
  });

  it('opens at once over the untouched starter, and asks nothing when the code is already there', async () => {
    const link = await shareLink((await harness.open()).page, SHARED);
    const fresh = await harness.open({ url: link });
    await waitForEditorValue(fresh.page, SHARED);
    expect(await offer(fresh.page).count()).toBe(0);
    expect(await verdict(fresh.page)).toBe('idle');
    expect(new URL(fresh.page.url()).hash).toBe('#/fixed-point-sqrt');

    // The same link again, over the problem already open: a change of the fragment only.
    await fresh.page.goto(link);
    await waitForEditorValue(fresh.page, SHARED);
    await expect.poll(() => fresh.page.getByRole('status').filter({ hasText: 'already in your editor' }).count()).toBe(1);
    expect(await offer(fresh.page).count()).toBe(0);
  });

  it('gives a damaged or too long link a clear message and changes nothing', async () => {
    const link = await shareLink((await harness.open()).page, SHARED);
    const { page } = await browserWithSavedCode();
    const url = new URL(link);
    const code = /code=([^&]*)/.exec(url.hash)?.[1] ?? '';
    const cases = {
      // Cut short on its way, as a chat app may.
      damaged: link.replace(code, code.slice(0, -20)),
      'too long': `${kataUrl(harness.site)}?code=${'A'.repeat(SHARE_PAYLOAD_MAX_CHARS + 1)}&check=0`,
    };
    for (const [what, href] of Object.entries(cases)) {
      await page.goto('about:blank');
      await page.goto(href);
      await waitForEditorCode(page);
      const alert = page.getByRole('alert').filter({ hasText: `This share link is ${what}` });
      await alert.waitFor();
      expect(await alert.textContent()).toContain('Nothing was opened; your code is unchanged.');
      expect(await offer(page).count()).toBe(0);
      expect(await editorValue(page)).toBe(MINE);
      expect(await savedCode(page)).toBe(MINE);
      expect(await verdict(page)).toBe('idle');
      await page.getByRole('button', { name: 'Dismiss' }).click();
      expect(await alert.count()).toBe(0);
    }
  });

  it('shows the link in a selected field where the browser refuses the clipboard', async () => {
    const kata = await harness.open();
    // Pasted first: pasting goes through the clipboard too.
    await pasteCode(kata.page, SHARED);
    await kata.page.evaluate(() => {
      navigator.clipboard.writeText = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
    });
    await kata.page.getByRole('button', { name: 'Share', exact: true }).click();
    const field = kata.page.getByRole('textbox', { name: /Copy it from here/ });
    await field.waitFor();
    const link = await field.inputValue();
    expect(link.startsWith(`${harness.site.url}#/fixed-point-sqrt?code=`)).toBe(true);
    // Selected, with the focus: Ctrl+C copies it.
    expect(await field.evaluate((input: HTMLInputElement) => [document.activeElement === input, input.selectionStart, input.selectionEnd])).toEqual([
      true,
      0,
      link.length,
    ]);
    const other = await harness.open({ url: link });
    await waitForEditorValue(other.page, SHARED);
  });

  it('works from another sub-path of another host', async () => {
    const site = await serveFolder(() => DIST_DIR, { prefix: '/teaching/2026/implicit-kata/' });
    try {
      const sharer = await openKata(harness.browser, site);
      const link = await shareLink(sharer.page, SHARED);
      await sharer.close();
      expect(link.startsWith(`${site.url}#/fixed-point-sqrt?code=`)).toBe(true);
      const learner = await openKata(harness.browser, site, { url: link });
      try {
        await waitForEditorValue(learner.page, SHARED);
        expect(new URL(learner.page.url()).pathname).toBe('/teaching/2026/implicit-kata/');
      } finally {
        await learner.close();
      }
    } finally {
      await site.close();
    }
  });

  it('for a problem the course does not have, says there is no such problem', async () => {
    const link = await shareLink((await harness.open()).page, SHARED);
    const kata = await harness.open({ url: link.replace('#/fixed-point-sqrt?', '#/no-such-kata?'), waitForEditor: false });
    await kata.page.getByRole('heading', { name: 'No such problem' }).waitFor();
    expect(await kata.page.locator('.course-missing__slug').textContent()).toBe('no-such-kata');
  });
});

describe('the share notices', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`have no serious axe violation in ${colorScheme}: the offer, a refused link, the link to copy by hand`, async () => {
      const link = await shareLink((await harness.open()).page, SHARED);
      const learner = await harness.open({ colorScheme });
      await pasteCode(learner.page, MINE);
      await learner.page.goto(link);
      await offer(learner.page).waitFor();
      expect(await seriousViolations(learner.page)).toEqual([]);
      await learner.page.getByRole('button', { name: 'Keep mine' }).click();
      await learner.page.goto(link.replace(/check=\w+/, 'check=00000000'));
      await learner.page.getByRole('alert').filter({ hasText: 'This share link is damaged' }).waitFor();
      expect(await seriousViolations(learner.page)).toEqual([]);
      await learner.page.evaluate(() => {
        navigator.clipboard.writeText = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
      });
      await learner.page.getByRole('button', { name: 'Share', exact: true }).click();
      await learner.page.getByRole('textbox', { name: /Copy it from here/ }).waitFor();
      expect(await seriousViolations(learner.page)).toEqual([]);
    });
  }
});
