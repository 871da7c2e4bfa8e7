/** One static server and one Chromium per test file, and a fresh browser context per test. */
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, serveDist, type StaticSite } from '../../scripts/browser.ts';
import { openKata, type KataPage, type OpenKataOptions } from './kata-page.ts';

export type KataHarness = {
  readonly site: StaticSite;
  readonly browser: Browser;
  /** Opens the kata (its own URL, unless `url` says otherwise) in a new context, closed after the test. */
  open(options?: OpenKataOptions): Promise<KataPage>;
};

export type KataHarnessOptions = {
  /** The build to serve, read when the file's tests start (a build made by an earlier hook); dist/ by default. */
  distDir?(): string;
};

export function useKataHarness(options: KataHarnessOptions = {}): KataHarness {
  let site: StaticSite | undefined;
  let browser: Browser | undefined;
  const opened: KataPage[] = [];
  beforeAll(async () => {
    site = await serveDist(undefined, options.distDir?.());
    browser = await launchChromium();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((kata) => kata.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });
  const ready = <T>(value: T | undefined, name: string): T => {
    if (!value) throw new Error(`${name} is not up yet: use the harness inside tests`);
    return value;
  };
  return {
    get site() {
      return ready(site, 'the static site');
    },
    get browser() {
      return ready(browser, 'Chromium');
    },
    async open(options) {
      const kata = await openKata(ready(browser, 'Chromium'), ready(site, 'the static site'), options);
      opened.push(kata);
      return kata;
    },
  };
}
