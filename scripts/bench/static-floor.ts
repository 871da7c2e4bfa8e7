/**
 * The floor for a first paint: a static HTML page with the kata's stylesheets (the built CSS files the kata's
 * page links, with the fonts beside them) and a statement-length text (the first kata's statement as plain
 * paragraphs), written to a temporary folder and served under the same sub-path. No script at all: nothing a
 * built page can paint faster than.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { serveFolder, SITE_PREFIX, type StaticSite } from '../browser.ts';
import { SLUG } from './visit.ts';

const STATEMENT = new URL(`../../src/problems/${SLUG}/statement.md`, import.meta.url);

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The statement's blocks as HTML: headings as headings, code and tables as preformatted text, the rest as paragraphs. */
export function statementHtml(markdown: string): string {
  return markdown
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter((block) => block.length > 0)
    .map((block) => {
      const heading = /^(#{1,6})\s+(.*)$/.exec(block);
      if (heading) return `<h${heading[1]!.length + 1}>${escapeHtml(heading[2] ?? '')}</h${heading[1]!.length + 1}>`;
      if (block.startsWith('```') || block.startsWith('|')) return `<pre>${escapeHtml(block.replace(/^```\w*\n?|```$/gm, ''))}</pre>`;
      return `<p>${escapeHtml(block.replace(/\s*\n\s*/g, ' ').replace(/\*\*|`/g, ''))}</p>`;
    })
    .join('\n');
}

export type StaticFloor = { site: StaticSite; close(): Promise<void> };

/** Writes the floor page with `stylesheets` (paths relative to `siteDir`) and serves it. */
export async function serveStaticFloor(siteDir: string, stylesheets: string[]): Promise<StaticFloor> {
  if (stylesheets.length === 0) throw new Error('the kata page linked no stylesheet: nothing to build the static floor with');
  const dir = mkdtempSync(join(tmpdir(), 'implicit-kata-static-floor-'));
  try {
    // The stylesheets' own url()s (fonts) resolve beside them.
    const folders = new Set(stylesheets.map((path) => dirname(path)));
    for (const folder of folders) {
      mkdirSync(join(dir, folder), { recursive: true });
      for (const name of readdirSync(join(siteDir, folder))) {
        if (/\.(css|woff2?|ttf)$/.test(name)) copyFileSync(join(siteDir, folder, name), join(dir, folder, name));
      }
    }
    const links = stylesheets.map((path) => `    <link rel="stylesheet" href="./${path}">`).join('\n');
    const html = [
      '<!doctype html>',
      '<html lang="en">',
      '  <head>',
      '    <meta charset="UTF-8" />',
      '    <meta name="viewport" content="width=device-width, initial-scale=1.0" />',
      '    <title>static floor</title>',
      links,
      '  </head>',
      '  <body>',
      '    <main>',
      statementHtml(readFileSync(STATEMENT, 'utf8')),
      '    </main>',
      '  </body>',
      '</html>',
    ].join('\n');
    writeFileSync(join(dir, 'index.html'), html);
    const site = await serveFolder(() => dir, { prefix: SITE_PREFIX });
    return {
      site,
      close: async () => {
        await site.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
