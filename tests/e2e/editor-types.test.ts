/**
 * The editor's TypeScript as a learner meets it right after the page loads: the first `tf.` lists tfjs's API
 * (not its kernel names), the unannotated customGrad of the TF.js docs shows no error, and running the
 * solution leaves the console quiet. Only the test seam (`window.__kataEditor`), Monaco's DOM and the Run
 * button are used, so that the test holds whatever the page around the editor looks like.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { EditorMarker, KataEditorTestHook } from '../../src/ui/editor/testHook.ts';
import { useKataHarness } from './harness.ts';
import { editorMarkers, RESULTS, whenEditorReady } from './kata-page.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/editor-types/${name}`, import.meta.url), 'utf8');
const solution = readFileSync(new URL('../../src/problems/fixed-point-sqrt/solution.ts', import.meta.url), 'utf8');

/** tfjs-core's kernel names (`export declare const Abs = "Abs";`...), which the editor's types leave out. */
const coreDist = `${dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-core/package.json'))}/dist/`;
const KERNEL_NAMES = new Set(
  [...readFileSync(`${coreDist}kernel_names.d.ts`, 'utf8').matchAll(/^export declare const (\w+) = "/gm)].map(
    (match) => match[1],
  ),
);

type HookWindow = { __kataEditor: KataEditorTestHook };

const SUGGEST_WIDGET = '.monaco-editor .suggest-widget';
const SUGGEST_ROWS = `${SUGGEST_WIDGET}.visible .monaco-list-row`;

const harness = useKataHarness();

/** The names in the suggest widget's rows, top to bottom (an aria-label reads "customGrad, Function"). */
function suggestionNames(page: Page): Promise<string[]> {
  return page.$$eval(SUGGEST_ROWS, (rows) =>
    rows
      .map((row) => ({ index: Number(row.getAttribute('data-index')), label: row.getAttribute('aria-label') ?? '' }))
      .sort((a, b) => a.index - b.index)
      .map(({ label }) => label.split(',')[0]?.trim() ?? ''),
  );
}

/** Replaces the code as one edit, as a paste does. */
function setCode(page: Page, code: string): Promise<void> {
  return page.evaluate((text) => (window as unknown as HookWindow).__kataEditor.setValue(text), code);
}

async function errorMarkers(page: Page): Promise<Pick<EditorMarker, 'line' | 'code' | 'message'>[]> {
  return (await editorMarkers(page))
    .filter((marker) => marker.severity === 'error')
    .map(({ line, code, message }) => ({ line, code, message }));
}

type RunWindow = { __kataRunsSettled?: number };

/**
 * Clicks Run and waits for `.results[data-verdict="passed"]`. A Run of the same code can go from passed to
 * passed between two looks at the page, so a MutationObserver counts the Runs that have left `running`.
 */
async function runAndPass(page: Page): Promise<void> {
  const settledBefore = await page.evaluate((selector) => {
    const counter = window as unknown as RunWindow;
    if (counter.__kataRunsSettled === undefined) {
      counter.__kataRunsSettled = 0;
      new MutationObserver((records) => {
        for (const record of records) {
          if (record.oldValue === 'running' && (record.target as Element).matches(selector)) counter.__kataRunsSettled! += 1;
        }
      }).observe(document.body, { subtree: true, attributeFilter: ['data-verdict'], attributeOldValue: true });
    }
    return counter.__kataRunsSettled;
  }, RESULTS);
  await page.getByRole('button', { name: /^Run/ }).click();
  await page.waitForFunction((before) => ((window as unknown as RunWindow).__kataRunsSettled ?? 0) > before, settledBefore, {
    timeout: 30_000,
  });
  await page.waitForSelector(`${RESULTS}[data-verdict="passed"]`, { timeout: 1000 });
}

describe("the editor's tfjs types in the built page", () => {
  it('answers the first tf. typed after load with tfjs functions, not kernel names', async () => {
    // Returns as soon as Monaco holds the starter: the tfjs types and TypeScript are still on their way.
    const { page } = await harness.open();
    const typesReady = page.evaluate(() =>
      (window as unknown as HookWindow).__kataEditor.whenReady().then(() => performance.now()),
    );
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('tf.');
    const typedAt = await page.evaluate(() => performance.now());

    await page.waitForSelector(SUGGEST_ROWS, { timeout: 30_000 });
    const shownAt = await page.evaluate(() => performance.now());
    expect(await page.locator(`${SUGGEST_WIDGET} .message`).textContent()).not.toMatch(/No suggestions/);
    const first = await suggestionNames(page);
    expect(first.length).toBeGreaterThanOrEqual(5);
    expect(first.filter((name) => KERNEL_NAMES.has(name))).toEqual([]);
    expect(first).not.toContain('engine');

    // The same list, narrowed as the learner types on, puts customGrad first.
    await page.keyboard.type('customG');
    await expect.poll(async () => (await suggestionNames(page))[0]).toBe('customGrad');

    const readyAt = await typesReady;
    console.info(
      `first tf. list ${Math.round(shownAt - typedAt)} ms after the key, ${Math.round(shownAt)} ms after navigation; ` +
        `types ready ${readyAt > typedAt ? `${Math.round(readyAt - typedAt)} ms after` : 'before'} the key`,
    );
  });

  it('shows no error for the unannotated customGrad forms of the TF.js docs, and runs one', async () => {
    const { page } = await harness.open();
    await whenEditorReady(page);
    for (const name of ['unannotated-one-input.ts', 'unannotated-two-inputs.ts', 'docs-custom-op.ts']) {
      // A real mistake first: once its error shows, the next check of the code is known to have run.
      await setCode(page, fixture('wrong-save-not-array.ts'));
      await expect
        .poll(() => errorMarkers(page), { timeout: 20_000 })
        .toEqual([expect.objectContaining({ line: 6, code: '2345' }), expect.objectContaining({ line: 12, code: '2345' })]);
      await setCode(page, fixture(name));
      await expect.poll(() => errorMarkers(page), { timeout: 20_000, message: name }).toEqual([]);
    }
    await setCode(page, fixture('unannotated-one-input.ts'));
    await runAndPass(page);
  });

  it('does not declare tf.util.fetch, which no run has, and declares the rest of tf.util', async () => {
    const { page } = await harness.open();
    await whenEditorReady(page);
    await setCode(page, fixture('withheld-util-fetch.ts'));
    await expect
      .poll(() => errorMarkers(page), { timeout: 20_000 })
      .toEqual([expect.objectContaining({ line: 5, code: '2339', message: expect.stringContaining("'fetch'") })]);
  });

  it('runs the solution without a warning or an error on the console', async () => {
    const messages: string[] = [];
    const { page } = await harness.open({
      // Playwright logs a warning of its own for a service worker it blocks.
      serviceWorkers: 'allow',
      beforeLoad: async (opening) => {
        // The page's console, its workers' included (the sandbox locks down in a worker).
        opening.on('console', (message) => {
          if (message.type() === 'warning' || message.type() === 'error') {
            messages.push(`${message.type()}: ${message.text()} (${message.location().url})`);
          }
        });
        opening.on('pageerror', (error) => messages.push(`uncaught: ${error.message}`));
      },
    });
    await setCode(page, solution);
    // Each Run has its own sandbox worker, locked down before it runs: the second is started after the first.
    await runAndPass(page);
    await runAndPass(page);
    expect(messages, `console messages:\n${messages.join('\n')}`).toEqual([]);
  });
});
