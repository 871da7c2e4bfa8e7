/**
 * build/course-plugin.ts and "Why it matters": each problem's insight.ts holds the answer (its implicit
 * backward pass), so the course's solution policy governs it as it governs solution.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { insightSlugsModuleCode, insightsModuleCode, loadCourse, solutionChunkProblem } from '../../build/course-plugin.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PROBLEMS_DIR = join(ROOT, 'src/problems');
const work = mkdtempSync(join(tmpdir(), 'implicit-kata-insights-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function courseWith(policy: string) {
  const file = join(work, `course-${policy}.json`);
  writeFileSync(file, JSON.stringify({ schemaVersion: 1, title: 'Insights', solutionPolicy: policy }));
  return loadCourse(file, { root: ROOT, problemsDir: PROBLEMS_DIR });
}

describe('the insight modules', () => {
  test('list every problem with an insight.ts, as lazy imports of its `insight`', () => {
    const loaded = courseWith('on-request');
    expect([...loaded.insightFiles.keys()]).toEqual(expect.arrayContaining(['deq-layer', 'fixed-point-sqrt']));
    const code = insightsModuleCode(loaded, ROOT);
    expect(code).toContain('"fixed-point-sqrt": () => import("/src/problems/fixed-point-sqrt/insight.ts").then((module) => module.insight)');
    expect(code).toContain('"deq-layer": () => import("/src/problems/deq-layer/insight.ts")');
    expect(insightSlugsModuleCode(loaded)).toMatch(/^export const insightSlugs = \[.*"fixed-point-sqrt".*\];\n$/);
  });

  test('under `never`, hold none', () => {
    const loaded = courseWith('never');
    expect(loaded.insightFiles.size).toBe(0);
    expect(insightsModuleCode(loaded, ROOT)).toBe('export const insights = {\n\n};\n');
    expect(insightSlugsModuleCode(loaded)).toBe('export const insightSlugs = [];\n');
  });

  test("the build's guard refuses an insight chunk under `never`, and only then", () => {
    const insight = { fileName: 'assets/insight-Abc123.js', moduleIds: ['/repo/src/problems/alpha/insight.ts'] };
    const page = { fileName: 'assets/index-Xyz789.js', moduleIds: ['/repo/src/main.tsx'] };
    expect(solutionChunkProblem('on-request', [page, insight])).toBeNull();
    expect(solutionChunkProblem('after-pass', [page, insight])).toBeNull();
    expect(solutionChunkProblem('never', [page, insight])).toBe(
      `assets/insight-Abc123.js holds /repo/src/problems/alpha/insight.ts, and the course's solution policy is "never"`,
    );
  });
});
