/**
 * "Why it matters" in Chromium, measured for real by the insight worker: the view draws (a painted chart, a
 * table row per method and N, a sentence whose numbers are the table's), "yours" joins only after a passing
 * Run, Cancel stops the measurement and leaves the page working, running out of memory is shown and survived,
 * and the convergence slider moves the derivatives, the implicit one right once the forward has converged.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { problemUrl } from '../../scripts/browser.ts';
import { INSIGHT_ITERATIONS } from '../../src/insight/protocol.ts';
import { seriousViolations } from './axe.ts';
import { useKataHarness } from './harness.ts';
import { clickRun, pasteCode, waitForVerdict, type KataPage } from './kata-page.ts';

const KATAS = ['fixed-point-sqrt', 'deq-layer'] as const;
type Kata = (typeof KATAS)[number];

const solutionOf = (slug: Kata) => readFileSync(new URL(`../../src/problems/${slug}/solution.ts`, import.meta.url), 'utf8');

const DIALOG = 'dialog.insight';
/** The whole measurement: about 11 s on this machine class by design, with room for a slow CI. */
const MEASURE_TIMEOUT_MS = 120_000;
const INSIGHT_CHUNK = /\/assets\/InsightChunk-[^/]+\.js$/;
const INSIGHT_WORKER = /\/assets\/insight\.worker-[^/]+\.js$/;

const harness = useKataHarness();

async function openKataAt(slug: Kata): Promise<KataPage> {
  return harness.open({ url: problemUrl(harness.site, slug) });
}

/** Before a pass: the quiet way in, from the results, which measures the reference alone. */
async function openOnReference(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'see it on the reference solution' }).click();
  await page.locator(DIALOG).waitFor();
}

async function passAndOpen(page: Page, slug: Kata): Promise<void> {
  await pasteCode(page, solutionOf(slug));
  await clickRun(page);
  expect(await waitForVerdict(page, 60_000)).toBe('passed');
  await page.locator('.results__header').getByRole('button', { name: 'Why it matters' }).click();
  await page.locator(DIALOG).waitFor();
}

async function waitForMeasured(page: Page): Promise<void> {
  await page.locator(`${DIALOG}[data-status="done"]`).waitFor({ timeout: MEASURE_TIMEOUT_MS });
}

type Row = { method: string; iterations: number; status: string; text: string };

function tableRows(page: Page): Promise<Row[]> {
  return page.$$eval(`${DIALOG} .insight__table tbody tr`, (rows) =>
    rows.map((row) => ({
      method: row.getAttribute('data-method') ?? '',
      iterations: Number(row.getAttribute('data-iterations')),
      status: row.getAttribute('data-status') ?? '',
      text: row.textContent ?? '',
    })),
  );
}

/** How many pixels of the cost chart's canvas differ from its first: 0 for a blank canvas. */
function paintedPixels(page: Page): Promise<number> {
  return page.$eval(`${DIALOG} .insight__chart canvas`, (canvas) => {
    const context = (canvas as HTMLCanvasElement).getContext('2d');
    if (!context) return 0;
    const { data } = context.getImageData(0, 0, (canvas as HTMLCanvasElement).width, (canvas as HTMLCanvasElement).height);
    let painted = 0;
    for (let index = 0; index < data.length; index += 4) {
      if (data[index + 3] !== data[3] || data[index] !== data[0] || data[index + 1] !== data[1]) painted += 1;
    }
    return painted;
  });
}

/** The longest the page's main thread was late to answer a 20 ms timer over `durationMs`. */
function lagOverMs(page: Page, durationMs: number): Promise<number> {
  return page.evaluate(
    (duration) =>
      new Promise<number>((resolve) => {
        const start = performance.now();
        let last = start;
        let worst = 0;
        const timer = setInterval(() => {
          const now = performance.now();
          worst = Math.max(worst, now - last - 20);
          last = now;
          if (now - start > duration) {
            clearInterval(timer);
            resolve(worst);
          }
        }, 20);
      }),
    durationMs,
  );
}

/** Every number-with-unit or count the sentence states, as it would be written in the table. */
function numbersIn(sentence: string): string[] {
  const withUnits = sentence.match(/\d[\d,.]*\s(?:bytes?|KB|MB|GB|TB|ms|s)\b/g) ?? [];
  const kernels = [...sentence.matchAll(/and (\d[\d,]*) kernels?/g)].map((match) => match[1] ?? '');
  return [...withUnits, ...kernels];
}

