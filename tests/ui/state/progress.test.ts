import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { saveLastRun, type LastRun } from '../../../src/ui/state/lastRun.ts';
import { courseProgress, progressOf } from '../../../src/ui/state/progress.ts';
import { saveWork } from '../../../src/ui/state/storage.ts';
import { installMemoryStorage } from './memoryStorage.ts';

const SLUG = 'fixed-point-sqrt';
const STARTER = 'export const fixedPointSqrt = (x) => x;\n';
const lastRun = JSON.parse(readFileSync(new URL('../../fixtures/storage/last-run.json', import.meta.url), 'utf8')) as LastRun;

describe("a problem's progress, told from what is saved for it", () => {
  beforeEach(() => {
    installMemoryStorage();
  });

  it('is not started with nothing saved, nor once the problem was opened and its starter saved', () => {
    expect(progressOf(SLUG)).toBe('not-started');
    saveWork(SLUG, { code: STARTER, starter: STARTER, solved: false, hintsRevealed: 2 });
    expect(progressOf(SLUG)).toBe('not-started');
  });

  it('is attempted once the code differs from its starter', () => {
    saveWork(SLUG, { code: `${STARTER}// a try\n`, starter: STARTER, solved: false, hintsRevealed: 0 });
    expect(progressOf(SLUG)).toBe('attempted');
  });

  it('is attempted once a Run was graded, even of the untouched starter', () => {
    saveWork(SLUG, { code: STARTER, starter: STARTER, solved: false, hintsRevealed: 0 });
    saveLastRun(SLUG, lastRun);
    expect(progressOf(SLUG)).toBe('attempted');
  });

  it('is solved once a Run passed, whatever the code has become since', () => {
    saveWork(SLUG, { code: STARTER, starter: STARTER, solved: true, hintsRevealed: 0 });
    expect(progressOf(SLUG)).toBe('solved');
  });

  it("keeps each problem's apart", () => {
    saveWork(SLUG, { code: STARTER, starter: STARTER, solved: true, hintsRevealed: 0 });
    expect(courseProgress([SLUG, 'kepler-equation'])).toEqual({ [SLUG]: 'solved', 'kepler-equation': 'not-started' });
  });
});
