/**
 * Scratch copies of the repository, for tests that change what a checkout holds (a second problem, a course
 * that lists it) or what is installed (only the production dependencies), without touching the checkout
 * the tests run from.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What the page's build and the grader read, and the tests' shared helpers. */
const COPIED = [
  'src',
  'bin',
  'build',
  'public',
  'tests/support',
  'course.json',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'vite.config.ts',
  'index.html',
];

export type Scratch = {
  readonly root: string;
  /** The environment to run the grader with there: its sandbox bundle cached inside the copy, not in the shared cache. */
  readonly env: NodeJS.ProcessEnv;
  remove(): Promise<void>;
};

export type NodeModules =
  /** A link to the repository's own node_modules: everything, dev tools included. */
  | 'all'
  /** Only what `npm ci --omit=dev` installs, each package linked from the repository's node_modules. */
  | 'production';

/** A copy of the repository's sources under the temporary directory. */
export async function scratchCopy(prefix: string, nodeModules: NodeModules): Promise<Scratch> {
  const root = await mkdtemp(join(tmpdir(), `${prefix}-`));
  for (const path of COPIED) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await cp(join(REPO_ROOT, path), join(root, path), { recursive: true });
  }
  if (nodeModules === 'all') await symlink(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  else await linkProductionDependencies(REPO_ROOT, root);
  return {
    root,
    env: { ...process.env, IMPLICIT_KATA_CACHE_DIR: join(root, '.cache'), INIT_CWD: root },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/**
 * The packages `npm ci --omit=dev` would install, read from the lockfile: every one not marked `dev`. Only
 * the top-level ones are linked (a nested one comes with its parent's folder). Node resolves a linked
 * package's own imports from where it really is, so a production package still finds its production
 * dependencies; what this catches is the grader's own code importing something that only dev installs have.
 */
export async function productionPackages(lockRoot: string): Promise<string[]> {
  const lock = JSON.parse(await readFile(join(lockRoot, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean; optional?: boolean }>;
  };
  return Object.entries(lock.packages)
    .filter(([path, entry]) => path.startsWith('node_modules/') && !entry.dev && path.split('node_modules/').length === 2)
    .map(([path]) => path.slice('node_modules/'.length));
}

/** A node_modules folder in `target` holding a link to each production package of `REPO_ROOT`'s install. */
export async function linkProductionDependencies(lockRoot: string, target: string): Promise<string[]> {
  const linked: string[] = [];
  for (const name of await productionPackages(lockRoot)) {
    const installed = join(REPO_ROOT, 'node_modules', name);
    // Optional packages for other platforms (esbuild's, fsevents) are not installed here either.
    if (!existsSync(installed)) continue;
    const link = join(target, 'node_modules', name);
    await mkdir(dirname(link), { recursive: true });
    await symlink(installed, link, 'dir');
    linked.push(name);
  }
  return linked;
}

/**
 * Copies problem folder `from` to `to` and changes only the `slug` and `title` lines of its problem.json,
 * as an instructor would by hand: the rest of the file is kept byte for byte. With `entry`, the copy also
 * exports another name: its problem.json's `entry`, and the name in its solution and starter, change too.
 */
export async function copyProblem(root: string, from: string, to: { slug: string; title: string; entry?: string }): Promise<void> {
  const target = join(root, 'src', 'problems', to.slug);
  await cp(join(root, 'src', 'problems', from), target, { recursive: true });
  const path = join(target, 'problem.json');
  const original = await readFile(path, 'utf8');
  const replaceLine = (text: string, key: string, value: string) => {
    const line = new RegExp(`^(\\s*"${key}": )"[^"\\n]*"`, 'm');
    if (!line.test(text)) throw new Error(`${path} has no "${key}" line to change`);
    return text.replace(line, `$1${JSON.stringify(value)}`);
  };
  let changed = replaceLine(replaceLine(original, 'slug', to.slug), 'title', to.title);
  if (to.entry !== undefined) {
    const entry = (JSON.parse(original) as { entry: string }).entry;
    changed = replaceLine(changed, 'entry', to.entry);
    for (const file of ['solution.ts', 'starter.ts']) {
      const source = await readFile(join(target, file), 'utf8');
      await writeFile(join(target, file), source.replaceAll(entry, to.entry));
    }
  }
  await writeFile(path, changed);
}
