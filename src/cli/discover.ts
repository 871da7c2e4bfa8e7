import { readdir, readFile, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { UsageError } from './usage-error.ts';

export type Submission = {
  /** The path as given, or joined to the folder as given: how the reports name the submission. */
  readonly file: string;
  readonly source: string;
};

/**
 * Expands the paths into submissions, in the order given: a file as itself (whatever its extension, since
 * it was named), a folder as every `.ts` file under it, sorted by path. Hidden folders, `node_modules` and
 * declaration files are not submissions. A file named twice is graded once. Reads every file before
 * anything is graded, so that a bad path stops the grader at once, with exit code 2.
 */
export async function readSubmissions(paths: readonly string[]): Promise<Submission[]> {
  const files: string[] = [];
  for (const path of paths) {
    const stats = await stat(path).catch((error: unknown) => {
      throw new UsageError(`cannot read '${path}': ${reasonOf(error)}`);
    });
    if (!stats.isDirectory()) {
      files.push(path);
      continue;
    }
    // By code unit rather than locale: the same order on every machine.
    const found = (await findTypeScript(path)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (found.length === 0) throw new UsageError(`no .ts file in folder '${path}'`);
    files.push(...found);
  }
  const seen = new Set<string>();
  const unique = files.filter((file) => {
    const key = resolve(file);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return Promise.all(
    unique.map(async (file) => {
      const source = await readFile(file, 'utf8').catch((error: unknown) => {
        throw new UsageError(`cannot read '${file}': ${reasonOf(error)}`);
      });
      return { file, source };
    }),
  );
}

async function findTypeScript(folder: string): Promise<string[]> {
  const found: string[] = [];
  const entries = await readdir(folder, { withFileTypes: true }).catch((error: unknown) => {
    throw new UsageError(`cannot read '${folder}': ${reasonOf(error)}`);
  });
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    // Joined as text, not normalized: the report names files under the folder as it was written, and
    // `link/..` keeps meaning what the file system says it means.
    const path = folder.endsWith(sep) ? `${folder}${entry.name}` : `${folder}${sep}${entry.name}`;
    if (entry.isDirectory()) found.push(...(await findTypeScript(path)));
    else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) found.push(path);
  }
  return found;
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}
