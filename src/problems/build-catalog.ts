import { parseProblemMeta, type ProblemMeta } from '../core/problem.ts';

export type ProblemSource = {
  readonly meta: ProblemMeta;
  readonly starter: string;
  readonly loadSolution: () => Promise<string>;
};

/** A problem's files keyed by their path relative to src/problems, as `./<slug>/<file>`. */
export type ProblemFiles = {
  readonly metas: Readonly<Record<string, unknown>>;
  readonly starters: Readonly<Record<string, string>>;
  readonly solutions: Readonly<Record<string, () => Promise<string>>>;
};

/** Validates each folder's files (a content mistake fails loudly and early) and pairs them up. */
export function buildCatalog(files: ProblemFiles): ProblemSource[] {
  return Object.entries(files.metas)
    .map(([path, raw]) => {
      const folder = path.split('/')[1] ?? path;
      const meta = parseProblemMeta(raw, `src/problems/${folder}/problem.json`);
      if (meta.slug !== folder) {
        throw new Error(`src/problems/${folder}/problem.json has slug '${meta.slug}'; it must match its folder`);
      }
      const starter = files.starters[`./${folder}/starter.ts`];
      const loadSolution = files.solutions[`./${folder}/solution.ts`];
      if (starter === undefined || !loadSolution) {
        throw new Error(`src/problems/${folder} needs a starter.ts and a solution.ts`);
      }
      return { meta, starter, loadSolution };
    })
    .sort((a, b) => a.meta.slug.localeCompare(b.meta.slug));
}
