/**
 * The honest variants of the solution in the real page, as the CLI grades them too (tests/cli/grade.test.ts):
 * typed arrays and clocks, chained methods, tidy, a module-level op, a console.log in gradFunc... each
 * passes every check in one page, Run after Run.
 */
import { describe, expect, it } from 'vitest';
import { fixturesOf } from '../support/fixtures.ts';
import { useKataHarness } from './harness.ts';
import { checkStatuses, clickRun, pasteCode, waitForVerdict } from './kata-page.ts';

const harness = useKataHarness();
const honest = fixturesOf('fixed-point-sqrt').filter((fixture) => fixture.expectedVerdict === 'passed');

describe('honest solutions in the page', () => {
  it(`passes all ${honest.length} honest variants on every check`, async () => {
    expect(honest.length).toBeGreaterThan(5);
    const { page } = await harness.open();
    for (const fixture of honest) {
      await pasteCode(page, fixture.source);
      await clickRun(page);
      const settled = await waitForVerdict(page);
      const failing = Object.entries(await checkStatuses(page)).filter(([, status]) => status !== 'passed');
      expect({ file: fixture.name, verdict: settled, failing }).toEqual({ file: fixture.name, verdict: 'passed', failing: [] });
    }
  });
});
