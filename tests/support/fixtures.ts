import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Verdict } from '../../src/core/report.ts';

export const FIXTURES_DIR = new URL('../fixtures/', import.meta.url).pathname;

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
 * Reads `// @expect <verdict> [check]` from the first line of every fixture of a problem, and the optional
 * `// @message <text>` from the second.
 */
export function fixturesOf(problemSlug: string): Fixture[] {
  const dir = join(FIXTURES_DIR, problemSlug);
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
