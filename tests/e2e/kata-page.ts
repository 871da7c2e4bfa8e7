/** Drives the kata page as a learner does: through the editor, the Run button and the keyboard. */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { EditorMarker, KataEditorTestHook } from '../../src/ui/editor/testHook.ts';
import { problemUrl, type StaticSite } from '../../scripts/browser.ts';

export const RESULTS = '.results';
/** The kata these tests drive: the course's first problem. */
export const KATA_SLUG = 'fixed-point-sqrt';

/** The sqrt kata's own address: the site's root is the course's index. */
export function kataUrl(site: Pick<StaticSite, 'url'>): string {
  return problemUrl(site, KATA_SLUG);
}
const SETTLED_VERDICTS = ['passed', 'failed', 'error', 'timeout'];

export type KataPage = {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Every URL the page requested, in order. */
  readonly requests: string[];
  close(): Promise<void>;
};

/**
 * Opens the kata (or `url`) in a fresh context. The offline service worker is blocked unless asked for: it
 * would precache the whole build in the background of every test.
 */
export type OpenKataOptions = {
  serviceWorkers?: 'allow' | 'block';
  viewport?: { width: number; height: number };
  /** A phone: touch, a mobile viewport. */
  mobile?: boolean;
  colorScheme?: 'light' | 'dark';
  /** False: return as soon as the page has started loading, before Monaco is there. */
  waitForEditor?: boolean;
  /** Runs before the page is opened, e.g. to hold back one of its requests. */
  beforeLoad?(page: Page): Promise<void>;
  /** Where to open: the sqrt kata's own URL unless told (the site's root is the course's index). */
  url?: string;
};

export async function openKata(browser: Browser, site: StaticSite, options: OpenKataOptions = {}): Promise<KataPage> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1400, height: 900 },
    serviceWorkers: options.serviceWorkers ?? 'block',
    isMobile: options.mobile ?? false,
    hasTouch: options.mobile ?? false,
    colorScheme: options.colorScheme ?? 'light',
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  // Workers' requests are reported on the context in Chromium; listen there too.
  context.on('request', (request) => requests.push(request.url()));
  await options.beforeLoad?.(page);
  await page.goto(options.url ?? kataUrl(site), { waitUntil: options.waitForEditor === false ? 'commit' : 'load' });
  if (options.waitForEditor !== false) await waitForEditorCode(page);
  return { page, context, requests, close: () => context.close() };
}

/**
 * Resolves once Monaco holds code (the starter, or what was saved): an `export` of the problem's entry. Monaco
 * loads when the learner reaches for the code (src/ui/editor/CodeEditor.tsx): until it is there, this moves the
 * pointer over the code, as a learner about to use it does, without focusing or clicking anything.
 */
export async function waitForEditorCode(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      if (/\bexport\b/.test((window as unknown as KataWindow).__kataEditor?.getValue() ?? '')) return true;
      for (const editor of document.querySelectorAll('#root > .app .code-editor')) {
        editor.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, pointerType: 'mouse' }));
      }
      return false;
    },
    null,
    { timeout: 30_000, polling: 100 },
  );
}

type KataWindow = { __kataEditor?: KataEditorTestHook };

/** How long `boxOnScreen` waits for an element to be laid out on screen. */
const ON_SCREEN_TIMEOUT_MS = 10_000;

/**
 * Where an element is on screen, once it is. `locator.boundingBox()` gives null for a node that leaves the
 * document while it is measured, which is what happens to the pre-rendered page's nodes when React renders over
 * them: the same element, rendered anew, is there a moment later.
 */
export async function boxOnScreen(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const deadline = Date.now() + ON_SCREEN_TIMEOUT_MS;
  for (;;) {
    const box = await locator.boundingBox({ timeout: ON_SCREEN_TIMEOUT_MS });
    if (box) return box;
    if (Date.now() > deadline) throw new Error(`${String(locator)} is not on screen after ${ON_SCREEN_TIMEOUT_MS} ms`);
    await locator.page().waitForTimeout(50);
  }
}

export function editorValue(page: Page): Promise<string> {
  return page.evaluate(() => (window as unknown as Required<KataWindow>).__kataEditor.getValue());
}

/** Waits until the editor holds exactly `text`. */
export async function waitForEditorValue(page: Page, text: string, timeoutMs = 10_000): Promise<void> {
  await page.waitForFunction((expected) => (window as unknown as Required<KataWindow>).__kataEditor.getValue() === expected, text, {
    timeout: timeoutMs,
  });
}

/** Resolves once the tfjs types are loaded and TypeScript has checked the code. */
export function whenEditorReady(page: Page): Promise<void> {
  return page.evaluate(() => (window as unknown as Required<KataWindow>).__kataEditor.whenReady());
}

