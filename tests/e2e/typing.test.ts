/**
 * Typing as learners type: key by key, at a slow, a steady and a fast typist's pace, from the moment the page
 * shows the code (before Monaco has loaded), while TypeScript is still starting, and while a Run is going on.
 * Every test reads the whole text back and compares it with what the keys should have produced.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useKataHarness } from './harness.ts';
import { boxOnScreen, clickRun, editorValue, pasteCode, verdict, waitForEditorCode, waitForVerdict } from './kata-page.ts';

const starter = readFileSync(new URL('../../src/problems/fixed-point-sqrt/starter.ts', import.meta.url), 'utf8');
const hang = readFileSync(new URL('../fixtures/sandbox-hostile/hang-forward.ts', import.meta.url), 'utf8');
/** Statements with brackets, quotes and pairs that Monaco closes by itself, typed one per line. */
const typedLines = readFileSync(new URL('../fixtures/typing/lines.ts', import.meta.url), 'utf8').trimEnd().split('\n');
/** A comment typed at the end of a line: the same keys give the same text in the plain text area and in Monaco. */
const typedComment = readFileSync(new URL('../fixtures/typing/comment.ts', import.meta.url), 'utf8').trimEnd();

const KEY_DELAYS_MS = [150, 80, 30] as const;
/** Line 10: `const y = tf.onesLike(x);` in the starter, `let y = tf.onesLike(x);` in the hanging submission. */
const TARGET_LINE = 10;
const LINE_HEIGHT_PX = 20;
/** The chunk that brings Monaco (src/ui/editor/kataEditor.ts). */
const EDITOR_CHUNK = /\/assets\/kataEditor-[^/]+\.js$/;

const harness = useKataHarness();

/** The starter with `inserted` after the end of its line `line` (1-based). */
function withTextAfterLine(code: string, line: number, inserted: string): string {
  const lines = code.split('\n');
  lines[line - 1] += inserted;
  return lines.join('\n');
}

/**
 * Clicks past the end of a line, as a learner does. The plain text area and Monaco put their lines at the same
 * places in the same box, so the click lands on that line whichever of them holds the code at that moment.
 */
async function clickEndOfLine(page: Page, line: number): Promise<void> {
  const box = await boxOnScreen(page.locator('.code-editor'));
  await page.mouse.click(box.x + box.width - 40, box.y + (line - 1) * LINE_HEIGHT_PX + LINE_HEIGHT_PX / 2);
  await page.keyboard.press('End');
}

/** Types each line, pressing Enter before it: Monaco indents the new line itself, as it does for a learner. */
async function typeNewLines(page: Page, delay: number): Promise<void> {
  for (const line of typedLines) {
    await page.keyboard.press('Enter', { delay });
    await page.keyboard.type(line, { delay });
  }
}

/** What Enter and the typed lines give: each new line indented as the line before it, as Monaco does. */
function expectedWithNewLines(code: string): string {
  const indent = /^\s*/.exec(code.split('\n')[TARGET_LINE - 1] ?? '')?.[0] ?? '';
  return withTextAfterLine(code, TARGET_LINE, typedLines.map((line) => `\n${indent}${line}`).join(''));
}

