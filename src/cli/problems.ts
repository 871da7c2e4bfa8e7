/**
 * The problems, read from src/problems on disk: the command-line twin of the page's `catalog.ts`, which finds
 * the same files through Vite's glob imports. Both hand them to `buildCatalog`, so both validate them alike.
 */
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { buildCatalog, type ProblemFiles, type ProblemSource } from '../problems/build-catalog.ts';
import { UsageError } from './usage-error.ts';

const PROBLEMS_DIR = fileURLToPath(new URL('../problems/', import.meta.url));

export async function loadProblems(): Promise<ProblemSource[]> {
  const metas: Record<string, unknown> = {};
  const graders: Record<string, unknown> = {};
  const starters: Record<string, string> = {};
  const solutions: Record<string, () => Promise<string>> = {};
  const folders = (await readdir(PROBLEMS_DIR, { withFileTypes: true })).filter((entry) => entry.isDirectory());
  for (const { name } of folders) {
    const files = new Set(await readdir(join(PROBLEMS_DIR, name)));
    if (!files.has('problem.json')) continue;
    // Keys as the page's globs spell them, so that buildCatalog pairs the files the same way.
    const key = (file: string) => `./${name}/${file}`;
    const path = (file: string) => join(PROBLEMS_DIR, name, file);
    metas[key('problem.json')] = parseJson(await readFile(path('problem.json'), 'utf8'), `src/problems/${name}/problem.json`);
    if (files.has('grader')) {
      const module = (await import(pathToFileURL(path('grader/index.ts')).href)) as { grader?: unknown };
      graders[key('grader/index.ts')] = module.grader;
    }
    if (files.has('starter.ts')) starters[key('starter.ts')] = await readFile(path('starter.ts'), 'utf8');
    if (files.has('solution.ts')) solutions[key('solution.ts')] = () => readFile(path('solution.ts'), 'utf8');
  }
  const problemFiles: ProblemFiles = { metas, graders, starters, solutions };
  return buildCatalog(problemFiles);
}

/** The problem named by `--problem`, or the only one there is. */
export function chooseProblem(problems: readonly ProblemSource[], slug: string | null): ProblemSource {
  const slugs = problems.map((problem) => problem.meta.slug).join(', ');
  if (slug !== null) {
    const chosen = problems.find((problem) => problem.meta.slug === slug);
    if (!chosen) throw new UsageError(`unknown problem '${slug}': known problems are ${slugs}`);
    return chosen;
  }
  const [only, ...others] = problems;
  if (!only) throw new UsageError('there is no problem in src/problems');
  if (others.length > 0) throw new UsageError(`several problems exist (${slugs}): choose one with --problem <slug>`);
  return only;
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${source} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}
