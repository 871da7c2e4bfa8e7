/**
 * "Compare with the reference": after a pass, the learner's code beside the reference solution in Monaco's diff
 * editor, read-only, in a modal that gives the focus back; never before a pass, never under the `never` policy,
 * and nothing of it loaded until asked.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDist, type StaticSite } from '../../scripts/browser.ts';
import type { KataDiffSide } from '../../src/ui/diff/diffTestHook.ts';
import { buildCourse, type CourseBuild } from '../support/course-build.ts';
import { seriousViolations } from './axe.ts';
import { useKataHarness } from './harness.ts';
import { clickRun, editorValue, openHintsTab, openKata, pasteCode, RESULTS, waitForVerdict } from './kata-page.ts';

const SLUG = 'fixed-point-sqrt';
const solution = readFileSync(new URL(`../../src/problems/${SLUG}/solution.ts`, import.meta.url), 'utf8');
/** The reference, passing, with one line of the learner's own: the one difference the comparison must show. */
const LEARNER_LINE = '// Mine: ten Newton steps forward, the IFT backward.';
const learnerCode = solution.replace('export const', `${LEARNER_LINE}\nexport const`);
const HINT_COUNT = 4;
const COMPARE = 'Compare with the reference';
const BUILD_TIMEOUT_MS = 300_000;

const harness = useKataHarness();

type DiffWindow = {
  __kataDiff?: {
    original(): KataDiffSide;
    modified(): KataDiffSide;
    inline(): boolean;
    changeCount(): Promise<number>;
  };
};

async function waitForDiff(page: Page) {
  await page.waitForFunction(() => (window as unknown as DiffWindow).__kataDiff !== undefined, null, { timeout: 15_000 });
  return page.evaluate(async () => {
    const diff = (window as unknown as Required<DiffWindow>).__kataDiff;
    return { original: diff.original(), modified: diff.modified(), inline: diff.inline(), changes: await diff.changeCount() };
  });
}

/** The comparison's own chunks the page asked for (each once: the harness hears a request on the page and the context). */
const diffLoaded = (requests: readonly string[]) => [
  ...new Set(requests.filter((url) => /\/assets\/(solution|referenceDiffEditor)-[^/]+\.js$/.test(url))),
];

/** The Compare buttons on the page, wherever they are (results, hints). */
const compareButtons = (page: Page) => page.getByRole('button', { name: COMPARE });

async function passWithLearnerCode(page: Page) {
  await pasteCode(page, learnerCode);
  await clickRun(page);
  expect(await waitForVerdict(page)).toBe('passed');
}

