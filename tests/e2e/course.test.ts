/**
 * A course of two problems, as an instructor makes one (tests/e2e/scratch-course.ts: the sqrt kata's folder
 * copied under a new slug and title, course.json listing both): the index with each problem's state, a URL
 * per problem that loads directly, Back and Forward, the way on after a pass, and a problem that is not there.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemUrl } from '../../scripts/browser.ts';
import { useKataHarness } from './harness.ts';
import {
  boxOnScreen,
  clickRun,
  editorValue,
  pasteCode,
  RESULTS,
  verdict,
  waitForEditorCode,
  waitForEditorValue,
  waitForVerdict,
} from './kata-page.ts';
import { buildScratchCourse, type ScratchCourse } from './scratch-course.ts';

const solution = readFileSync(new URL('../../src/problems/fixed-point-sqrt/solution.ts', import.meta.url), 'utf8');
const starter = readFileSync(new URL('../../src/problems/fixed-point-sqrt/starter.ts', import.meta.url), 'utf8');
const first = JSON.parse(readFileSync(new URL('../../src/problems/fixed-point-sqrt/problem.json', import.meta.url), 'utf8')) as {
  slug: string;
  title: string;
  summary: string;
};

const COURSE_TITLE = 'Implicit gradients, a scratch course';
const SECOND = {
  slug: 'sqrt-once-more',
  title: 'Fixed-point sqrt, once more',
  summary: 'The same square root again, to prove a copied folder is a problem of its own.',
} as const;

/** What the editor and the sandbox load: none of it belongs on the index. */
const EDITOR_FILES = /\/assets\/(editor\.api|monaco|ts\.worker|editor\.worker|tsMode|kataEditor|sandbox\.worker)-/;

let course: ScratchCourse | undefined;
beforeAll(async () => {
  course = await buildScratchCourse({
    title: COURSE_TITLE,
    order: [first.slug, SECOND.slug],
    copies: [{ from: first.slug, ...SECOND, difficulty: 'intermediate' }],
  });
  // A whole build of the page (Monaco and TypeScript's worker included), on a machine shared with others.
}, 300_000);
afterAll(() => course?.dispose());

const harness = useKataHarness({
  distDir: () => {
    if (!course) throw new Error('the scratch course was not built');
    return course.distDir;
  },
});

/** Opens the course's index, which has no editor to wait for. */
async function openIndex(options: { viewport?: { width: number; height: number }; mobile?: boolean } = {}) {
  const kata = await harness.open({ url: harness.site.url, waitForEditor: false, ...options });
  await kata.page.locator('.course-item').first().waitFor();
  return kata;
}

/** The index's rows, in order, as a learner reads them. */
function indexRows(page: Page) {
  return page.$$eval('.course-index__list > li', (items) => {
    // What is read out: the icons beside the words are hidden from screen readers.
    const spoken = (element: Element | null) =>
      [...(element?.childNodes ?? [])]
        .filter((node) => !(node instanceof Element && node.getAttribute('aria-hidden') === 'true'))
        .map((node) => node.textContent)
        .join('');
    return items.map((item) => ({
      slug: item.getAttribute('data-slug'),
      title: item.querySelector('h2')?.textContent,
      href: item.querySelector('a')?.getAttribute('href'),
      summary: item.querySelector('.course-item__summary')?.textContent,
      difficulty: item.querySelector('[data-difficulty]')?.getAttribute('data-difficulty'),
      state: spoken(item.querySelector('[data-progress]')),
      current: item.getAttribute('aria-current'),
    }));
  });
}

const states = async (page: Page) => (await indexRows(page)).map((row) => row.state);

/** The problem shown, by its heading, once its workspace holds the code. */
async function shownProblem(page: Page): Promise<string | null> {
  await waitForEditorCode(page);
  return page.locator('h1').textContent();
}

async function backToIndex(page: Page): Promise<void> {
  await page.getByRole('link', { name: `${COURSE_TITLE}: all problems` }).click();
  await page.locator('.course-item').first().waitFor();
}

