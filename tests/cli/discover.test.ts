/**
 * Finding and reading submissions, without a sandbox: each kind of path the grader can be given ends as an
 * entry, read or refused with its reason, and nothing blocks or reads past the size limit. The file system
 * is real (a temporary folder), since names that are not UTF-8, named pipes and links cannot live in git.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverSubmissions, invocationDirectory, type Candidate, type Discovered } from '../../src/cli/discover.ts';
import { describeFileError } from '../../src/cli/not-graded.ts';
import { readSubmission, SUBMISSION_MAX_BYTES } from '../../src/cli/read-submission.ts';

const SOLUTION = new URL('../../src/problems/fixed-point-sqrt/solution.ts', import.meta.url).pathname;
const SOLUTION_SOURCE = readFileSync(SOLUTION, 'utf8');
/** Root bypasses file permissions, but not the kernel's own mode on sysctl files: reading this is EACCES. */
const WRITE_ONLY = '/proc/sys/vm/drop_caches';
/** A regular file that `stat` says is empty, and that reads as several MB. */
const GROWS_WHEN_READ = '/proc/kallsyms';

function refusedWith(path: string): boolean {
  try {
    readFileSync(path);
    return false;
  } catch (caught) {
    return (caught as NodeJS.ErrnoException).code === 'EACCES';
  }
}

function candidate(entry: Discovered | undefined): Candidate {
  if (entry?.kind !== 'file') throw new Error(`not a candidate: ${JSON.stringify(entry)}`);
  return entry;
}

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'grade-discover-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function folder(name: string): Promise<string> {
  const path = join(dir, name);
  await mkdir(path);
  return path;
}

