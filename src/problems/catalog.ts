/**
 * Every problem folder under src/problems: adding a problem adds a folder and touches no code. The page
 * finds the folders through Vite's glob imports (here), the command-line grader through the file system
 * (src/cli/problems.ts); both hand the files to `buildCatalog`, so both read and validate them alike.
 * This module carries what grading needs; `content.ts` adds the rendered statement and hints for the page.
 */
import { solutions } from 'virtual:course-solutions';
import { buildCatalog, type ProblemSource } from './build-catalog.ts';

export type { ProblemSource } from './build-catalog.ts';

export const PROBLEMS: readonly ProblemSource[] = buildCatalog({
  metas: import.meta.glob<unknown>('./*/problem.json', { eager: true, import: 'default' }),
  graders: import.meta.glob<unknown>('./*/grader/index.ts', { eager: true, import: 'grader' }),
  starters: import.meta.glob<string>('./*/starter.ts', { eager: true, query: '?raw', import: 'default' }),
  // Not a glob: build/course-plugin.ts writes the loaders as the course's solution policy allows (none under
  // `never`). Each solution is a chunk of its own, fetched only when the learner asks for it.
  solutions,
});

export function problemBySlug(slug: string): ProblemSource {
  const problem = PROBLEMS.find((candidate) => candidate.meta.slug === slug);
  if (!problem) throw new Error(`No problem '${slug}'; known: ${PROBLEMS.map((p) => p.meta.slug).join(', ')}`);
  return problem;
}