describe('the course index', () => {
  it('lists the problems in order, each not started, then attempted once typed in, solved once passed', async () => {
    const { page, requests } = await openIndex();
    expect(await page.title()).toBe(COURSE_TITLE);
    expect(await page.locator('h1').textContent()).toBe(COURSE_TITLE);
    expect(await page.getByRole('link', { name: `${COURSE_TITLE}: all problems` }).getAttribute('aria-current')).toBe('page');
    expect(await page.getByRole('list', { name: 'Problems, in course order' }).getByRole('listitem').count()).toBe(2);
    expect(await indexRows(page)).toEqual([
      {
        slug: first.slug,
        title: first.title,
        href: `#/${first.slug}`,
        summary: first.summary,
        difficulty: 'introductory',
        state: 'Not started',
        current: 'step',
      },
      {
        slug: SECOND.slug,
        title: SECOND.title,
        href: `#/${SECOND.slug}`,
        summary: SECOND.summary,
        difficulty: 'intermediate',
        state: 'Not started',
        current: null,
      },
    ]);
    expect(await page.locator('.course-index__progress').textContent()).toBe('2 problems, 0 solved');
    // The index paints without the editor or the sandbox.
    await page.waitForLoadState('networkidle');
    expect(requests.filter((url) => EDITOR_FILES.test(url))).toEqual([]);

    // By keyboard: the course's link, the theme, then the first problem.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(first.title);
    await page.keyboard.press('Enter');
    expect(await shownProblem(page)).toBe(first.title);
    expect(page.url()).toBe(problemUrl(harness.site, first.slug));
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type('// a first try');
    // At once, before the batched save is due: leaving the problem writes what is pending.
    await backToIndex(page);
    await expect.poll(() => states(page)).toEqual(['Attempted', 'Not started']);
    // Back where the learner left: the focus is on the problem they came from.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(first.title);

    await page.getByRole('link', { name: SECOND.title }).click();
    expect(await shownProblem(page)).toBe(SECOND.title);
    expect(await editorValue(page)).toBe(starter);
    await pasteCode(page, solution);
    await clickRun(page);
    expect(await waitForVerdict(page)).toBe('passed');
    // The course's last problem: the way on is back to the index.
    await page.locator(RESULTS).getByRole('link', { name: 'Back to all problems' }).click();
    await page.locator('.course-item').first().waitFor();
    expect(await states(page)).toEqual(['Attempted', 'Solved']);
    expect(await page.locator('.course-index__progress').textContent()).toBe('2 problems, 1 solved');
    // The first problem is still the one to take up.
    expect((await indexRows(page)).map((row) => row.current)).toEqual(['step', null]);
  });

  it('opens a problem from its own URL, and Back and Forward move between it, the index and another problem', async () => {
    const { page } = await harness.open({ url: problemUrl(harness.site, SECOND.slug) });
    expect(await shownProblem(page)).toBe(SECOND.title);
    expect(await page.title()).toBe(`${SECOND.title} · ${COURSE_TITLE}`);
    const mine = `${starter}\n// mine, in the copy\n`;
    await pasteCode(page, mine);

    await backToIndex(page);
    expect(await page.title()).toBe(COURSE_TITLE);
    await page.getByRole('link', { name: first.title }).click();
    expect(await shownProblem(page)).toBe(first.title);
    // Each problem has its own code: the first opens with its starter, not what was typed in the other.
    expect(await editorValue(page)).toBe(starter);
    const other = `${starter}\n// mine, in the first\n`;
    await pasteCode(page, other);

    await page.goBack();
    await page.locator('.course-item').first().waitFor();
    expect(page.url()).toBe(`${harness.site.url}#/`);
    await page.goBack();
    expect(await shownProblem(page)).toBe(SECOND.title);
    await waitForEditorValue(page, mine);
    expect(await page.title()).toBe(`${SECOND.title} · ${COURSE_TITLE}`);
    await page.goForward();
    await page.locator('.course-item').first().waitFor();
    expect(await page.title()).toBe(COURSE_TITLE);
    await page.goForward();
    expect(await shownProblem(page)).toBe(first.title);
    await waitForEditorValue(page, other);
    // And a reload of a problem's URL stays on that problem.
    await page.reload();
    expect(await shownProblem(page)).toBe(first.title);
    expect(await editorValue(page)).toBe(other);
  });

  it('links a pass to the next problem, which opens with its own starter and the focus on its title', async () => {
    const { page } = await harness.open({ url: problemUrl(harness.site, first.slug) });
    await pasteCode(page, solution);
    await clickRun(page);
    expect(await waitForVerdict(page)).toBe('passed');
    const next = page.locator(RESULTS).getByRole('link', { name: `Next problem: ${SECOND.title}` });
    expect(await next.getAttribute('href')).toBe(`#/${SECOND.slug}`);
    await next.click();
    expect(await shownProblem(page)).toBe(SECOND.title);
    expect(page.url()).toBe(problemUrl(harness.site, SECOND.slug));
    expect(await editorValue(page)).toBe(starter);
    expect(await verdict(page)).toBe('idle');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    expect(await page.locator('[data-solved="true"]').count()).toBe(0);
    // The first problem kept its code and its pass.
    await page.goBack();
    expect(await shownProblem(page)).toBe(first.title);
    expect(await editorValue(page)).toBe(solution);
    expect(await page.locator('[data-solved="true"]').count()).toBe(1);
    expect(await verdict(page)).toBe('passed');
  });

  it('drops a Run still being judged when the learner leaves its problem', async () => {
    const { page } = await harness.open({ url: problemUrl(harness.site, first.slug) });
    await pasteCode(page, solution);
    // The click and the move to the next problem in one task: the Run cannot have finished in between.
    await page.evaluate(([selector, href]) => {
      document.querySelector<HTMLButtonElement>(selector)?.click();
      location.hash = href;
    }, ['.toolbar .button--primary', `#/${SECOND.slug}`] as const);
    expect(await shownProblem(page)).toBe(SECOND.title);
    // Long enough for the abandoned Run to have passed, had it been let through.
    await page.waitForTimeout(3000);
    expect(await verdict(page)).toBe('idle');
    await backToIndex(page);
    expect(await states(page)).toEqual(['Attempted', 'Not started']);
    await page.getByRole('link', { name: first.title }).click();
    expect(await shownProblem(page)).toBe(first.title);
    expect(await verdict(page)).toBe('idle');
    expect(await page.locator('[data-solved="true"]').count()).toBe(0);
  });

  it('says so when a URL names no problem of the course, with the way back to the index', async () => {
    const { page } = await harness.open({ url: problemUrl(harness.site, 'no-such-kata'), waitForEditor: false });
    await page.getByRole('heading', { level: 1, name: 'No such problem' }).waitFor();
    expect(await page.locator('.course-missing__slug').textContent()).toBe('no-such-kata');
    expect(await page.title()).toBe(`No such problem · ${COURSE_TITLE}`);
    expect(await page.locator('.monaco-editor, .code-editor').count()).toBe(0);
    await page.getByRole('link', { name: 'See all problems' }).click();
    await page.locator('.course-item').first().waitFor();
    expect(await page.title()).toBe(COURSE_TITLE);
    // Reached from within the page, the news takes the focus, so that it is read out.
    await page.evaluate(() => (location.hash = '#/nor-this-one'));
    await page.getByRole('heading', { level: 1, name: 'No such problem' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('No such problem');
    // An in-page anchor is not a route: it leaves the page as it is.
    await page.evaluate(() => (location.hash = '#editor'));
    expect(await page.locator('h1').textContent()).toBe('No such problem');
  });

  it('fits a phone: nothing wider than the screen, the index one tap from a problem', async () => {
    const phone = { width: 390, height: 844 };
    const { page } = await openIndex({ viewport: phone, mobile: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(phone.width);
    // The whole card is the link's target.
    const card = await boxOnScreen(page.locator('.course-item').nth(1));
    await page.mouse.click(card.x + card.width - 12, card.y + card.height - 12);
    expect(await shownProblem(page)).toBe(SECOND.title);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(phone.width);
    // The top bar's brand leads back, a touch-sized target.
    const home = page.getByRole('link', { name: `${COURSE_TITLE}: all problems` });
    const box = await home.boundingBox();
    expect(Math.min(box?.width ?? 0, box?.height ?? 0)).toBeGreaterThanOrEqual(44);
    await home.click();
    await page.locator('.course-item').first().waitFor();
  });
});
