/**
 * The course file (course.json, or the file that IMPLICIT_KATA_COURSE names) is read and validated when Vite
 * starts, for a build and for the dev server alike: a mistake in it stops Vite with a message that names the
 * file and the key, instead of shipping a page that breaks (or silently ignores a setting) in the learner's
 * browser. The page reads the validated course from `virtual:course`, and the reference solutions from
 * `virtual:course-solutions`, which this plugin writes according to the course's solution policy: under
 * `never` it holds none, so no file of the build contains a solution. The same goes for "Why it matters":
 * each problem's insight.ts holds the answer (its implicit backward pass), so `virtual:course-insights` (the
 * insight worker's loaders) and `virtual:course-insight-slugs` (which problems have one, for the page) are
 * empty under `never`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Plugin, ResolvedConfig, ViteDevServer } from 'vite';
import type { Course } from '../src/core/course.ts';
import { courseFilePath, displayPath, readCourseFile } from '../src/cli/course-file.ts';
import { parseProblemMeta } from '../src/core/problem.ts';

export { COURSE_FILE_ENV, courseFilePath, DEFAULT_COURSE_FILE } from '../src/cli/course-file.ts';

export const COURSE_MODULE_ID = 'virtual:course';
export const SOLUTIONS_MODULE_ID = 'virtual:course-solutions';
export const INSIGHTS_MODULE_ID = 'virtual:course-insights';
export const INSIGHT_SLUGS_MODULE_ID = 'virtual:course-insight-slugs';
const RESOLVED_COURSE_MODULE_ID = `\0${COURSE_MODULE_ID}`;
const RESOLVED_SOLUTIONS_MODULE_ID = `\0${SOLUTIONS_MODULE_ID}`;
const RESOLVED_INSIGHTS_MODULE_ID = `\0${INSIGHTS_MODULE_ID}`;
const RESOLVED_INSIGHT_SLUGS_MODULE_ID = `\0${INSIGHT_SLUGS_MODULE_ID}`;
const VIRTUAL_IDS = /^virtual:course(?:-solutions|-insights|-insight-slugs)?$/;
const RESOLVED_VIRTUAL_IDS = /^\0virtual:course(?:-solutions|-insights|-insight-slugs)?$/;

/**
 * Every reference solution is a chunk of its own, `assets/solution-<slug>-<hash>.js`, so that the service
 * worker can tell it apart by its name: kept out of the precache, cached once it has been fetched.
 */
export const SOLUTION_CHUNK_GLOB = '**/solution-*.js';
/** The same chunks as URLs, for the service worker's runtime route (a RegExp survives its serialisation). */
export const SOLUTION_CHUNK_URL = /\/assets\/solution-[^/]+\.js$/;

export type CoursePluginOptions = {
  /** The course file; by default IMPLICIT_KATA_COURSE, else course.json at the project's root. */
  file?: string;
};

export type LoadedCourse = {
  /** The file, as messages name it: relative to the root when it is inside. */
  readonly name: string;
  readonly course: Course;
  /** The course's problems, in its order: its list, or every folder of src/problems when it has none. */
  readonly slugs: readonly string[];
  /** The solution.ts of each of the course's problems that has one, by slug; none under `never`. */
  readonly solutionFiles: ReadonlyMap<string, string>;
  /** The insight.ts ("Why it matters") of each of the course's problems that has one, by slug; none under `never`. */
  readonly insightFiles: ReadonlyMap<string, string>;
};

/**
 * Reads and validates a course file: its keys (parseCourse), and that each problem it lists is a folder of
 * `problemsDir` with a valid problem.json. Throws an Error whose message names the file and the key.
 */