describe.each(KATAS)('Why it matters on %s', (slug) => {
  it('draws the cost for every N from the reference before a pass, without "yours", and with "yours" after one', async () => {
    const { page, requests } = await openKataAt(slug);
    // A chunk of its own: neither the view nor uPlot is loaded until it is opened.
    expect(requests.some((url) => INSIGHT_CHUNK.test(new URL(url).pathname))).toBe(false);
    await openOnReference(page);
    expect(requests.some((url) => INSIGHT_CHUNK.test(new URL(url).pathname))).toBe(true);
    await waitForMeasured(page);

    const rows = await tableRows(page);
    for (const method of ['implicit', 'unrolled']) {
      expect(rows.filter((row) => row.method === method).map((row) => row.iterations)).toEqual([...INSIGHT_ITERATIONS]);
    }
    expect(rows.some((row) => row.method === 'yours')).toBe(false);
    expect(await paintedPixels(page)).toBeGreaterThan(1000);
    const sentence = (await page.locator(`${DIALOG} .insight__sentence`).textContent()) ?? '';
    expect(sentence).not.toContain('Yours');
    const stated = numbersIn(sentence);
    expect(stated.length).toBeGreaterThanOrEqual(3);
    const tableText = rows.map((row) => row.text).join(' ');
    for (const number of stated) expect(tableText, `"${number}" from: ${sentence}`).toContain(number);
    expect(await page.locator(`${DIALOG} .insight__size`).first().textContent()).toMatch(/Measured on an input of [\d,]+ elements/);

    // Escape closes it, and the focus goes back where it was.
    await page.keyboard.press('Escape');
    await page.locator(DIALOG).waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('see it on the reference solution');

    await passAndOpen(page, slug);
    await waitForMeasured(page);
    const withYours = await tableRows(page);
    const yours = withYours.filter((row) => row.method === 'yours');
    expect(yours).toHaveLength(1);
    expect(yours[0]?.status).toBe('measured');
    expect(await page.locator(`${DIALOG} .insight__sentence`).textContent()).toMatch(/Yours used [\d.,]+ (?:bytes?|KB|MB|GB) and [\d,]+ kernels? at N = [\d,]+\./);
    expect(await paintedPixels(page)).toBeGreaterThan(1000);
  });

  it('moves the three derivatives with the slider, the implicit one right once the forward has converged', async () => {
    const { page } = await openKataAt(slug);
    await openOnReference(page);
    await waitForMeasured(page);
    const slider = page.getByRole('slider');
    await expect.poll(() => slider.getAttribute('aria-valuetext')).toMatch(/^N = \d+/);
    const read = () =>
      page.$$eval(`${DIALOG} .insight__convergence [data-raw]`, (elements) =>
        Object.fromEntries(elements.map((element) => [element.getAttribute('data-value'), Number(element.getAttribute('data-raw'))])),
      );
    await slider.focus();
    await page.keyboard.press('Home');
    const first = await read();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const later = await read();
    expect(later.forward).not.toBe(first.forward);
    expect(later.unrolled).not.toBe(first.unrolled);
    expect(later.implicit).not.toBe(first.implicit);
    expect(later.truth).toBe(first.truth);

    await page.keyboard.press('End');
    const implicitError = Number(await page.locator(`${DIALOG} [data-error="implicit"]`).getAttribute('data-relative-error'));
    expect(implicitError).toBeLessThan(1e-3);
    // Where the study starts, the forward has not converged: the implicit derivative is visibly off there.
    await page.keyboard.press('Home');
    const startError = Number(await page.locator(`${DIALOG} [data-error="implicit"]`).getAttribute('data-relative-error'));
    expect(startError).toBeGreaterThan(1e-2);
  });
});

describe('Why it matters for every reader', () => {
  it('is in sight before any Run: in the results pane of a small desktop window, and in the Results tab of a phone', async () => {
    const { page: desktop } = await harness.open({ url: problemUrl(harness.site, 'fixed-point-sqrt'), viewport: { width: 1280, height: 720 } });
    const door = (page: Page) => page.getByRole('button', { name: 'see it on the reference solution' });
    // Shown without scrolling anything: inside the results pane as it is laid out, and inside the window.
    const inSight = (page: Page) =>
      door(page).evaluate((button) => {
        const box = button.getBoundingClientRect();
        const pane = button.closest('.layout__pane')?.getBoundingClientRect();
        const inside = (outer: { top: number; bottom: number; left: number; right: number }) =>
          box.top >= outer.top && box.bottom <= outer.bottom && box.left >= outer.left && box.right <= outer.right;
        return (
          box.height > 0 &&
          pane !== undefined &&
          inside(pane) &&
          inside({ top: 0, left: 0, bottom: window.innerHeight, right: window.innerWidth })
        );
      });
    expect(await desktop.locator('.results').getAttribute('data-verdict')).toBe('idle');
    expect(await inSight(desktop)).toBe(true);
    await openOnReference(desktop);

    const { page: phone } = await harness.open({
      url: problemUrl(harness.site, 'fixed-point-sqrt'),
      viewport: { width: 390, height: 844 },
      mobile: true,
    });
    await phone.getByRole('tab', { name: /^Results/ }).click();
    expect(await inSight(phone)).toBe(true);
    await openOnReference(phone);
  });

  it.each(['light', 'dark'] as const)('has no serious axe violation in the measured view, in %s', async (colorScheme) => {
    const { page } = await harness.open({ url: problemUrl(harness.site, 'fixed-point-sqrt'), colorScheme });
    await openOnReference(page);
    await waitForMeasured(page);
    expect(await seriousViolations(page, { include: DIALOG })).toEqual([]);
    // Modal: Tab and Shift+Tab go round the view's controls and never leave it.
    const inside = () => page.evaluate(() => document.activeElement?.closest('dialog.insight') !== null);
    for (let press = 0; press < 12; press++) {
      await page.keyboard.press('Tab');
      expect(await inside()).toBe(true);
    }
    for (let press = 0; press < 12; press++) {
      await page.keyboard.press('Shift+Tab');
      expect(await inside()).toBe(true);
    }
  });
});

