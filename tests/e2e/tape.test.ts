/**
 * The tape, seen: after a Run, the results show what TF.js recorded while the learner's function ran under
 * tf.grad, 2 operations for a custom gradient, 91 for the unrolled loop (folded, not 91 lines), and
 * keep it across a reload.
 */
import { readFileSync } from 'node:fs';
import { seriousViolations } from './axe.ts';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useKataHarness } from './harness.ts';
import { clickRun, pasteCode, waitForEditorCode, waitForVerdict } from './kata-page.ts';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const solution = read('../../src/problems/fixed-point-sqrt/solution.ts');
const unrolled = read('../../src/problems/fixed-point-sqrt/fixtures/wrong-unrolled-loop.ts');

const harness = useKataHarness();

const TAPE = '.tape';
const summary = (page: Page) => page.locator(`${TAPE} > summary`);
const isOpen = (page: Page) => page.locator(TAPE).evaluate((details) => (details as HTMLDetailsElement).open);

/** Opens the section from the keyboard, as a learner who does not use a mouse would. */
async function openWithKeyboard(page: Page): Promise<void> {
  await summary(page).focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => isOpen(page)).toBe(true);
}


describe('what TF.js recorded on the tape', () => {
  it('shows the two nodes of the reference solution, one of them the customGrad, behind a disclosure', async () => {
    const { page } = await harness.open({ viewport: { width: 1400, height: 2000 } });
    await pasteCode(page, solution);
    await clickRun(page);
    expect(await waitForVerdict(page)).toBe('passed');

    // Under the checks, closed at first, named for what it is.
    expect(await summary(page).textContent()).toBe('What TF.js recorded on the tape 2 operations');
    expect(await isOpen(page)).toBe(false);
    const [checksBox, tapeBox] = await Promise.all([page.locator('.checks').boundingBox(), page.locator(TAPE).boundingBox()]);
    expect(tapeBox!.y).toBeGreaterThan(checksBox!.y + checksBox!.height - 1);

    await openWithKeyboard(page);
    expect(await page.locator('.tape__sentence').textContent()).toBe(
      '2 operations were recorded while your function ran under tf.grad: Identity, customGrad.',
    );
    expect(await page.locator('.tape__strip .tape__cell').count()).toBe(2);
    expect(await page.locator('.tape__strip .tape__cell--custom').count()).toBe(1);
    expect(await page.locator('.tape__ops > li').allTextContents()).toEqual(['Identity', 'customGrad']);
    expect(await page.locator('.tape__meaning').textContent()).toContain("the shape of a custom gradient's tape");
    expect(await page.locator('.tape__probe').textContent()).toMatch(/^Measured while computing the gradient of .+ ran [1-5] kernels in the backward pass\.$/);
    // The strip tells a screen reader what it draws.
    expect(await page.locator('.tape__strip').getAttribute('aria-label')).toBe('One cell per operation: 1 Identity, 1 customGrad.');
    // Its legend names the two kinds of cell drawn, and no other.
    expect(await page.locator('.tape__legend li').allTextContents()).toEqual(['a copy kept for the backward pass', 'a customGrad']);
    expect(await seriousViolations(page, { include: TAPE })).toEqual([]);

    // Closes again from the keyboard.
    await page.keyboard.press('Space');
    await expect.poll(() => isOpen(page)).toBe(false);
  });

  it('shows the 91 nodes of the unrolled loop folded into one Newton step × 10, and keeps them across a reload', async () => {
    const { page } = await harness.open({ viewport: { width: 1400, height: 2000 }, colorScheme: 'dark' });
    await pasteCode(page, unrolled);
    await clickRun(page);
    expect(await waitForVerdict(page)).toBe('failed');
    expect(await summary(page).textContent()).toBe('What TF.js recorded on the tape 91 operations');

    const expectUnrolledTape = async () => {
      await openWithKeyboard(page);
      expect(await page.locator('.tape__sentence').textContent()).toBe(
        '91 operations were recorded while your function ran under tf.grad: OnesLike, then the same 9 operations 10 times.',
      );
      // Folded: the first operation and one repeated group at the top level, not 91 lines.
      expect(await page.locator('.tape__ops:not(.tape__ops--inner) > li').count()).toBe(2);
      const group = page.locator('.tape__group');
      expect(await group.count()).toBe(1);
      expect(await group.locator('.tape__times').textContent()).toBe('×\u00a010');
      expect(await group.locator('.tape__ops--inner > li code').allTextContents()).toEqual([
        'Identity',
        'RealDiv',
        'Identity',
        'Add',
        'Identity',
        'Multiply',
      ]);
      // The strip draws every node: 91 cells against the solution's 2, no customGrad among them.
      expect(await page.locator('.tape__strip .tape__cell').count()).toBe(91);
      expect(await page.locator('.tape__strip .tape__cell--custom').count()).toBe(0);
      expect(await page.locator('.tape__meaning').textContent()).toContain('Every step of the iteration was taped');
      expect(await page.locator('.tape__probe').textContent()).toMatch(/ran \d{3,} kernels in the backward pass\.$/);
      expect(await seriousViolations(page, { include: TAPE })).toEqual([]);
    };
    await expectUnrolledTape();

    await page.reload();
    await waitForEditorCode(page);
    expect(await page.locator('.results').getAttribute('data-verdict')).toBe('failed');
    expect(await isOpen(page)).toBe(false);
    await expectUnrolledTape();
  });
});
