/**
 * The `after-pass` solution policy, on a build of its own (in a temporary directory, never dist/): the service
 * worker does not precache the solution, the page neither fetches nor offers it before the learner's code has
 * passed, offers it without a confirmation after, and shows it offline once it has been fetched.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, serveDist, type StaticSite } from '../../scripts/browser.ts';
import { buildCourse, distinctiveSolutionLines, filesHoldingSolutions, ROOT, type CourseBuild } from '../support/course-build.ts';
import {
  clickRun,
  openHintsTab,
  openKata,
  pasteCode,
  waitForEditorCode,
  waitForOfflineReady,
  waitForVerdict,
} from './kata-page.ts';

const BUILD_TIMEOUT_MS = 300_000;
// The problem the page opens on: the course's first.
const SLUG = 'fixed-point-sqrt';
const solution = readFileSync(join(ROOT, 'src/problems', SLUG, 'solution.ts'), 'utf8');
const HINT_COUNT = readdirSync(join(ROOT, 'src/problems', SLUG)).filter((name) => /^hint-\d+\.md$/.test(name)).length;

let built: CourseBuild | undefined;
let site: StaticSite | undefined;
let browser: Browser | undefined;
/** Every path the static server was asked for, the service worker's requests included. */
const served: string[] = [];
/** The solution's chunk, found by its content. */
let solutionChunk = '';

beforeAll(async () => {
  built = await buildCourse({
    schemaVersion: 1,
    title: 'After the pass',
    solutionPolicy: 'after-pass',
    problems: [{ slug: SLUG }],
  });
  const holders = [...new Set(filesHoldingSolutions(built.dir, distinctiveSolutionLines().filter((line) => line.slug === SLUG)).map((hit) => hit.file))];
  // The same search that finds nothing in a `never` build (tests/build/course-build.test.ts) finds it here.
  expect(holders).toHaveLength(1);
  solutionChunk = holders[0]!;
  site = await serveDist((path) => {
    served.push(path);
    return false;
  }, built.dir);
  browser = await launchChromium();
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  built?.remove();
});

const solutionServed = () => served.filter((path) => path === `/${solutionChunk}`).length;

describe('the after-pass policy', () => {
  it('keeps the solution out of the precache, and caches it at run time only', () => {
    expect(solutionChunk).toMatch(/^assets\/solution-[^/]+\.js$/);
    const serviceWorker = readFileSync(join(built!.dir, 'sw.js'), 'utf8');
    // The precache lists the rest of the build, not the solution.
    expect(serviceWorker).toMatch(/url:"assets\/index-[^"]+\.js"/);
    expect(serviceWorker).not.toContain(solutionChunk.split('/').at(-1)!);
    expect(serviceWorker).toContain('implicit-kata-solutions');
  });

  it('neither fetches nor offers the solution before a pass, offers it after, and shows it offline once fetched', async () => {
    const kata = await openKata(browser!, site!, { serviceWorkers: 'allow' });
    try {
      const { page, context, requests } = kata;
      // In control: the precache is complete.
      await waitForOfflineReady(page);
      await openHintsTab(page);
      await expect.poll(() => page.locator('.hints__intro').textContent()).toContain('The solution appears once your code passes.');
      for (let shown = 1; shown <= HINT_COUNT; shown++) {
        await page.getByRole('button', { name: `Show hint ${shown} of ${HINT_COUNT}` }).click();
      }
      await expect.poll(() => page.locator('.hints__list > *').count()).toBe(HINT_COUNT);
      // Every hint is out, and still no solution: this policy waits for a pass.
      expect(await page.getByRole('button', { name: 'Show the solution' }).count()).toBe(0);

      await pasteCode(page, solution);
      await clickRun(page);
      expect(await waitForVerdict(page)).toBe('passed');
      const show = page.getByRole('button', { name: 'Show the solution' });
      await show.waitFor();
      expect(await page.locator('.hints__intro').textContent()).toContain('Your code has passed');
      // Up to here, neither the page nor its service worker asked for it.
      expect(solutionServed()).toBe(0);
      expect(requests.filter((url) => url.endsWith(solutionChunk))).toEqual([]);

      // After a pass, no "Keep trying?" dialog: the solution comes at once.
      await show.click();
      expect(await page.getByRole('dialog').isVisible()).toBe(false);
      const solutionCode = page.locator('.solution__code');
      await expect.poll(async () => (await solutionCode.innerText()).replaceAll('\u00a0', ' ').trim()).toBe(solution.trim());
      expect(solutionServed()).toBe(1);

      // Fetched once, it is the service worker's to give: offline, after a reload, it still shows.
      await context.setOffline(true);
      await page.reload();
      await waitForEditorCode(page);
      await openHintsTab(page);
      await page.getByRole('button', { name: 'Show the solution' }).click();
      await expect.poll(async () => (await solutionCode.innerText()).replaceAll('\u00a0', ' ').trim()).toBe(solution.trim());
      expect(solutionServed()).toBe(1);
    } finally {
      await kata.close();
    }
  });
});
