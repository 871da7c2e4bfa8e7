/**
 * A course of several problems, made as an instructor makes one: a copy of the repository in a temporary
 * directory, a problem folder copied under a new slug and title, course.json listing them in order, and the
 * page built from that copy. Nothing in the repository itself is touched.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** What `vite build` reads; tests, scripts and the old dist/ stay behind. */
const BUILD_INPUTS = ['src', 'build', 'public', 'index.html', 'vite.config.ts', 'tsconfig.json', 'package.json'];

export type CopiedProblem = {
  /** The folder of src/problems to copy. */
  readonly from: string;
  readonly slug: string;
  readonly title: string;
  readonly summary?: string;
  readonly difficulty?: 'introductory' | 'intermediate' | 'advanced';
};

export type ScratchCourse = {
  readonly root: string;
  readonly distDir: string;
  dispose(): void;
};

export async function buildScratchCourse(course: {
  title: string;
  /** The course's slugs in order: existing folders, and the copies' new slugs. */
  order: readonly string[];
  copies: readonly CopiedProblem[];
}): Promise<ScratchCourse> {
  const root = mkdtempSync(join(tmpdir(), 'kata-course-'));
  try {
    for (const input of BUILD_INPUTS) cpSync(join(REPO, input), join(root, input), { recursive: true });
    symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
    for (const copy of course.copies) {
      const folder = join(root, 'src/problems', copy.slug);
      cpSync(join(REPO, 'src/problems', copy.from), folder, { recursive: true });
      const metaPath = join(folder, 'problem.json');
      const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as Record<string, unknown>;
      const changed: Record<string, unknown> = { ...meta, slug: copy.slug, title: copy.title };
      if (copy.summary !== undefined) changed.summary = copy.summary;
      if (copy.difficulty !== undefined) changed.difficulty = copy.difficulty;
      writeFileSync(metaPath, `${JSON.stringify(changed, null, 2)}\n`);
    }
    const courseJson = JSON.parse(readFileSync(join(REPO, 'course.json'), 'utf8')) as Record<string, unknown>;
    const settings = { ...courseJson, title: course.title, problems: course.order.map((slug) => ({ slug })) };
    writeFileSync(join(root, 'course.json'), `${JSON.stringify(settings, null, 2)}\n`);
    // Vite's own binary from the shared node_modules, run in the copy: its config, its course.
    await promisify(execFile)(process.execPath, [join(REPO, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'], {
      cwd: root,
      maxBuffer: 16 * 2 ** 20,
    });
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return { root, distDir: join(root, 'dist'), dispose: () => rmSync(root, { recursive: true, force: true }) };
}
