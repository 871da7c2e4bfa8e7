import type { Grader } from '../core/grader.ts';
import { MODULE_CHECK_ID } from '../core/checks/module.ts';
import { parseProblemMeta, type ProblemMeta } from '../core/problem.ts';

export type ProblemSource = {
  readonly meta: ProblemMeta;
  readonly grader: Grader;
  readonly starter: string;
  /** Null when the folder has no solution.ts. */
  readonly loadSolution: (() => Promise<string>) | null;
};

/**
 * A problem's files keyed by their path relative to src/problems, as `./<slug>/<file>` (the grader as
 * `./<slug>/grader/index.ts`, by the value of its `grader` export).
 */
export type ProblemFiles = {
  readonly metas: Readonly<Record<string, unknown>>;
  readonly graders: Readonly<Record<string, unknown>>;
  readonly starters: Readonly<Record<string, string>>;
  readonly solutions: Readonly<Record<string, () => Promise<string>>>;
};

/** Validates each folder's files (a content mistake fails loudly and early) and pairs them up. */
export function buildCatalog(files: ProblemFiles): ProblemSource[] {
  return Object.entries(files.metas)
    .map(([path, raw]) => {
      const folder = path.split('/')[1] ?? path;
      const where = `src/problems/${folder}`;
      const meta = parseProblemMeta(raw, `${where}/problem.json`);
      if (meta.slug !== folder) {
        throw new Error(`${where}/problem.json has slug '${meta.slug}'; it must match its folder`);
      }
      const starter = files.starters[`./${folder}/starter.ts`];
      if (starter === undefined) throw new Error(`${where} needs a starter.ts`);
      const grader = asGrader(files.graders[`./${folder}/grader/index.ts`], `${where}/grader/index.ts`);
      // A misspelt check id in `points` would silently be worth nothing: refused, like an unknown key.
      const checkIds = grader.checks.map((check) => check.id);
      const stray = Object.keys(meta.points).filter((id) => !checkIds.includes(id));
      if (stray.length > 0) {
        throw new Error(
          `${where}/problem.json gives points to ${stray.map((id) => `'${id}'`).join(', ')}, which its grader has no check for (its checks: ${checkIds.join(', ')})`,
        );
      }
      return { meta, grader, starter, loadSolution: files.solutions[`./${folder}/solution.ts`] ?? null };
    })
    .sort((a, b) => a.meta.slug.localeCompare(b.meta.slug));
}

/** The grader module's `grader` export, checked for the shape the judge relies on. */
function asGrader(value: unknown, source: string): Grader {
  if (value === undefined) throw new Error(`${source} is missing: every problem needs a grader that exports \`grader\``);
  const candidate = value as Partial<Grader> | null;
  if (
    typeof candidate?.makePlan !== 'function' ||
    !Array.isArray(candidate.checks) ||
    candidate.checks[0]?.id !== MODULE_CHECK_ID
  ) {
    throw new Error(`${source} must export \`grader\`: { makePlan, checks }, with the module check first`);
  }
  const ids = candidate.checks.map((check) => check.id);
  const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
  if (repeated) throw new Error(`${source} has two checks with the id '${repeated}'`);
  return candidate as Grader;
}