describe('discoverSubmissions and readSubmission', () => {
  it('reads a file whose name is not UTF-8 by its bytes, and names it with \\xXX', async () => {
    const path = await folder('latin1-name');
    await copyFile(SOLUTION, Buffer.concat([Buffer.from(`${path}/caf`), Buffer.from([0xe9]), Buffer.from('.ts')]));
    const [found, ...more] = await discoverSubmissions(['latin1-name'], dir);
    expect(more).toEqual([]);
    expect(found).toMatchObject({ kind: 'file', name: 'latin1-name/caf\\xE9.ts', listed: true, followLinks: false });
    expect(await readSubmission(candidate(found))).toEqual({
      kind: 'read',
      submission: { file: 'latin1-name/caf\\xE9.ts', source: SOLUTION_SOURCE },
    });
  });

  it('says a file listed in a folder and gone before it was read vanished', async () => {
    const path = await folder('vanishing');
    await copyFile(SOLUTION, join(path, 'a.ts'));
    await copyFile(SOLUTION, join(path, 'b.ts'));
    const found = await discoverSubmissions([path], dir);
    expect(found.map((entry) => entry.kind)).toEqual(['file', 'file']);
    await rm(join(path, 'b.ts'));
    expect((await readSubmission(candidate(found[0]))).kind).toBe('read');
    expect(await readSubmission(candidate(found[1]))).toMatchObject({ kind: 'not-graded', notGraded: { code: 'vanished' } });
  });

  it('refuses links and named pipes inside a folder without opening them, and follows a link named on the command line', async () => {
    const path = await folder('links');
    const elsewhere = await folder('elsewhere');
    await copyFile(SOLUTION, join(elsewhere, 'target.ts'));
    await writeFile(join(elsewhere, 'notes.txt'), 'not a submission');
    await symlink(join(elsewhere, 'target.ts'), join(path, 'link.ts'));
    await symlink(join(dir, 'nowhere.ts'), join(path, 'dangling.ts'));
    await symlink(elsewhere, join(path, 'linked-folder'));
    await symlink(join(elsewhere, 'notes.txt'), join(path, 'notes'));
    execFileSync('mkfifo', [join(path, 'pipe.ts')]);
    const found = await discoverSubmissions(['links/link.ts', 'links', 'links/pipe.ts'], dir);
    expect(found.map((entry) => [entry.name, entry.kind === 'file' ? 'file' : entry.notGraded.code])).toEqual([
      // Named: a candidate, opened following the link; the folder's own entry for the same path is dropped,
      // as is the pipe named again: a path has one entry, its first. A link to a non-submission is ignored.
      ['links/link.ts', 'file'],
      ['links/dangling.ts', 'symlink'],
      ['links/linked-folder', 'symlink'],
      ['links/pipe.ts', 'not-a-file'],
    ]);
    expect(await readSubmission(candidate(found[0]))).toMatchObject({ kind: 'read', submission: { source: SOLUTION_SOURCE } });
    // A listed file replaced by a pipe after the listing: the read neither blocks nor reads it.
    const raced = await folder('raced');
    await copyFile(SOLUTION, join(raced, 'x.ts'));
    const [listed] = await discoverSubmissions([raced], dir);
    await rm(join(raced, 'x.ts'));
    execFileSync('mkfifo', [join(raced, 'x.ts')]);
    expect(await readSubmission(candidate(listed))).toMatchObject({
      kind: 'not-graded',
      notGraded: { code: 'not-a-file', reason: 'it is a named pipe (FIFO), not a regular file' },
    });
    // Replace it by a link: not followed (lstat sees it; O_NOFOLLOW would, had it changed after that).
    await rm(join(raced, 'x.ts'));
    await symlink(join(elsewhere, 'target.ts'), join(raced, 'x.ts'));
    expect(await readSubmission(candidate(listed))).toMatchObject({ kind: 'not-graded', notGraded: { code: 'symlink' } });
  });

  it('reads a file of exactly the size limit, and refuses one byte more, or a huge one, without reading it', async () => {
    const path = await folder('sizes');
    const padded = (size: number) => {
      const source = Buffer.from(`${SOLUTION_SOURCE}\n//`);
      return Buffer.concat([source, Buffer.alloc(size - source.length, 'x')]);
    };
    await writeFile(join(path, 'at-limit.ts'), padded(SUBMISSION_MAX_BYTES));
    await writeFile(join(path, 'over-limit.ts'), padded(SUBMISSION_MAX_BYTES + 1));
    // Sparse: 4 GB that take no disk, and that reading would take seconds and all the heap.
    await writeFile(join(path, 'huge.ts'), '');
    await truncate(join(path, 'huge.ts'), 4 * 2 ** 30);
    const [atLimit, huge, overLimit] = await discoverSubmissions([path], dir);
    const read = await readSubmission(candidate(atLimit));
    expect(read.kind === 'read' && Buffer.byteLength(read.submission.source)).toBe(SUBMISSION_MAX_BYTES);
    expect(await readSubmission(candidate(overLimit))).toMatchObject({
      kind: 'not-graded',
      notGraded: { code: 'too-large', reason: `it is ${SUBMISSION_MAX_BYTES + 1} bytes, over the 1 MB (${SUBMISSION_MAX_BYTES}-byte) limit for a submission, so it was not read` },
    });
    const startedAt = performance.now();
    expect(await readSubmission(candidate(huge))).toMatchObject({ kind: 'not-graded', notGraded: { code: 'too-large' } });
    expect(performance.now() - startedAt).toBeLessThan(1_000);
  });

  it.skipIf(!existsSync(GROWS_WHEN_READ) || readFileSync(GROWS_WHEN_READ).length <= SUBMISSION_MAX_BYTES)(
    'stops reading at the limit a file that stat said was small',
    async () => {
      const [found] = await discoverSubmissions([GROWS_WHEN_READ], dir);
      expect(await readSubmission(candidate(found))).toMatchObject({
        kind: 'not-graded',
        notGraded: { code: 'too-large', reason: expect.stringContaining('it grew past the 1 MB') },
      });
    },
  );

  it('refuses contents that are not UTF-8, saying where, and drops a byte-order mark', async () => {
    const path = await folder('encodings');
    await writeFile(join(path, 'latin1.ts'), Buffer.concat([Buffer.from('// ok\n// caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    await writeFile(join(path, 'bom.ts'), `\uFEFF${SOLUTION_SOURCE}`);
    const [bom, latin1] = await discoverSubmissions([path], dir);
    expect(await readSubmission(candidate(latin1))).toMatchObject({
      kind: 'not-graded',
      notGraded: { code: 'not-utf8', reason: 'it is not UTF-8 text (byte 0xE9 at offset 12, line 2): save it as UTF-8' },
    });
    expect(await readSubmission(candidate(bom))).toMatchObject({ kind: 'read', submission: { source: SOLUTION_SOURCE } });
  });

  it('gives a missing or empty path, a dangling or looping link and an empty folder named on the command line an entry each', async () => {
    const path = await folder('named');
    await folder('named/empty');
    await symlink(join(path, 'loop-b.ts'), join(path, 'loop-a.ts'));
    await symlink(join(path, 'loop-a.ts'), join(path, 'loop-b.ts'));
    await symlink(join(path, 'nowhere.ts'), join(path, 'dangling.ts'));
    const found = await discoverSubmissions(['named/missing.ts', 'named/loop-a.ts', 'named/dangling.ts', 'named/empty', 'named/missing.ts', `named/bad-\uFFFD.ts`, ''], dir);
    expect(found.map((entry) => (entry.kind === 'file' ? entry : [entry.name, entry.notGraded]))).toEqual([
      ['named/missing.ts', { code: 'missing', reason: 'there is no such file or folder' }],
      ['named/loop-a.ts', { code: 'unreadable', reason: 'too many levels of symbolic links (a loop of links?)' }],
      ['named/dangling.ts', { code: 'missing', reason: 'it is a symbolic link to something that does not exist' }],
      ['named/empty', { code: 'empty-folder', reason: 'there is no .ts file in this folder' }],
      ['named/bad-\uFFFD.ts', { code: 'missing', reason: expect.stringContaining('name the folder that holds it instead') }],
      // Not the current directory, which resolve() would make of it.
      ['', { code: 'missing', reason: 'the path is empty' }],
    ]);
  });

  it.skipIf(!refusedWith(WRITE_ONLY))('says a file the system will not let it read is unreadable', async () => {
    const [found] = await discoverSubmissions([WRITE_ONLY], dir);
    expect(await readSubmission(candidate(found))).toEqual({
      kind: 'not-graded',
      notGraded: { code: 'unreadable', reason: 'permission denied' },
    });
  });

  it('maps the other file-system errors to reasons', () => {
    const error = (code: string) => Object.assign(new Error(`${code}: failed`), { code });
    const named = { listed: false, followLinks: true };
    const listed = { listed: true, followLinks: false };
    expect(describeFileError(error('EIO'), named)).toEqual({ code: 'unreadable', reason: 'the file system reported an I/O error (EIO)' });
    expect(describeFileError(error('ENAMETOOLONG'), named)).toEqual({ code: 'unreadable', reason: 'its name is too long for the file system' });
    expect(describeFileError(error('ELOOP'), listed)).toMatchObject({ code: 'symlink' });
    expect(describeFileError(error('EISDIR'), listed)).toEqual({ code: 'not-a-file', reason: 'it is a folder, not a file' });
    expect(describeFileError(error('EMFILE'), named)).toEqual({ code: 'unreadable', reason: 'the system could not read it (EMFILE)' });
    expect(describeFileError(error('ENOENT'), listed)).toMatchObject({ code: 'vanished' });
    expect(describeFileError(error('ENOENT'), named)).toMatchObject({ code: 'missing' });
  });
});

describe('invocationDirectory', () => {
  it('is INIT_CWD when npm gives one, else the working directory', () => {
    expect(invocationDirectory({ INIT_CWD: '/somewhere/typed' })).toBe('/somewhere/typed');
    expect(invocationDirectory({ INIT_CWD: 'relative' })).toBe(process.cwd());
    expect(invocationDirectory({})).toBe(process.cwd());
  });
});