export function loadCourse(path: string, { root, problemsDir }: { root: string; problemsDir: string }): LoadedCourse {
  const name = displayPath(root, path);
  const course = readCourseFile(path, name);

  const folders = problemFolders(problemsDir);
  const problemsName = displayPath(root, problemsDir);
  const listed = course.problems?.map((problem) => problem.slug);
  (listed ?? folders).forEach((slug, index) => {
    const key = listed ? `problems.${index}.slug` : 'problems';
    if (!folders.includes(slug)) {
      throw new Error(
        `${name} is not valid: ${key}: '${slug}' is not a folder of ${problemsName} with a problem.json ` +
          `(there are: ${folders.join(', ') || 'none'})`,
      );
    }
    const metaPath = join(problemsDir, slug, 'problem.json');
    try {
      const meta = parseProblemMeta(JSON.parse(readFileSync(metaPath, 'utf8')), displayPath(root, metaPath));
      if (meta.slug !== slug) throw new Error(`its slug is '${meta.slug}', and it must match its folder`);
    } catch (error) {
      throw new Error(`${name}: ${key}: '${slug}' has no valid problem.json: ${(error as Error).message}`);
    }
  });
  const slugs = listed ?? folders;

  const solutionFiles = new Map<string, string>();
  const insightFiles = new Map<string, string>();
  if (course.solutionPolicy !== 'never') {
    for (const slug of slugs) {
      const solution = join(problemsDir, slug, 'solution.ts');
      // A problem may come without one: the page then offers no solution.
      if (existsSync(solution)) solutionFiles.set(slug, solution);
      // Likewise without an insight.ts: no "Why it matters" for it.
      const insight = join(problemsDir, slug, 'insight.ts');
      if (existsSync(insight)) insightFiles.set(slug, insight);
    }
  }
  return { name, course, slugs, solutionFiles, insightFiles };
}

/** The folders of src/problems that hold a problem.json, by name. */
function problemFolders(problemsDir: string): string[] {
  if (!existsSync(problemsDir)) return [];
  return readdirSync(problemsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(problemsDir, entry.name, 'problem.json')))
    .map((entry) => entry.name)
    .sort();
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}


/** `virtual:course`: the validated course, as JSON text so that it ships exactly as validated. */
export function courseModuleCode(loaded: LoadedCourse): string {
  return `export const course = JSON.parse(${JSON.stringify(JSON.stringify(loaded.course))});\n`;
}

/**
 * `virtual:course-solutions`: a lazy loader per solution, keyed as src/problems/catalog.ts's globs key the
 * other files (`./<slug>/solution.ts`). Each is a dynamic import, hence a chunk fetched only when called.
 */
export function solutionsModuleCode(loaded: LoadedCourse, root: string): string {
  const entries = [...loaded.solutionFiles].map(([slug, path]) => {
    const id = `/${relative(root, path).split(sep).join('/')}?raw`;
    return `  ${JSON.stringify(`./${slug}/solution.ts`)}: () => import(${JSON.stringify(id)}).then((module) => module.default),`;
  });
  return `export const solutions = {\n${entries.join('\n')}\n};\n`;
}

/**
 * `virtual:course-insights`: a lazy loader of each problem's `insight` export, by slug, for the insight
 * worker (each a chunk of its own, loaded only for the problem being measured).
 */
export function insightsModuleCode(loaded: LoadedCourse, root: string): string {
  const entries = [...loaded.insightFiles].map(([slug, path]) => {
    const id = `/${relative(root, path).split(sep).join('/')}`;
    return `  ${JSON.stringify(slug)}: () => import(${JSON.stringify(id)}).then((module) => module.insight),`;
  });
  return `export const insights = {\n${entries.join('\n')}\n};\n`;
}

/** `virtual:course-insight-slugs`: which problems have a "Why it matters", for the page (no code of theirs). */
export function insightSlugsModuleCode(loaded: LoadedCourse): string {
  return `export const insightSlugs = ${JSON.stringify([...loaded.insightFiles.keys()])};\n`;
}

const isAnyInsight = (id: string) => /[\\/]src[\\/]problems[\\/][^\\/]+[\\/]insight\.ts(?:\?|$)/.test(id);

const isAnySolution = (id: string) => /[\\/]src[\\/]problems[\\/][^\\/]+[\\/]solution\.ts(?:\?|$)/.test(id);

/**
 * A guard on the two promises the policy makes, over the build's chunks: no solution at all under `never`,
 * and otherwise every solution in a chunk the service worker knows by its name (and so does not precache).
 * The mistake, or null.
 */
export function solutionChunkProblem(
  policy: Course['solutionPolicy'],
  chunks: readonly { fileName: string; moduleIds: readonly string[] }[],
): string | null {
  for (const { fileName, moduleIds } of chunks) {
    const insights = moduleIds.filter(isAnyInsight);
    if (policy === 'never' && insights.length > 0) {
      return `${fileName} holds ${insights.join(', ')}, and the course's solution policy is "never"`;
    }
    const solutions = moduleIds.filter(isAnySolution);
    if (solutions.length === 0) continue;
    if (policy === 'never') return `${fileName} holds ${solutions.join(', ')}, and the course's solution policy is "never"`;
    if (!/^solution-/.test(fileName.split('/').at(-1) ?? '') || moduleIds.length !== solutions.length) {
      return `${fileName} holds ${solutions.join(', ')}: a solution must be a chunk of its own, named solution-*`;
    }
  }
  return null;
}