describe('typing in the editor', () => {
  for (const delay of KEY_DELAYS_MS) {
    it(`keeps every key typed ${delay} ms apart from the first moment the code shows, across Monaco's arrival`, async () => {
      // Monaco arrives while the learner is typing: its chunk is held back until half the keys are in.
      let releaseEditor = () => {};
      const editorHeldBack = new Promise<void>((resolve) => (releaseEditor = resolve));
      const { page } = await harness.open({
        waitForEditor: false,
        beforeLoad: async (page) => {
          await page.route(EDITOR_CHUNK, async (route) => {
            await editorHeldBack;
            await route.continue();
          });
        },
      });
      await page.waitForSelector('.code-editor__plain', { timeout: 30_000 });
      await clickEndOfLine(page, TARGET_LINE);
      expect(await page.evaluate(() => document.activeElement?.className)).toBe('code-editor__plain');
      // Half the keys go into the plain text area, a quarter while Monaco arrives, the last quarter into Monaco.
      const half = Math.floor(typedComment.length / 2);
      const threeQuarters = Math.floor((typedComment.length * 3) / 4);
      await page.keyboard.type(typedComment.slice(0, half), { delay });
      expect(await page.locator('.monaco-editor').count()).toBe(0);
      releaseEditor();
      await page.keyboard.type(typedComment.slice(half, threeQuarters), { delay });
      await waitForEditorCode(page);
      await page.keyboard.type(typedComment.slice(threeQuarters), { delay });
      const expected = withTextAfterLine(starter, TARGET_LINE, typedComment);
      expect(await editorValue(page)).toBe(expected);
      // The keys went on into Monaco, which has the focus now.
      expect(await page.evaluate(() => document.activeElement?.closest('.monaco-editor') !== null)).toBe(true);
      // Saved, too: a reload right away brings back every key.
      await page.unroute(EDITOR_CHUNK);
      await page.reload();
      await waitForEditorCode(page);
      expect(await editorValue(page)).toBe(expected);
    });

    it(`keeps new lines typed ${delay} ms a key while TypeScript is still starting`, async () => {
      const { page } = await harness.open();
      // Both moments in page time: the first key the editor received, and TypeScript's readiness.
      await page.evaluate(() => {
        const marks: { firstKeyMs?: number; readyMs?: number } = {};
        (window as unknown as { __typingMarks: typeof marks }).__typingMarks = marks;
        document.addEventListener('keydown', () => (marks.firstKeyMs ??= performance.now()), { capture: true });
        void (window as unknown as { __kataEditor: { whenReady(): Promise<void> } }).__kataEditor
          .whenReady()
          .then(() => (marks.readyMs = performance.now()));
      });
      await clickEndOfLine(page, TARGET_LINE);
      await typeNewLines(page, delay);
      expect(await editorValue(page)).toBe(expectedWithNewLines(starter));
      // The keys started before the language service was ready (the case this test is about).
      const marks = await page.evaluate(() => (window as unknown as { __typingMarks: { firstKeyMs?: number; readyMs?: number } }).__typingMarks);
      expect(marks.firstKeyMs).toBeLessThan(marks.readyMs ?? Number.POSITIVE_INFINITY);
    });
  }

  // One pace here: the 80 ms of a steady typist, against a Run that lasts the 5 s time limit.
  it('keeps keys typed while a Run is going on and while the page re-renders', async () => {
    const { page } = await harness.open();
    await pasteCode(page, hang);
    await clickRun(page);
    await expect.poll(() => verdict(page)).toBe('running');
    await clickEndOfLine(page, TARGET_LINE);
    // Mid-typing, switch the theme: the whole page re-renders, and the editor must not notice.
    const switchTheme = page.waitForTimeout(400).then(() =>
      page.evaluate(() => {
        const select = document.querySelector<HTMLSelectElement>('.theme-select select');
        if (!select) throw new Error('no theme select');
        select.value = 'dark';
        select.dispatchEvent(new Event('change', { bubbles: true }));
      }),
    );
    await Promise.all([typeNewLines(page, 80), switchTheme]);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await editorValue(page)).toBe(expectedWithNewLines(hang));
    expect(await waitForVerdict(page, 15_000)).toBe('timeout');
    expect(await editorValue(page)).toBe(expectedWithNewLines(hang));
  });

  it('undoes a Reset with Ctrl+Z, back to the code as typed', async () => {
    const { page } = await harness.open();
    await clickEndOfLine(page, TARGET_LINE);
    await page.keyboard.type(typedComment, { delay: 30 });
    const typed = withTextAfterLine(starter, TARGET_LINE, typedComment);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('button', { name: 'Reset to starter', exact: true }).click();
    await expect.poll(() => editorValue(page)).toBe(starter);
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('ControlOrMeta+KeyZ');
    await expect.poll(() => editorValue(page)).toBe(typed);
  });
});
