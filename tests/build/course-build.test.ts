/**
 * A real `vite build` of a course of its own (a title, an order, the `never` policy), into a temporary
 * directory: the title reaches the page, and no file of the build holds a reference solution.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  buildCourse,
  distinctiveSolutionLines,
  filesHoldingSolutions,
  filesUnder,
  problemSlugs,
  type CourseBuild,
} from '../support/course-build.ts';
import { insight as deqInsight } from '../../src/problems/deq-layer/insight.ts';
import { insight as sqrtInsight } from '../../src/problems/fixed-point-sqrt/insight.ts';

const BUILD_TIMEOUT_MS = 300_000;
const TITLE = 'Implicit layers, section B';
// Every problem there is, in reverse order of slug: not the order the page would fall back to.
const COURSE = {
  schemaVersion: 1,
  title: TITLE,
  solutionPolicy: 'never',
  problems: problemSlugs()
    .reverse()
    .map((slug, index) => (index === 0 ? { slug, timeLimitMs: 7000 } : { slug })),
} as const;

let built: CourseBuild | undefined;
const dir = () => {
  if (!built) throw new Error('the build did not finish');
  return built.dir;
};

beforeAll(async () => {
  built = await buildCourse(COURSE);
}, BUILD_TIMEOUT_MS);
afterAll(() => built?.remove());

describe('a build for a course with the `never` policy', () => {
  test('carries the title into index.html and the course, order and time limit included, into the bundle', () => {
    expect(readFileSync(join(dir(), 'index.html'), 'utf8')).toContain(`<title>${TITLE}</title>`);
    const courseJson = JSON.stringify(COURSE);
    const scripts = filesUnder(dir()).filter((file) => file.endsWith('.js'));
    const carrying = scripts.filter((file) => {
      const text = readFileSync(join(dir(), file), 'utf8');
      return text.includes(courseJson) || text.includes(JSON.stringify(courseJson).slice(1, -1));
    });
    expect(carrying).toHaveLength(1);
  });

  test('holds no line of any solution.ts in any file, the service worker included', () => {
    const lines = distinctiveSolutionLines();
    expect(lines.length).toBeGreaterThan(0);
    const files = filesUnder(dir());
    expect(files).toContain('sw.js');
    expect(files.filter((file) => /(?:^|\/)solution-/.test(file))).toEqual([]);
    expect(filesHoldingSolutions(dir(), lines)).toEqual([]);
  });

  test('holds no insight.ts ("Why it matters" carries the implicit backward pass)', () => {
    // Strings survive minification where code lines do not: the insights' own sentences stand for them.
    const sentences = [sqrtInsight, deqInsight].flatMap((insight) => [insight.convergence.where, insight.convergence.truthSource]);
    const files = filesUnder(dir()).filter((file) => !file.endsWith('.woff2') && !file.endsWith('.ttf'));
    const holding = files.filter((file) => {
      const text = readFileSync(join(dir(), file), 'utf8');
      return sentences.some((sentence) => text.includes(sentence) || text.includes(JSON.stringify(sentence).slice(1, -1)));
    });
    expect(holding).toEqual([]);
    // The bundler names a shared chunk after its first module: one that starts with the list of problems that
    // have a view (empty here) is not an insight; the sentences above are what would give one away.
    const insightChunks = files.filter((file) => /insight/.test(file) && !/insight\.worker|_virtual_course-insight-slugs-/.test(file));
    expect(insightChunks).toEqual([]);
  });
});
