/**
 * The page's view of the problems: the grading sources from `catalog.ts` plus the statement and hints,
 * rendered from Markdown to HTML at build time (see build/markdown-plugin.ts).
 */
import { PROBLEMS, type ProblemSource } from './catalog.ts';

export type ProblemContent = ProblemSource & {
  readonly statementHtml: string;
  /** In order: hint-1.md, hint-2.md, ... */
  readonly hintsHtml: readonly string[];
};

const statements = import.meta.glob<string>('./*/statement.md', { eager: true, import: 'default' });
const hints = import.meta.glob<string>('./*/hint-*.md', { eager: true, import: 'default' });

function hintNumber(path: string): number {
  return Number(/hint-(\d+)\.md$/.exec(path)?.[1] ?? Number.NaN);
}

export const PROBLEM_CONTENT: readonly ProblemContent[] = PROBLEMS.map((problem) => {
  const folder = `./${problem.meta.slug}/`;
  const statementHtml = statements[`${folder}statement.md`];
  if (statementHtml === undefined) throw new Error(`src/problems/${problem.meta.slug} needs a statement.md`);
  const hintsHtml = Object.entries(hints)
    .filter(([path]) => path.startsWith(folder))
    .sort(([a], [b]) => hintNumber(a) - hintNumber(b))
    .map(([, html]) => html);
  return { ...problem, statementHtml, hintsHtml };
});
