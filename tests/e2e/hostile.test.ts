/**
 * The hostile corpus in the real page: each submission ends as its header says, in about the time it
 * should, the page's main thread keeps answering throughout, and the next run still works.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import problem from '../../src/problems/fixed-point-sqrt/problem.json';
import { suiteFixturesOf } from '../support/fixtures.ts';
import { useKataHarness } from './harness.ts';
import {
  checkStatuses,
  clickRun,
  mainThreadLagMs,
  pasteCode,
  verdict,
  waitForVerdict,
  watchLongTasks,
  whenEditorReady,
} from './kata-page.ts';

const solution = readFileSync(new URL('../../src/problems/fixed-point-sqrt/solution.ts', import.meta.url), 'utf8');
/** A click or key press waits no longer than this while a submission runs. */
const MAX_INPUT_DELAY_MS = 100;
/** No task of the page's own, judging and showing the results included, takes longer than this. */
const MAX_RESULTS_TASK_MS = 200;
/** How long the main thread is watched while a submission that ends by itself runs. */
const QUICK_RUN_WATCH_MS = 800;
/** Time past the limit for the page to notice, stop the worker and show the verdict, on a busy machine. */
const STOP_MARGIN_MS = 3_000;

const harness = useKataHarness();

describe('hostile submissions in the page', () => {
  for (const fixture of suiteFixturesOf('sandbox-hostile')) {
    it(`${fixture.name}: ${fixture.expectedVerdict}${fixture.failingCheck ? ` at ${fixture.failingCheck}` : ''}`, async () => {
      const { page } = await harness.open();
      await pasteCode(page, fixture.source);
      // TypeScript starts and checks the pasted code on its own thread: let it finish, so that the cores the
      // watch below shares are the submission's and the page's, not the editor's start-up.
      await whenEditorReady(page);
      const longestTaskMs = await watchLongTasks(page);
      const started = Date.now();
      await clickRun(page);
      // Watch the main thread while the submission runs: almost to the limit for the hangs, a while for the rest.
      const lag = await mainThreadLagMs(page, fixture.expectedVerdict === 'timeout' ? problem.timeLimitMs - 500 : QUICK_RUN_WATCH_MS);
      const settled = await waitForVerdict(page, problem.timeLimitMs + STOP_MARGIN_MS + 5_000);
      const elapsedMs = Date.now() - started;
      const longest = await longestTaskMs();
      expect(lag).toBeLessThan(MAX_INPUT_DELAY_MS);
      expect(longest).toBeLessThan(MAX_RESULTS_TASK_MS);
      expect(settled).toBe(fixture.expectedVerdict);
      const statuses = await checkStatuses(page);
      const firstFailing = Object.entries(statuses).find(([, status]) => status === 'failed')?.[0] ?? null;
      expect(firstFailing).toBe(fixture.failingCheck);
      if (fixture.message) {
        expect(await page.locator('.check--first-failure .check__message').textContent()).toContain(fixture.message);
      }
      expect(elapsedMs).toBeLessThan(problem.timeLimitMs + STOP_MARGIN_MS);
      console.info(
        `page: ${fixture.name} -> ${settled} in ${elapsedMs} ms (main thread late by at most ${Math.round(lag)} ms, longest task ${Math.round(longest)} ms)`,
      );

      // The sandbox is fresh for the next run: a correct solution passes right after.
      await pasteCode(page, solution);
      await clickRun(page);
      expect(await waitForVerdict(page)).toBe('passed');
      expect(await verdict(page)).toBe('passed');
    });
  }
});
