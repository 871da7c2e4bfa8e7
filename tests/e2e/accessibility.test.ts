/**
 * Accessibility: axe-core finds no serious or critical violation in any state a learner reaches, light or
 * dark, on desktop and on a phone, the course's index and the page for a missing problem included; plus
 * what axe cannot see (one <h1>, the title, the way out of the editor's Tab trap, the editor's focus ring,
 * results read out politely, the index a list of headed items with the step to take up marked).
 */
import { readFileSync } from 'node:fs';
import { seriousViolations } from './axe.ts';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useKataHarness } from './harness.ts';
import { clickRun, openHintsTab, pasteCode, RESULTS } from './kata-page.ts';

const problem = JSON.parse(
  readFileSync(new URL('../../src/problems/fixed-point-sqrt/problem.json', import.meta.url), 'utf8'),
) as { title: string };
const course = JSON.parse(readFileSync(new URL('../../course.json', import.meta.url), 'utf8')) as { title: string };

const DESKTOP = { width: 1400, height: 900 };
/**
 * axe measures the colours of text on screen only: at 900 px most of the statement and of the checks sit
 * scrolled away inside their panes. A window this tall shows all of them at once.
 */
const EVERYTHING_ON_SCREEN = { width: 1400, height: 9000 };
const PHONE = { width: 390, height: 844 };
const SCHEMES = ['light', 'dark'] as const;
const HINT_COUNT = 4;

/** Fails at load after writing to the console: an error verdict, skipped checks, console lines of each level. */
const THROWS_AT_LOAD = `console.log('starting');
console.warn('about to fail');
console.error('failing now');
throw new Error('not written yet');
export function fixedPointSqrt() {}
`;

const harness = useKataHarness();


/**
 * Checks that axe is happy, naming the state in the failure message. Soft: the test goes on to the next
 * state, so one run lists everything to fix.
 */
async function expectNoSeriousViolation(page: Page, state: string): Promise<void> {
  const found = await seriousViolations(page);
  expect.soft(found, `axe, ${state}:\n${found.join('\n')}`).toEqual([]);
}