describe('compare with the reference', () => {
  it('is not offered before a pass, even with every hint out, and loads nothing of it', async () => {
    const { page, requests } = await harness.open();
    await openHintsTab(page);
    for (let shown = 1; shown <= HINT_COUNT; shown++) {
      await page.getByRole('button', { name: `Show hint ${shown} of ${HINT_COUNT}` }).click();
    }
    // The solution itself is offered now (on-request), the comparison is not: it waits for a pass.
    await page.getByRole('button', { name: 'Show the solution' }).waitFor();
    await clickRun(page);
    expect(await waitForVerdict(page)).toBe('failed');
    expect(await compareButtons(page).count()).toBe(0);
    expect(diffLoaded(requests)).toEqual([]);
  });

  it('after a pass, shows both sides read-only, reads F7 aloud, and closes on Escape with the focus back', async () => {
    const { page, requests } = await harness.open();
    await passWithLearnerCode(page);
    // Offered, and still nothing loaded until it is asked for.
    const fromResults = page.locator(RESULTS).getByRole('button', { name: COMPARE });
    await fromResults.waitFor();
    expect(diffLoaded(requests)).toEqual([]);

    await fromResults.click();
    const dialog = page.getByRole('dialog', { name: 'Your code beside the reference' });
    await dialog.waitFor();
    const shown = await waitForDiff(page);
    expect(shown.original).toEqual({ value: learnerCode, readOnly: true });
    expect(shown.modified).toEqual({ value: solution, readOnly: true });
    expect(shown.changes).toBe(1);
    expect(shown.inline).toBe(false);
    // Both chunks were fetched now: the solution and the diff editor's own code.
    expect(diffLoaded(requests)).toHaveLength(2);
    expect(await dialog.getByText('Your code', { exact: true }).isVisible()).toBe(true);
    expect(await dialog.getByText('Reference solution', { exact: true }).isVisible()).toBe(true);
    expect(await dialog.getAttribute('aria-describedby')).toBeTruthy();
    expect(await dialog.locator('.ref-diff__keys').textContent()).toContain('F7');
    // The focus moved in: into the comparison itself.
    expect(await page.evaluate(() => document.activeElement?.closest('.ref-diff') !== null)).toBe(true);
    // The learner's line is marked as a difference, on the left.
    await expect.poll(() => dialog.locator('.editor.original .line-delete, .editor.original .char-delete').count()).toBeGreaterThan(0);

    // Typing into either side changes nothing.
    await page.keyboard.type('typed ');
    await page.keyboard.press('Enter');
    await dialog.locator('.editor.original .view-lines').click();
    await page.keyboard.type('typed ');
    await page.keyboard.press('Backspace');
    const afterTyping = await waitForDiff(page);
    expect(afterTyping.original.value).toBe(learnerCode);
    expect(afterTyping.modified.value).toBe(solution);

    // F7 opens Monaco's accessible diff viewer on the change; its Escape closes it, not the dialog.
    const viewer = dialog.locator('.diff-review');
    expect(await viewer.isVisible()).toBe(false);
    // F7 is the diff editor's own key: it acts only once a side has the focus, which a busy machine gives late.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest('.editor.original') != null), { timeout: 10_000 })
      .toBe(true);
    // Monaco sets the context key F7 needs (`isInDiffEditor`) a little after the focus moves, so on a loaded
    // machine the first press can land before it; pressing again is what a learner would do.
    for (let press = 0; press < 4 && !(await viewer.isVisible()); press += 1) {
      await page.keyboard.press('F7');
      await viewer.waitFor({ state: 'visible', timeout: 4_000 }).catch(() => undefined);
    }
    expect(await viewer.isVisible()).toBe(true);
    // It renders spaces as no-break spaces.
    await expect.poll(async () => (await viewer.innerText()).replaceAll('\u00a0', ' ')).toContain(LEARNER_LINE);
    await page.keyboard.press('Escape');
    // Monaco hides it with `visibility`, which isVisible() reads.
    await expect.poll(() => viewer.isVisible()).toBe(false);
    expect(await dialog.isVisible()).toBe(true);

    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await expect.poll(() => fromResults.evaluate((button) => button === document.activeElement)).toBe(true);
    // The editor behind still holds the learner's code; the comparison is gone, its test hook with it.
    expect(await editorValue(page)).toBe(learnerCode);
    expect(await page.evaluate(() => (window as unknown as DiffWindow).__kataDiff)).toBeUndefined();
  });

  it('is offered in the hints after a pass too, and its Close button gives the focus back there', async () => {
    const { page } = await harness.open();
    await passWithLearnerCode(page);
    await openHintsTab(page);
    const fromHints = page.locator('.hints').getByRole('button', { name: COMPARE });
    await fromHints.click();
    const shown = await waitForDiff(page);
    expect(shown.original.value).toBe(learnerCode);
    expect(shown.modified.value).toBe(solution);
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await expect.poll(() => fromHints.evaluate((button) => button === document.activeElement)).toBe(true);
  });

  it('shows the changes inline on a phone', async () => {
    const { page } = await harness.open({ mobile: true, viewport: { width: 390, height: 844 } });
    await passWithLearnerCode(page);
    await page.locator(RESULTS).getByRole('button', { name: COMPARE }).click();
    const shown = await waitForDiff(page);
    expect(shown.inline).toBe(true);
    expect(shown.original.value).toBe(learnerCode);
    expect(shown.modified.value).toBe(solution);
    expect(await page.getByRole('dialog').getByText('Red lines: your code').isVisible()).toBe(true);
    // The dialog fills the screen.
    const box = await page.getByRole('dialog').boundingBox();
    expect(box).toMatchObject({ x: 0, y: 0, width: 390, height: 844 });
  });

  it('has no serious axe violation with the comparison open, light and dark, desktop and phone', async () => {
    for (const [colorScheme, options] of [
      ['light', {}],
      ['dark', { mobile: true, viewport: { width: 390, height: 844 } }],
    ] as const) {
      const { page } = await harness.open({ colorScheme, ...options });
      await passWithLearnerCode(page);
      await page.locator(RESULTS).getByRole('button', { name: COMPARE }).click();
      await waitForDiff(page);
      // Monaco's own DOM (the diff editor and its accessible viewer) is third-party, as in accessibility.test.ts.
      expect(await seriousViolations(page, { exclude: ['.monaco-diff-editor'] }), colorScheme).toEqual([]);
    }
  });

  it('says so when the solution cannot load: offline before it was ever fetched', async () => {
    const { page, context } = await harness.open();
    await passWithLearnerCode(page);
    await context.setOffline(true);
    await page.locator(RESULTS).getByRole('button', { name: COMPARE }).click();
    const alert = page.getByRole('dialog').getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('This browser is offline, and the reference solution needs the network the first time');
    // Back online, Try again shows it.
    await context.setOffline(false);
    await alert.getByRole('button', { name: 'Try again' }).click();
    const shown = await waitForDiff(page);
    expect(shown.modified.value).toBe(solution);
  });
});

describe('under the `never` policy', () => {
  let built: CourseBuild | undefined;
  let site: StaticSite | undefined;
  beforeAll(async () => {
    built = await buildCourse({ schemaVersion: 1, title: 'No solutions', solutionPolicy: 'never', problems: [{ slug: SLUG }] });
    site = await serveDist(undefined, built.dir);
  }, BUILD_TIMEOUT_MS);
  afterAll(async () => {
    await site?.close();
    built?.remove();
  });

  it('never offers the comparison, not even after a pass', async () => {
    const kata = await openKata(harness.browser, site!);
    try {
      const { page } = kata;
      await passWithLearnerCode(page);
      await openHintsTab(page);
      await page.locator('.hints').waitFor();
      expect(await compareButtons(page).count()).toBe(0);
      expect(await page.locator('.results__next').count()).toBe(1);
    } finally {
      await kata.close();
    }
  });
});
