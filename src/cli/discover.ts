import type { Dirent, Stats } from 'node:fs';
import { lstat, readdir, stat } from 'node:fs/promises';
import { isAbsolute, resolve, sep } from 'node:path';
import { decodeName } from './escape.ts';
import { describeFileError, describeFileType, NOT_GRADED, symlinkNotFollowed, type NotGraded } from './not-graded.ts';

export type { Submission } from './read-submission.ts';

/** A file to read and grade. Nothing has been read from it yet. */
export type Candidate = {
  readonly kind: 'file';
  /** How the reports name it: as typed, or joined to the folder as typed; bytes that are not UTF-8 as `\xXX`. */
  readonly name: string;
  /** Where to open it: absolute, and bytes when it was found in a folder (a name need not be UTF-8). */
  readonly path: string | Buffer;
  /** Found by listing a folder, rather than named on the command line. */
  readonly listed: boolean;
  /** Named on the command line: a symbolic link there is followed; inside a folder it is not. */
  readonly followLinks: boolean;
};

/** A path that will not be graded, found out without reading it. */
export type Refused = {
  readonly kind: 'not-graded';
  readonly name: string;
  /** Absolute, as for a candidate: a path named twice, or named and found in a folder, has one entry. */
  readonly path: string | Buffer;
  readonly notGraded: NotGraded;
};

export type Discovered = Candidate | Refused;

/**
 * The directory that relative paths are relative to: where the command was typed. `npm run` starts the
 * script in the package's root and says where it was typed in INIT_CWD.
 */
export function invocationDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const typedIn = env.INIT_CWD;
  return typedIn && isAbsolute(typedIn) ? typedIn : process.cwd();
}

/**
 * Expands the paths into what to grade, in the order given: a file as itself (whatever its extension,
 * since it was named), a folder as every `.ts` file under it, sorted by path. Hidden entries, `node_modules`
 * and declaration files are not submissions. A file named twice is graded once.
 *
 * Nothing here stops the batch: a path that does not exist, a folder that cannot be listed or holds no
 * `.ts` file, and, inside a folder, a symbolic link or a named pipe where a `.ts` file would be, each become
 * an entry of their own. Symbolic links named on the command line are followed, as shells and `find -H` do:
 * the instructor chose them; those found inside a folder are the submitters', and are not. Only `stat` and
 * `readdir` happen here: no file is opened.
 */
export async function discoverSubmissions(paths: readonly string[], base: string): Promise<Discovered[]> {
  const found: Discovered[] = [];
  for (const typed of paths) {
    const absolute = resolve(base, typed);
    if (typed === '') {
      // resolve() would make it the current directory, and grade all of it.
      found.push({ kind: 'not-graded', name: typed, path: '', notGraded: { code: NOT_GRADED.missing, reason: 'the path is empty' } });
      continue;
    }
    let stats: Stats;
    try {
      stats = await stat(absolute);
    } catch (error) {
      found.push({ kind: 'not-graded', name: typed, path: absolute, notGraded: await describeNamedPathError(error, absolute, typed) });
      continue;
    }
    if (!stats.isDirectory()) {
      found.push({ kind: 'file', name: typed, path: absolute, listed: false, followLinks: true });
      continue;
    }
    const inFolder: Listed[] = [];
    await listFolder(typed, Buffer.from(absolute), Buffer.alloc(0), inFolder);
    if (inFolder.length === 0) {
      const notGraded = { code: NOT_GRADED.emptyFolder, reason: 'there is no .ts file in this folder' };
      found.push({ kind: 'not-graded', name: typed, path: absolute, notGraded });
      continue;
    }
    // By bytes, as the file system spells the names: the same order on every machine, whatever the locale.
    inFolder.sort((a, b) => Buffer.compare(a.relative, b.relative));
    found.push(...inFolder.map((listed) => listed.entry));
  }
  const seen = new Set<string>();
  return found.filter((entry) => {
    // Latin-1 maps bytes to characters one to one: a faithful key for a path that is not UTF-8.
    const key = Buffer.from(entry.path).toString('latin1');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

type Listed = { readonly relative: Buffer; readonly entry: Discovered };

const SEP = Buffer.from(sep);
const TS = Buffer.from('.ts');
const DTS = Buffer.from('.d.ts');
const NODE_MODULES = Buffer.from('node_modules');

function isSubmissionName(name: Buffer): boolean {
  const end = (suffix: Buffer) => name.length >= suffix.length && name.subarray(name.length - suffix.length).equals(suffix);
  return end(TS) && !end(DTS);
}

/**
 * Every submission under `folder`, and every entry that looks like one but cannot be graded. `name`: the
 * folder as the reports name it; `path`: its absolute path, as bytes; `relative`: its path under the folder
 * named on the command line, for sorting.
 */
async function listFolder(name: string, path: Buffer, relative: Buffer, found: Listed[]): Promise<void> {
  let entries: Dirent<Buffer>[];
  try {
    entries = await readdir(path, { withFileTypes: true, encoding: 'buffer' });
  } catch (error) {
    // Reached by listing its parent (or named and then gone): it vanished, or it cannot be listed.
    const notGraded = describeFileError(error, { listed: true, followLinks: false });
    found.push({ relative, entry: { kind: 'not-graded', name, path, notGraded } });
    return;
  }
  for (const dirent of entries) {
    const entryName = dirent.name;
    if (entryName[0] === 0x2e /* '.' */ || entryName.equals(NODE_MODULES)) continue;
    // Joined as text, not normalized: the report names files under the folder as it was written, and
    // `link/..` keeps meaning what the file system says it means.
    const shown = `${name.endsWith(sep) ? name : `${name}${sep}`}${decodeName(entryName)}`;
    const entryPath = Buffer.concat([path, SEP, entryName]);
    const entryRelative = relative.length === 0 ? entryName : Buffer.concat([relative, SEP, entryName]);
    const refuse = (notGraded: NotGraded) =>
      found.push({ relative: entryRelative, entry: { kind: 'not-graded', name: shown, path: entryPath, notGraded } });
    if (dirent.isDirectory()) {
      await listFolder(shown, entryPath, entryRelative, found);
    } else if (dirent.isSymbolicLink()) {
      // Said out loud when it would have been a submission, or a folder of them; a link to anything else is
      // no more a submission than a README is.
      if (isSubmissionName(entryName) || (await stat(entryPath).then((target) => target.isDirectory(), () => false))) {
        refuse(symlinkNotFollowed());
      }
    } else if (isSubmissionName(entryName)) {
      if (dirent.isFile()) {
        found.push({
          relative: entryRelative,
          entry: { kind: 'file', name: shown, path: entryPath, listed: true, followLinks: false },
        });
      } else {
        refuse({ code: NOT_GRADED.notAFile, reason: `it is ${describeFileType(dirent)}, not a regular file` });
      }
    }
  }
}

/** A named path that `stat` refused. A dangling link says so, rather than "no such file". */
async function describeNamedPathError(error: unknown, absolute: string, typed: string): Promise<NotGraded> {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') {
    const link = await lstat(absolute).then((stats) => stats.isSymbolicLink(), () => false);
    if (link) return { code: NOT_GRADED.missing, reason: 'it is a symbolic link to something that does not exist' };
    if (typed.includes('\uFFFD')) {
      return {
        code: NOT_GRADED.missing,
        reason:
          'there is no such file or folder (its name reached the grader with U+FFFD in it: if the name is not ' +
          'UTF-8, name the folder that holds it instead)',
      };
    }
  }
  return describeFileError(error, { listed: false, followLinks: true });
}