describe('accessibility on desktop', () => {
  for (const colorScheme of SCHEMES) {
    it(`has no serious axe violation in ${colorScheme}, before and after a failed Run, with a hint shown`, async () => {
      const { page } = await harness.open({ viewport: DESKTOP, colorScheme });
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(colorScheme);
      await expectNoSeriousViolation(page, `${colorScheme}, on load`);

      await clickRun(page);
      await page.waitForSelector(`${RESULTS}[data-verdict="failed"]`, { timeout: 30_000 });
      await expectNoSeriousViolation(page, `${colorScheme}, after a failed Run`);

      await openHintsTab(page);
      await expectNoSeriousViolation(page, `${colorScheme}, hints tab`);
      await page.getByRole('button', { name: `Show hint 1 of ${HINT_COUNT}` }).click();
      await page.locator('.hints__list > .hint').first().waitFor();
      await expectNoSeriousViolation(page, `${colorScheme}, one hint shown`);
    });

    it(`has no serious axe violation in ${colorScheme} with every pane's content on screen`, async () => {
      const { page } = await harness.open({ viewport: EVERYTHING_ON_SCREEN, colorScheme });
      await expectNoSeriousViolation(page, `${colorScheme}, whole statement`);

      await clickRun(page);
      await page.waitForSelector(`${RESULTS}[data-verdict="failed"]`, { timeout: 30_000 });
      await expectNoSeriousViolation(page, `${colorScheme}, every check of a failed Run`);
      // An edit makes those results stale: they stay on screen, marked as describing earlier code.
      await page.locator('.monaco-editor .view-lines').first().click();
      await page.keyboard.type('// ');
      await page.waitForSelector(`${RESULTS}[data-stale="true"]`);
      await expectNoSeriousViolation(page, `${colorScheme}, stale results`);

      await pasteCode(page, THROWS_AT_LOAD);
      await clickRun(page);
      await page.waitForSelector(`${RESULTS}[data-verdict="error"]`, { timeout: 30_000 });
      await page.locator('.console__line--error').waitFor();
      await expectNoSeriousViolation(page, `${colorScheme}, an error with skipped checks and console output`);

      await openHintsTab(page);
      for (let hint = 1; hint <= HINT_COUNT; hint++) {
        await page.getByRole('button', { name: `Show hint ${hint} of ${HINT_COUNT}` }).click();
      }
      await expect.poll(() => page.locator('.hints__list > .hint').count()).toBe(HINT_COUNT);
      await expectNoSeriousViolation(page, `${colorScheme}, every hint`);

      await page.getByRole('button', { name: 'Show the solution' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Show the solution' }).click();
      await page.locator('.solution__code span[class^="mtk"]').first().waitFor();
      await expectNoSeriousViolation(page, `${colorScheme}, the solution highlighted`);
    });
  }

  it('has one <h1>, the problem and the site in the title, the Tab-trap way out beside the editor, a focus ring and polite results', async () => {
    const { page } = await harness.open({ viewport: DESKTOP });
    expect(await page.locator('h1').count()).toBe(1);
    expect(await page.title()).toBe(`${problem.title} · ${course.title}`);

    // The way out of the editor's Tab trap, visible in the editor's frame, right under the code.
    const keys = page.locator('.editor-frame').getByText('Ctrl M');
    await expect.poll(() => keys.isVisible()).toBe(true);
    const keysBox = await keys.boundingBox();
    const codeBox = await page.locator('.editor-frame .code-editor').boundingBox();
    if (!keysBox || !codeBox) throw new Error('the editor or its keys note has no box');
    expect(keysBox.y).toBeGreaterThanOrEqual(codeBox.y + codeBox.height - 1);
    expect(keysBox.y).toBeLessThan(codeBox.y + codeBox.height + 40);
    expect(keysBox.x).toBeGreaterThanOrEqual(codeBox.x);
    expect(keysBox.x + keysBox.width).toBeLessThanOrEqual(codeBox.x + codeBox.width);

    const outlineStyle = () => page.locator('.editor-frame').evaluate((frame) => getComputedStyle(frame).outlineStyle);
    expect(await outlineStyle()).toBe('none');
    await page.locator('.monaco-editor .view-lines').first().click();
    expect(await page.evaluate(() => document.activeElement?.closest('.monaco-editor') !== null)).toBe(true);
    expect(await outlineStyle()).not.toBe('none');

    // The summary is announced politely: it sits in (or is) an aria-live="polite" region.
    await clickRun(page);
    await page.waitForSelector(`${RESULTS}[data-verdict="failed"]`, { timeout: 30_000 });
    const live = await page
      .locator(`${RESULTS} .results__summary`)
      .evaluate((summary) => summary.closest('[aria-live]')?.getAttribute('aria-live') ?? null);
    expect(live).toBe('polite');
    expect((await page.locator(`${RESULTS} .results__summary`).textContent())?.trim()).not.toBe('');
  });
});

describe('accessibility on a phone', () => {
  for (const colorScheme of SCHEMES) {
    it(`has no serious axe violation in ${colorScheme} on the Problem, Code and Results tabs`, async () => {
      const { page } = await harness.open({ viewport: PHONE, mobile: true, colorScheme });
      for (const tab of ['Problem', 'Code', 'Results']) {
        await page.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
        await expect.poll(() => page.getByRole('tab', { name: new RegExp(`^${tab}`) }).getAttribute('aria-selected')).toBe('true');
        await expectNoSeriousViolation(page, `phone, ${colorScheme}, ${tab} tab`);
      }
    });
  }
});

describe('accessibility of the course pages', () => {
  for (const [device, options] of [
    ['desktop', { viewport: DESKTOP }],
    ['a phone', { viewport: PHONE, mobile: true }],
  ] as const) {
    for (const colorScheme of SCHEMES) {
      it(`has no serious axe violation on the index and on a missing problem, on ${device} in ${colorScheme}`, async () => {
        const { page } = await harness.open({ ...options, colorScheme, url: harness.site.url, waitForEditor: false });
        await page.locator('.course-item').first().waitFor();
        await expectNoSeriousViolation(page, `index, ${device}, ${colorScheme}`);
        await page.evaluate(() => (location.hash = '#/no-such-problem'));
        await page.getByRole('heading', { level: 1, name: 'No such problem' }).waitFor();
        await expectNoSeriousViolation(page, `missing problem, ${device}, ${colorScheme}`);
      });
    }
  }

  it('gives the index one <h1>, the course as its title, a list of headed problems and the step to take up', async () => {
    const { page } = await harness.open({ viewport: DESKTOP, url: harness.site.url, waitForEditor: false });
    await page.locator('.course-item').first().waitFor();
    expect(await page.locator('h1').count()).toBe(1);
    expect(await page.locator('h1').textContent()).toBe(course.title);
    expect(await page.title()).toBe(course.title);
    const list = page.getByRole('list', { name: 'Problems, in course order' });
    expect(await list.evaluate((element) => element.tagName)).toBe('OL');
    const first = list.getByRole('listitem').first();
    expect(await first.getByRole('heading', { level: 2 }).getByRole('link').textContent()).toBe(problem.title);
    expect(await first.getAttribute('aria-current')).toBe('step');
    // The course's link in the top bar is the page itself here.
    expect(await page.getByRole('banner').getByRole('link').getAttribute('aria-current')).toBe('page');
  });
});
