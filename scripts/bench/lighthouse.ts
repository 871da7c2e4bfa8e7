/**
 * Lighthouse's performance audit, when Lighthouse can be imported: from this project's node_modules, or from
 * the folder LIGHTHOUSE_PATH names (e.g. one where `npm i lighthouse` was run). Lighthouse's default, mobile
 * with simulated throttling, against the served kata. Our own Chromium is launched by playwright with a
 * remote-debugging port, and Lighthouse is given the port: no chrome-launcher.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath, freePort } from '../browser.ts';

/** The part of Lighthouse's result the bench reads. */
type LighthouseResult = {
  lhr: {
    lighthouseVersion: string;
    categories: { performance?: { score: number | null } };
    audits: Record<string, { numericValue?: number } | undefined>;
    runtimeError?: { message: string };
  };
};
type RunLighthouse = (url: string, flags: Record<string, unknown>) => Promise<LighthouseResult | undefined>;

export type LighthouseFigures = {
  version: string;
  performance: number | undefined;
  fcpMs: number | undefined;
  lcpMs: number | undefined;
  tbtMs: number | undefined;
  ttiMs: number | undefined;
  speedIndexMs: number | undefined;
  /**
   * Lighthouse's runtime error when it still scored the page: here it is a time-out reading the 7 MB
   * TypeScript worker's body (Network.getResponseBody), which only the byte-weight audits need.
   */
  runtimeError?: string;
};

export const LIGHTHOUSE_MISSING = 'Lighthouse: not installed (npm i --no-save lighthouse to include it)';

/** The package's entry point in a folder: its `exports['.']` or `main`. */
function entryOf(folder: string): string {
  const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as {
    main?: string;
    exports?: string | Record<string, string | { import?: string; default?: string }>;
  };
  const dot = typeof manifest.exports === 'string' ? manifest.exports : manifest.exports?.['.'];
  const entry = typeof dot === 'string' ? dot : (dot?.import ?? dot?.default ?? manifest.main ?? 'index.js');
  return pathToFileURL(join(folder, entry)).href;
}

/** Lighthouse's default export, or null when it is not there (it is no dependency of the bench). */
export async function loadLighthouse(): Promise<RunLighthouse | null> {
  const folder = process.env.LIGHTHOUSE_PATH;
  try {
    const module = (await import(folder ? entryOf(folder) : 'lighthouse')) as { default: RunLighthouse };
    return module.default;
  } catch (error) {
    if (folder) throw new Error(`LIGHTHOUSE_PATH=${folder}: ${error instanceof Error ? error.message : String(error)}`);
    // Not installed is expected; a broken install is not.
    if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') return null;
    throw error;
  }
}

/** One Lighthouse run in a browser of its own, closed afterwards. */
export async function runLighthouse(lighthouse: RunLighthouse, url: string): Promise<LighthouseFigures> {
  const port = await freePort();
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS, `--remote-debugging-port=${port}`] });
  try {
    const result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] });
    if (!result) throw new Error('Lighthouse returned no result');
    const score = result.lhr.categories.performance?.score ?? null;
    if (score === null) throw new Error(`Lighthouse gave no performance score: ${result.lhr.runtimeError?.message ?? 'no reason given'}`);
    const audit = (id: string) => result.lhr.audits[id]?.numericValue;
    return {
      version: result.lhr.lighthouseVersion,
      performance: score,
      fcpMs: audit('first-contentful-paint'),
      lcpMs: audit('largest-contentful-paint'),
      tbtMs: audit('total-blocking-time'),
      ttiMs: audit('interactive'),
      speedIndexMs: audit('speed-index'),
      ...(result.lhr.runtimeError ? { runtimeError: result.lhr.runtimeError.message } : {}),
    };
  } finally {
    await browser.close();
  }
}
