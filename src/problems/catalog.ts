/**
 * Every problem folder under src/problems, found by file name: adding a problem adds a folder and touches
 * no code. This module carries what grading needs (metadata, starter, solution); `content.ts` adds the
 * rendered statement and hints for the page.
 */
import { parseProblemMeta, type ProblemMeta } from '../core/problem.ts';

export type ProblemSource = {
  readonly meta: ProblemMeta;
  readonly starter: string;
  readonly loadSolution: () => Promise<string>;
};

const metas = import.meta.glob<unknown>('./*/problem.json', { eager: true, import: 'default' });
const starters = import.meta.glob<string>('./*/starter.ts', { eager: true, query: '?raw', import: 'default' });
// The solution stays out of the page's first download: it is fetched only when the learner asks for it.
const solutions = import.meta.glob<string>('./*/solution.ts', { query: '?raw', import: 'default' });

function folderOf(path: string): string {
  return path.split('/')[1] ?? path;
}

function load(): ProblemSource[] {
  return Object.entries(metas).map(([path, raw]) => {
    const folder = folderOf(path);
    const meta = parseProblemMeta(raw, `src/problems/${folder}/problem.json`);
    if (meta.slug !== folder) throw new Error(`src/problems/${folder}/problem.json has slug '${meta.slug}'; it must match its folder`);
    const starter = starters[`./${folder}/starter.ts`];
    const loadSolution = solutions[`./${folder}/solution.ts`];
    if (starter === undefined || !loadSolution) throw new Error(`src/problems/${folder} needs a starter.ts and a solution.ts`);
    return { meta, starter, loadSolution };
  });
}

export const PROBLEMS: readonly ProblemSource[] = load();

export function problemBySlug(slug: string): ProblemSource {
  const problem = PROBLEMS.find((candidate) => candidate.meta.slug === slug);
  if (!problem) throw new Error(`No problem '${slug}'; known: ${PROBLEMS.map((p) => p.meta.slug).join(', ')}`);
  return problem;
}
