/**
 * What the bench records inside the page, from before the page's own scripts run (an init script), and the
 * blocking time it derives from it.
 *
 * Functions here are serialised into the page: no named inner functions or arrows bound to names, since tsx
 * wraps those in a `__name` helper that the page does not have.
 */
import type { Page } from 'playwright-core';
import type { KataEditorTestHook } from '../../src/ui/editor/testHook.ts';

/** A main-thread task of more than 50 ms, as the Long Tasks API reports it (page time). */
export type LongTask = { startMs: number; durationMs: number };

/** Page-time milestones (ms since navigation start). */
export type Milestones = {
  fcpMs?: number;
  /** The code shows in an element the learner can type into: the plain text area, or Monaco itself. */
  plainMs?: number;
  /** Monaco holds the starter code (the app installs `window.__kataEditor`). */
  editorMs?: number;
  /** The editor's `whenReady`: tfjs types loaded, TypeScript has checked the code. */
  typesMs?: number;
  longTasks: LongTask[];
};
type BenchWindow = Window & { __kataBench?: Milestones };

export const TIMEOUT_MS = 30_000;

/**
 * The init script. The app installs `window.__kataEditor` when Monaco mounts with the code in it; trapping
 * that assignment times the moment exactly, where polling would add its interval. Long tasks and paints are
 * observed from the start (buffered as well, in case the observer is late).
 */
export function recordMilestones(): void {
  const marks: Milestones = { longTasks: [] };
  let hook: KataEditorTestHook | undefined;
  Object.defineProperty(window, '__kataBench', { value: marks });
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) marks.longTasks.push({ startMs: entry.startTime, durationMs: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (entry.name === 'first-contentful-paint') marks.fcpMs = entry.startTime;
    }).observe({ type: 'paint', buffered: true });
  } catch {
    // A browser without these entry types: the figures stay missing and the bench says so.
  }
  const watch = new MutationObserver(() => {
    if (!document.querySelector('.code-editor__plain, .monaco-editor')) return;
    marks.plainMs = performance.now();
    watch.disconnect();
  });
  watch.observe(document, { childList: true, subtree: true });
  // A learner who goes straight for the code: the pointer is over it as soon as the page's own editor is
  // there (the kata loads Monaco only then; a build that loads it anyway ignores this). A real pointer event,
  // dispatched, because the bench's clock must not wait for a round trip to Node.
  const reach = new MutationObserver(() => {
    const code = document.querySelector('#root > .app .code-editor');
    if (!code) return;
    reach.disconnect();
    code.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, pointerType: 'mouse' }));
  });
  reach.observe(document, { childList: true, subtree: true });
  Object.defineProperty(window, '__kataEditor', {
    configurable: true,
    get() {
      return hook;
    },
    set(value: KataEditorTestHook | undefined) {
      hook = value;
      if (!value || marks.editorMs !== undefined || !value.getValue().includes('fixedPointSqrt')) return;
      marks.editorMs = performance.now();
      // The app calls `whenReady` itself right after installing the hook; a microtask later we share its promise
      // instead of starting the TypeScript service first.
      queueMicrotask(() => void value.whenReady().then(() => (marks.typesMs = performance.now())));
    },
  });
}

/** Waits until the milestone is there, and returns it; fails after `timeoutMs` with `what` in the message. */
export async function milestone(
  page: Page,
  name: 'fcpMs' | 'plainMs' | 'editorMs' | 'typesMs',
  what: string,
  timeoutMs = TIMEOUT_MS,
): Promise<number> {
  try {
    const handle = await page.waitForFunction((key) => (window as BenchWindow).__kataBench?.[key], name, { timeout: timeoutMs });
    return (await handle.jsonValue()) as number;
  } catch (error) {
    throw new Error(`${what} did not happen within ${timeoutMs / 1000} s (${String(error).split('\n')[0]})`);
  }
}

/** After the editor holds the starter, the page must go this long without a long task for the window to close. */
export const QUIET_MS = 5_000;

export type Blocking = {
  /** Sum over long tasks after first paint of their time beyond 50 ms (Lighthouse's total blocking time). */
  tbtMs: number;
  longTasks: number;
  longestMs: number;
  /** When the window closed, page time; `quiet` false if it closed at the cap rather than after a quiet spell. */
  windowMs: number;
  quiet: boolean;
};

/**
 * Waits for the blocking-time window to close: QUIET_MS after both the editor's arrival and the end of the
 * last long task, or `capMs` after navigation if the page never goes quiet for that long. Then sums the
 * blocking time of the long tasks after first paint, clipping a task that straddles it to its part after
 * (as Lighthouse does).
 */
export async function blockingTime(page: Page, capMs: number): Promise<Blocking> {
  const { windowMs, quiet, fcpMs, longTasks } = await page.evaluate(
    ([quietMs, capMs]) =>
      new Promise<{ windowMs: number; quiet: boolean; fcpMs: number; longTasks: LongTask[] }>((resolve) => {
        const marks = (window as BenchWindow).__kataBench;
        const timer = setInterval(() => {
          const now = performance.now();
          const lastEnd = Math.max(
            marks?.editorMs ?? Infinity,
            ...(marks?.longTasks ?? []).map((task) => task.startMs + task.durationMs),
          );
          const quiet = now - lastEnd >= quietMs;
          if (!quiet && now < capMs) return;
          clearInterval(timer);
          resolve({ windowMs: now, quiet, fcpMs: marks?.fcpMs ?? 0, longTasks: [...(marks?.longTasks ?? [])] });
        }, 100);
      }),
    [QUIET_MS, capMs] as const,
  );
  const blocking = longTasks
    .filter((task) => task.startMs + task.durationMs > fcpMs)
    .map((task) => task.startMs + task.durationMs - Math.max(task.startMs, fcpMs) - 50)
    .filter((over) => over > 0);
  return {
    tbtMs: blocking.reduce((total, over) => total + over, 0),
    longTasks: longTasks.length,
    longestMs: Math.max(0, ...longTasks.map((task) => task.durationMs)),
    windowMs,
    quiet,
  };
}