/** Every marker on the code: TypeScript's (`owner` 'typescript') and a Run's (`owner` 'kata-run'). */
export function editorMarkers(page: Page): Promise<EditorMarker[]> {
  return page.evaluate(() => (window as unknown as Required<KataWindow>).__kataEditor.getMarkers());
}

/** The editor's cursor, 1-based. */
export function editorCursor(page: Page): Promise<{ line: number; column: number }> {
  return page.evaluate(() => (window as unknown as Required<KataWindow>).__kataEditor.getCursor());
}

/** Replaces the editor's content the way a learner pastes: select all, then Ctrl+V from the clipboard. */
export async function pasteCode(page: Page, code: string): Promise<void> {
  // Monaco takes keyboard input through an EditContext or a hidden textarea, depending on the browser:
  // clicking into the text is what a learner does, and it works with either.
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.evaluate((text) => navigator.clipboard.writeText(text), code);
  await page.keyboard.press('ControlOrMeta+KeyA');
  await page.keyboard.press('ControlOrMeta+KeyV');
  await waitForEditorValue(page, code);
}

export function verdict(page: Page): Promise<string | null> {
  return page.locator(RESULTS).getAttribute('data-verdict');
}

/** Waits for a settled verdict (not idle, not running) and returns it. */
export async function waitForVerdict(page: Page, timeoutMs = 30_000): Promise<string> {
  await page.waitForFunction(
    ([selector, settled]) => settled.includes(document.querySelector(selector)?.getAttribute('data-verdict') ?? ''),
    [RESULTS, SETTLED_VERDICTS] as const,
    { timeout: timeoutMs },
  );
  return (await verdict(page)) ?? '';
}

/** Chooses an action from the toolbar's "More" menu (Reset to starter, Download .ts, Open file…). */
export async function chooseMoreAction(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'More actions' }).click();
  await page.getByRole('button', { name, exact: true }).click();
}

/** Opens the problem pane's Hints tab, as the toolbar's Hints button does. */
export async function openHintsTab(page: Page): Promise<void> {
  await page.getByRole('tab', { name: /^Hints/ }).click();
}

export async function clickRun(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Run/ }).click();
}

/** The status of each check, by id, as the results list shows it. */
export function checkStatuses(page: Page): Promise<Record<string, string>> {
  return page.$$eval('.check', (items) =>
    Object.fromEntries(items.map((item) => [item.getAttribute('data-check-id'), item.getAttribute('data-status')])),
  );
}

/**
 * The longest the page's main thread was late to answer a 20 ms timer while a submission ran, over at most
 * `durationMs`, measured inside the page: how long a learner's click or key press would have waited. The
 * watch ends when the verdict settles; the page's own rendering of the report is not the submission's doing.
 */
export function mainThreadLagMs(page: Page, durationMs: number): Promise<number> {
  return page.evaluate(
    ([duration, selector]) =>
      new Promise<number>((resolve) => {
        const intervalMs = 20;
        const start = performance.now();
        let worst = 0;
        let last = start;
        const timer = setInterval(() => {
          const now = performance.now();
          const running = document.querySelector(selector)?.getAttribute('data-verdict') === 'running';
          if (!running || now - start > duration) {
            clearInterval(timer);
            resolve(worst);
            return;
          }
          worst = Math.max(worst, now - last - intervalMs);
          last = now;
        }, intervalMs);
      }),
    [durationMs, RESULTS] as const,
  );
}

/**
 * Starts recording the page's long tasks (main-thread work over 50 ms, as Chromium reports them); the
 * returned function resolves to the longest one since, in ms (0 when there was none). Unlike
 * `mainThreadLagMs`, this covers everything: judging and rendering a report included.
 */
export async function watchLongTasks(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const durations: number[] = [];
    (window as unknown as { __longTasks: number[] }).__longTasks = durations;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) durations.push(entry.duration);
    }).observe({ type: 'longtask' });
  });
  return () =>
    page.evaluate(
      () =>
        // Entries are delivered after the task: give the observer one frame to hear the last one.
        new Promise<number>((resolve) =>
          setTimeout(() => resolve(Math.max(0, ...(window as unknown as { __longTasks: number[] }).__longTasks)), 100),
        ),
    );
}

/** How long the offline service worker may take to cache the build and take charge of the page. */
const OFFLINE_READY_TIMEOUT_MS = 30_000;

/** Resolves once the offline service worker controls the page, which means the whole build is cached. */
export async function waitForOfflineReady(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
    timeout: OFFLINE_READY_TIMEOUT_MS,
  });
}