describe('Why it matters under pressure', () => {
  it('stops at Cancel, keeps the page working, and measures again', async () => {
    const { page } = await openKataAt('fixed-point-sqrt');
    await openOnReference(page);
    const progress = page.getByRole('progressbar');
    await expect.poll(async () => Number(await progress.getAttribute('aria-valuenow')), { timeout: 60_000 }).toBeGreaterThan(0);
    expect(page.workers().filter((worker) => INSIGHT_WORKER.test(new URL(worker.url()).pathname))).toHaveLength(1);
    expect(await progress.getAttribute('aria-valuetext')).toMatch(/Measuring (implicit|unrolled)/);
    // It measures in a worker: the page answers throughout.
    // (A run measured on the page's thread would hold it for a second or more; 600 ms leaves room for a busy CI.)
    expect(await lagOverMs(page, 1500)).toBeLessThan(600);

    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.locator(`${DIALOG}[data-status="cancelled"]`).waitFor();
    expect(await page.locator(`${DIALOG} .insight__stopped`).textContent()).toContain('Measurement cancelled');
    const rowsAtCancel = (await tableRows(page)).length;
    await page.waitForTimeout(2000);
    expect((await tableRows(page)).length).toBe(rowsAtCancel);
    expect(await page.locator(`${DIALOG}[data-status="cancelled"]`).count()).toBe(1);
    expect(await progress.count()).toBe(0);
    // Ended at once: the measuring worker is gone, not left running in the background.
    await expect.poll(() => page.workers().filter((worker) => INSIGHT_WORKER.test(new URL(worker.url()).pathname)).length).toBe(0);

    // The page and the sandbox still work: close, Run, pass.
    await page.getByRole('button', { name: 'Close' }).click();
    await page.locator(DIALOG).waitFor({ state: 'detached' });
    await passAndOpen(page, 'fixed-point-sqrt');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Measure again' }).click();
    await waitForMeasured(page);
    expect((await tableRows(page)).filter((row) => row.method === 'yours')).toHaveLength(1);
  });

  it('shows the unrolled pass over the memory budget at large N, in the chart and the table, and goes on', async () => {
    // A device that says it has 256 MB (navigator.deviceMemory 0.25, as small phones do) gets a quarter of it
    // as the budget: the unrolled pass at large N passes it whatever size a busy machine shrinks the input to.
    const { page } = await harness.open({
      url: problemUrl(harness.site, 'fixed-point-sqrt'),
      beforeLoad: async (opened) => {
        await opened.addInitScript(() => Object.defineProperty(Navigator.prototype, 'deviceMemory', { get: () => 0.25 }));
      },
    });
    await openOnReference(page);
    await waitForMeasured(page);
    const over = (await tableRows(page)).filter((row) => row.status === 'out-of-memory');
    expect(over.length).toBeGreaterThan(0);
    expect(over.every((row) => row.method === 'unrolled')).toBe(true);
    expect(over.map((row) => row.iterations)).toContain(1000);
    for (const row of over) expect(row.text).toMatch(/over the 64 MB budget/);
    expect(await page.locator(`${DIALOG} .insight__chart`).first().getAttribute('aria-label')).toMatch(
      /Unrolled at N = 1,000: over the 64 MB budget/,
    );
    expect(await page.locator(`${DIALOG} .insight__legend`).first().textContent()).toContain('Over the 64 MB budget');
    expect(await page.locator(`${DIALOG} .insight__sentence`).textContent()).toMatch(/the unrolled backward pass ran out of the 64 MB budget/);
    // The implicit pass fits at every N: constant memory.
    expect((await tableRows(page)).filter((row) => row.method === 'implicit' && row.status === 'measured')).toHaveLength(5);
    expect(await paintedPixels(page)).toBeGreaterThan(1000);
    // The view goes on: another figure draws, and the page still runs code.
    await page.getByRole('radio', { name: 'Backward kernels' }).check();
    expect(await page.locator(`${DIALOG} .insight__chart`).first().getAttribute('aria-label')).toMatch(/^Backward kernels against N/);
    expect(await paintedPixels(page)).toBeGreaterThan(1000);
    await page.keyboard.press('Escape');
    await page.locator(DIALOG).waitFor({ state: 'detached' });
    await clickRun(page);
    expect(await waitForVerdict(page)).toBe('failed');
  });
});