export function coursePlugin(options: CoursePluginOptions = {}): Plugin {
  let root = process.cwd();
  let problemsDir = join(root, 'src', 'problems');
  let file = courseFilePath(root, options.file);
  let loaded: LoadedCourse | undefined;
  // On the dev server, the last edit's mistake: served as the error overlay until the file is fixed.
  let failure: Error | undefined;

  const load = () => {
    loaded = loadCourse(file, { root, problemsDir });
    failure = undefined;
    return loaded;
  };
  const current = (): LoadedCourse => {
    if (failure) throw failure;
    return loaded ?? load();
  };
  /** The slug whose solution module `id` is, if it is one. */
  const solutionSlugOf = (id: string | null | undefined): string | undefined => {
    if (!id?.endsWith('/solution.ts?raw')) return undefined;
    const path = id.slice(0, -'?raw'.length);
    return [...(loaded?.solutionFiles ?? [])].find(([, solution]) => solution === path)?.[0];
  };

  const reloadOnChange = (server: ViteDevServer) => {
    server.watcher.add(file);
    server.watcher.on('all', (_event, changed) => {
      const inProblems = changed.startsWith(problemsDir + sep) && /(?:problem\.json|solution\.ts|insight\.ts)$/.test(changed);
      if (changed !== file && !inProblems) return;
      try {
        load();
      } catch (error) {
        failure = error as Error;
        server.config.logger.error(failure.message, { timestamp: true });
      }
      const graph = server.environments.client.moduleGraph;
      for (const id of [RESOLVED_COURSE_MODULE_ID, RESOLVED_SOLUTIONS_MODULE_ID, RESOLVED_INSIGHTS_MODULE_ID, RESOLVED_INSIGHT_SLUGS_MODULE_ID]) {
        const module = graph.getModuleById(id);
        if (module) graph.invalidateModule(module);
      }
      server.ws.send({ type: 'full-reload' });
    });
  };

  return {
    name: 'implicit-kata:course',
    config(config) {
      const assetsDir = config.build?.assetsDir ?? 'assets';
      return {
        build: {
          rolldownOptions: {
            output: {
              chunkFileNames: (chunk) => {
                const slug = solutionSlugOf(chunk.facadeModuleId);
                return `${assetsDir}/${slug ? `solution-${slug}` : '[name]'}-[hash].js`;
              },
            },
          },
        },
      };
    },
    configResolved(config: ResolvedConfig) {
      root = config.root;
      problemsDir = join(root, 'src', 'problems');
      file = courseFilePath(root, options.file);
      // Throws: Vite stops, build or dev server, with the message.
      load();
    },
    configureServer: reloadOnChange,
    // The course's title from the first paint, before the page sets the document's title itself.
    transformIndexHtml: (html) => html.replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(current().course.title)}</title>`),
    buildStart() {
      this.addWatchFile(file);
    },
    resolveId: {
      filter: { id: VIRTUAL_IDS },
      handler(id) {
        if (id === COURSE_MODULE_ID) return RESOLVED_COURSE_MODULE_ID;
        if (id === SOLUTIONS_MODULE_ID) return RESOLVED_SOLUTIONS_MODULE_ID;
        if (id === INSIGHTS_MODULE_ID) return RESOLVED_INSIGHTS_MODULE_ID;
        if (id === INSIGHT_SLUGS_MODULE_ID) return RESOLVED_INSIGHT_SLUGS_MODULE_ID;
        return undefined;
      },
    },
    load: {
      filter: { id: RESOLVED_VIRTUAL_IDS },
      handler(id) {
        if (id === RESOLVED_COURSE_MODULE_ID) return courseModuleCode(current());
        if (id === RESOLVED_SOLUTIONS_MODULE_ID) return solutionsModuleCode(current(), root);
        if (id === RESOLVED_INSIGHTS_MODULE_ID) return insightsModuleCode(current(), root);
        if (id === RESOLVED_INSIGHT_SLUGS_MODULE_ID) return insightSlugsModuleCode(current());
        return undefined;
      },
    },
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).flatMap((output) => (output.type === 'chunk' ? [output] : []));
      const problem = solutionChunkProblem(current().course.solutionPolicy, chunks);
      if (problem) this.error(problem);
    },
  };
}
