/**
 * Which problem a submission is graded against, decided per file, so that one folder may mix katas:
 *
 * 1. `--problem <slug>` forces one for every file (the caller handles it: nothing to read);
 * 2. else a line `// problem: <slug>` at the top of the file (its first line, or any line of the comments it
 *    starts with, so that it can follow a header of the file's own) names it;
 * 3. else, when there is only one problem, it is that one (what the grader did before there were several);
 * 4. else the problem whose `entry` the file exports, read from its syntax (syntax.ts).
 *
 * No problem, or several (two problems with the same entry), and the file is not graded: its entry says
 * what it exports and how to name the problem. It never stops the batch.
 */
import type { ProblemSource } from '../problems/build-catalog.ts';
import { NOT_GRADED, type NotGraded } from './not-graded.ts';
import { exportedNames, firstSyntaxError } from './syntax.ts';

export type ProblemChoice<P> = { readonly kind: 'chosen'; readonly problem: P } | { readonly kind: 'not-graded'; readonly notGraded: NotGraded };

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const HEADER = /^\/\/\s*problem:\s*(\S+)\s*$/;
/** Names quoted back in a reason: a file may export thousands. */
const NAMES_SHOWN = 5;
const NAME_SHOWN_CHARS = 60;

/**
 * The slug of a `// problem: <slug>` line among the line comments the file starts with, or null. A comment
 * that merely begins with "problem:" and goes on in words ("// problem: my gradient is off") names nothing.
 */
export function problemHeader(source: string): string | null {
  let start = 0;
  while (start <= source.length) {
    const end = source.indexOf('\n', start);
    const line = source.slice(start, end < 0 ? source.length : end).trim();
    start = end < 0 ? source.length + 1 : end + 1;
    if (line === '') continue;
    if (!line.startsWith('//')) return null;
    const slug = HEADER.exec(line)?.[1];
    if (slug !== undefined && SLUG.test(slug)) return slug;
  }
  return null;
}

export async function chooseProblem<P extends ProblemSource>(source: string, problems: readonly P[]): Promise<ProblemChoice<P>> {
  const header = problemHeader(source);
  if (header !== null) {
    const named = problems.find((problem) => problem.meta.slug === header);
    if (named) return { kind: 'chosen', problem: named };
    return {
      kind: 'not-graded',
      notGraded: {
        code: NOT_GRADED.unknownProblem,
        reason: `its \`// problem: ${header}\` line names no problem (the problems are ${slugsOf(problems)}): correct the slug`,
      },
    };
  }
  const [only, ...others] = problems;
  if (only && others.length === 0) return { kind: 'chosen', problem: only };

  const exported = await exportedNames(source);
  const matching = problems.filter((problem) => exported.includes(problem.meta.entry));
  const [match, ...alsoMatching] = matching;
  if (match && alsoMatching.length === 0) return { kind: 'chosen', problem: match };

  const howToName = 'name its problem with a first line `// problem: <slug>`, or grade it with --problem <slug>';
  if (match) {
    const entries = [...new Set(matching.map((problem) => `\`${problem.meta.entry}\``))].join(' and ');
    return {
      kind: 'not-graded',
      notGraded: {
        code: NOT_GRADED.ambiguousProblem,
        reason: `it exports ${entries}, the entry of ${matching.length} problems (${slugsOf(matching)}), so which one it solves is ambiguous: ${howToName}`,
      },
    };
  }
  const entries = problems.map((problem) => `\`${problem.meta.entry}\` for ${problem.meta.slug}`).join(', ');
  const syntaxError = exported.length === 0 ? await firstSyntaxError(source).catch(() => null) : null;
  const found = syntaxError
    ? `it has a syntax error at line ${syntaxError.line} (${syntaxError.message}) and no export the grader could read`
    : exported.length === 0
      ? 'it exports nothing'
      : `it exports ${describeNames(exported)}`;
  return {
    kind: 'not-graded',
    notGraded: {
      code: NOT_GRADED.noMatchingProblem,
      reason: `${found}, which is no problem's entry (${entries}), so the grader cannot tell which problem it solves: ${howToName}`,
    },
  };
}

function slugsOf(problems: readonly ProblemSource[]): string {
  return problems.map((problem) => problem.meta.slug).join(', ');
}

function describeNames(names: readonly string[]): string {
  const shown = names
    .slice(0, NAMES_SHOWN)
    .map((name) => `\`${name.length > NAME_SHOWN_CHARS ? `${name.slice(0, NAME_SHOWN_CHARS)}…` : name}\``);
  const more = names.length - shown.length;
  return `${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}
