/**
 * Every problem's content, as the page will show it: the statement and each hint render (KaTeX fails the
 * render on a typo), and the starter and the solution type-check in the editor's own compiler settings, so a
 * learner never opens a problem that greets them with a red squiggle.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../build/markdown-plugin.ts';
import { PROBLEMS_DIR, problemSlugs } from '../support/fixtures.ts';
import { typeCheck } from '../ui/editor/virtualProgram.ts';

for (const slug of problemSlugs()) {
  const folder = join(PROBLEMS_DIR, slug);
  const read = (name: string) => readFileSync(join(folder, name), 'utf8');
  const hints = readdirSync(folder).filter((name) => /^hint-\d+\.md$/.test(name)).sort();

  describe(`${slug}: content`, () => {
    it('renders its statement, with math', async () => {
      const html = await renderMarkdown(read('statement.md'));
      expect(html).toContain('<span class="katex">');
    });

    it('has hints, and each renders', async () => {
      expect(hints.length).toBeGreaterThan(0);
      for (const name of hints) expect((await renderMarkdown(read(name))).length).toBeGreaterThan(50);
    });

    it.each(['starter.ts', 'solution.ts'])('type-checks %s as the editor does', (name) => {
      if (name === 'solution.ts' && !existsSync(join(folder, name))) return;
      expect(typeCheck(read(name))).toEqual([]);
    });
  });
}
