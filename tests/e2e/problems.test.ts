/**
 * Every problem of the course, graded in the real page as the CLI grades it (tests/problems/fixtures.test.ts):
 * each opens at its own URL, its solution passes every check, and each of its fixtures gets the verdict and
 * the first failing check its header names, Run after Run in one page.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { problemUrl } from '../../scripts/browser.ts';
import { fixturesOf, PROBLEMS_DIR } from '../support/fixtures.ts';
import { useKataHarness } from './harness.ts';
import { checkStatuses, clickRun, pasteCode, waitForVerdict } from './kata-page.ts';

const COURSE = JSON.parse(readFileSync(new URL('../../course.json', import.meta.url), 'utf8')) as {
  problems: { slug: string }[];
};
const harness = useKataHarness();

/** What a Run came to, in the terms of a fixture's header. */
async function graded(page: Parameters<typeof checkStatuses>[0]) {
  const verdict = await waitForVerdict(page, 60_000);
  const statuses = Object.entries(await checkStatuses(page));
  return { verdict, firstFailing: statuses.find(([, status]) => status === 'failed')?.[0] ?? null };
}

describe('every problem in the page', () => {
  for (const { slug } of COURSE.problems) {
    it(`${slug}: its solution passes and each fixture gets its verdict`, { timeout: 600_000 }, async () => {
      const fixtures = fixturesOf(slug);
      expect(fixtures.length).toBeGreaterThan(0);
      const { page } = await harness.open({ url: problemUrl(harness.site, slug) });
      const submissions = [
        { name: 'solution.ts', source: readFileSync(join(PROBLEMS_DIR, slug, 'solution.ts'), 'utf8'), expected: { verdict: 'passed', firstFailing: null } },
        ...fixtures.map((fixture) => ({ name: fixture.name, source: fixture.source, expected: { verdict: fixture.expectedVerdict, firstFailing: fixture.failingCheck } })),
      ];
      for (const submission of submissions) {
        await pasteCode(page, submission.source);
        await clickRun(page);
        expect({ file: submission.name, ...(await graded(page)) }).toEqual({ file: submission.name, ...submission.expected });
      }
    });
  }
});
