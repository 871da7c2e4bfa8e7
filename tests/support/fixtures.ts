import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Verdict } from '../../src/core/report.ts';

/** The test suite's own fixtures (for the sandbox, the CLI, the editor); each problem's are in its folder. */
export const FIXTURES_DIR = new URL('../fixtures/', import.meta.url).pathname;
export const PROBLEMS_DIR = new URL('../../src/problems/', import.meta.url).pathname;

/** Every problem folder's name: the tests discover problems as the page and the CLI do. */
export function problemSlugs(): string[] {
  return readdirSync(PROBLEMS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(PROBLEMS_DIR, entry.name, 'problem.json')))
    .map((entry) => entry.name)
    .sort();
}

/** A problem's fixtures folder, or one of its subfolders (`hostile`). */
export function problemFixturesDir(problemSlug: string, subfolder = ''): string {
  return join(PROBLEMS_DIR, problemSlug, 'fixtures', subfolder);
}

export type Fixture = {
  readonly name: string;
  readonly path: string;
  readonly source: string;
  readonly expectedVerdict: Verdict;
  /** The check that must fail first, for a wrong submission. */
  readonly failingCheck: string | null;
  /** Text the first failure's message must contain: each mistake has its own message. */
  readonly message: string | null;
};

/**
 * Reads `// @expect <verdict> [check]` from the first line of every fixture of a problem (in
 * `src/problems/<slug>/fixtures/`, or a subfolder of it), and the optional `// @message <text>` from the second.
 */
export function fixturesOf(problemSlug: string, subfolder = ''): Fixture[] {
  return readFixtures(problemFixturesDir(problemSlug, subfolder));
}

/** The suite's own fixtures in `tests/fixtures/<folder>/`, with the same headers. */
export function suiteFixturesOf(folder: string): Fixture[] {
  return readFixtures(join(FIXTURES_DIR, folder));
}

function readFixtures(dir: string): Fixture[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.ts'))
    .sort()
    .map((name) => {
      const path = join(dir, name);
      const source = readFileSync(path, 'utf8');
      const match = /^\/\/ @expect (passed|failed|error|timeout)(?: (\S+))?/.exec(source);
      if (!match) throw new Error(`${path} must start with "// @expect <verdict> [check]"`);
      return {
        name,
        path,
        source,
        expectedVerdict: match[1] as Verdict,
        failingCheck: match[2] ?? null,
        message: /^\/\/ @message (.+)$/m.exec(source.split('\n')[1] ?? '')?.[1] ?? null,
      };
    });
}
