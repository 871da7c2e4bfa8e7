import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useKataHarness } from './harness.ts';
import {
  checkStatuses,
  chooseMoreAction,
  clickRun,
  editorValue,
  mainThreadLagMs,
  pasteCode,
  RESULTS,
  verdict,
  waitForEditorCode,
  waitForEditorValue,
  waitForVerdict,
  whenEditorReady,
} from './kata-page.ts';

/** One of the first kata's fixtures, in its folder. */
const fixture = (path: string) => readFileSync(new URL(`../../src/problems/fixed-point-sqrt/fixtures/${path}`, import.meta.url), 'utf8');
const solution = readFileSync(new URL('../../src/problems/fixed-point-sqrt/solution.ts', import.meta.url), 'utf8');
const starter = readFileSync(new URL('../../src/problems/fixed-point-sqrt/starter.ts', import.meta.url), 'utf8');

const harness = useKataHarness();

describe('the built kata, served from a sub-path', () => {
  it('shows the statement and the starter, and the starter fails grading', async () => {
    const { page } = await harness.open();
    await expect.poll(() => page.locator('.katex').count()).toBeGreaterThan(5);
    expect(await editorValue(page)).toBe(starter);
    expect(await verdict(page)).toBe('idle');
    await clickRun(page);
    expect(await waitForVerdict(page)).toBe('failed');
    const statuses = await checkStatuses(page);
    expect(statuses).toMatchObject({ module: 'passed', contract: 'passed', forward: 'failed' });
    await expect.poll(() => page.locator('.check--first-failure').getAttribute('data-check-id')).toBe('forward');
  });

  it('passes a correct solution pasted into the editor, run with Ctrl+Enter, and remembers it was solved', async () => {
    const { page } = await harness.open();
    await pasteCode(page, solution);
    await page.keyboard.press('Control+Enter');
    expect(await waitForVerdict(page)).toBe('passed');
    expect(Object.values(await checkStatuses(page)).every((status) => status === 'passed')).toBe(true);
    await expect.poll(() => page.locator('[data-solved="true"]').count()).toBe(1);
    await page.reload();
    await waitForEditorCode(page);
    expect(await editorValue(page)).toBe(solution);
    expect(await page.locator('[data-solved="true"]').count()).toBe(1);
  });

  it('stops an infinite loop at the time limit, keeps answering meanwhile, and the next run passes', async () => {
    const { page } = await harness.open();
    const hang = readFileSync(new URL('../fixtures/sandbox-hostile/hang-forward.ts', import.meta.url), 'utf8');
    await pasteCode(page, hang);
    await clickRun(page);
    await expect.poll(() => verdict(page)).toBe('running');
    // While the learner's loop spins in the sandbox, the page's main thread keeps answering.
    expect(await mainThreadLagMs(page, 3000)).toBeLessThan(100);
    expect(await waitForVerdict(page, 15_000)).toBe('timeout');
    expect(await page.locator(`${RESULTS} .results__summary`).textContent()).toContain('5 s time limit');
    expect(await editorValue(page)).toBe(hang);
    await pasteCode(page, solution);
    await clickRun(page);
    expect(await waitForVerdict(page)).toBe('passed');
  });

  it('points a syntax error at its line and keeps the code', async () => {
    const { page } = await harness.open();
    const broken = fixture('wrong-syntax-error.ts');
    await whenEditorReady(page);
    await pasteCode(page, broken);
    await clickRun(page);
    expect(await waitForVerdict(page)).toBe('error');
    // The mistake is on line 8 (a missing ')'); TypeScript's parser says so, not the arrow's head on line 6.
    expect(await page.locator('[data-check-id="module"] .check__message').textContent()).toMatch(/line 8, column \d+/);
    expect(await editorValue(page)).toBe(broken);
  });

  it("shows the learner's console output next to the checks", async () => {
    const { page } = await harness.open();
    await pasteCode(page, solution.replace('save([y]);', "save([y]);\n    console.log('converged y', y);"));
    await clickRun(page);
    expect(await waitForVerdict(page)).toBe('passed');
    const consoleText = await page.locator('.console__lines').textContent();
    expect(consoleText).toContain('converged y');
    expect(consoleText).toContain('[2, 3]');
  });

  it('shows console lines while the code is still running, before the time limit ends the Run', async () => {
    const { page } = await harness.open();
    await pasteCode(page, readFileSync(new URL('../fixtures/console/log-then-hang.ts', import.meta.url), 'utf8'));
    await clickRun(page);
    await page.locator('.console__line', { hasText: 'about to wait for convergence' }).waitFor({ timeout: 4_000 });
    expect(await verdict(page)).toBe('running');
    expect(await page.locator('.console__line').allTextContents()).toEqual([
      ...Array.from({ length: 10 }, (_, step) => `step ${step}\n`),
      'about to wait for convergence\n',
    ]);
    expect(await waitForVerdict(page)).toBe('timeout');
  });

  it('resets to the starter only after the learner confirms', async () => {
    const { page } = await harness.open();
    await pasteCode(page, solution);
    page.once('dialog', (dialog) => void dialog.dismiss());
    await chooseMoreAction(page, 'Reset to starter');
    expect(await editorValue(page)).toBe(solution);
    page.once('dialog', (dialog) => void dialog.accept());
    await chooseMoreAction(page, 'Reset to starter');
    await waitForEditorValue(page, starter);
  });

  it('keeps the code across a reload', async () => {
    const { page } = await harness.open();
    const edited = `${starter}\n// my notes: y* solves y = (y + x / y) / 2\n`;
    await pasteCode(page, edited);
    await page.reload();
    await waitForEditorCode(page);
    expect(await editorValue(page)).toBe(edited);
  });

  it('requests nothing outside its own files', async () => {
    const { page, requests } = await harness.open();
    await pasteCode(page, solution);
    await clickRun(page);
    expect(await waitForVerdict(page)).toBe('passed');
    const outside = requests.filter(
      (url) => !url.startsWith(harness.site.url) && !url.startsWith('data:') && !url.startsWith('blob:'),
    );
    expect(requests.length).toBeGreaterThan(3);
    expect(outside).toEqual([]);
  });
});
