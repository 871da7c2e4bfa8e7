/**
 * The command-line sandbox's thread code as one script: sandbox-thread.ts and everything it imports (the
 * worker's measuring code, tfjs-core with its gradients and the cpu backend, SES, Sucrase, valibot...),
 * bundled with esbuild, so that a thread compiles one file instead of loading TypeScript through tsx.
 *
 * Built on demand, the first time the grader needs it after a change to any of its inputs, into
 * `node_modules/.cache/implicit-kata/` (or `$IMPLICIT_KATA_CACHE_DIR`): `npm run grade` and the tests
 * always run a bundle that matches the sources, with no build step of their own. A manifest lists every
 * file esbuild read with its size and mtime; the bundle is rebuilt when one of them differs, or when the
 * bundle does not hash to its name. V8's compiled code for the bundle is kept next to it (`vm.Script`
 * cached data, made by a thread that has run a warm-up submission, see sandbox-pool.ts), which saves each
 * thread most of its compile time. A cache that cannot be written costs speed only: the bundle is then
 * built in memory by every process.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import type * as Esbuild from 'esbuild';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ENTRY = fileURLToPath(new URL('./sandbox-thread.ts', import.meta.url));

/** Bump when the manifest's shape or the bundle's calling convention changes. */
const BUNDLE_FORMAT = 1;

/**
 * The bundle is the body of `function (require) { ... }`, run with the thread's own `require` for Node's
 * built-ins. Strict, as the ES modules it is made of are (and as the page's bundle is): after lockdown, a
 * write to a frozen object must throw, not fail silently.
 */
const WRAPPER_START = "(function (require) {'use strict';\n";
const WRAPPER_END = '\n})';

export type SandboxBundle = {
  /** A script whose completion value is `function (require)`, which starts the sandbox in this thread. */
  readonly code: string;
  /** Where the bundle is (or would be) on disk: the name stack traces give it. */
  readonly filename: string;
  /** V8's compiled code for `code` under this Node, if a previous thread has saved it. */
  cachedData: Uint8Array | undefined;
  /** Keeps `data` as the compiled code for later threads and later processes. */
  saveCachedData(data: Uint8Array): void;
  /** How long this process spent building the bundle (0 when it was already fresh on disk). */
  readonly buildMs: number;
};

type Manifest = {
  readonly format: number;
  readonly esbuild: string;
  readonly bundle: string;
  /** [absolute path, size, mtimeMs] of every file the bundle was made from. */
  readonly inputs: readonly (readonly [string, number, number])[];
};

let loaded: Promise<SandboxBundle> | undefined;

/** The bundle, fresh: read from the cache, or built once per process when the cache is stale. */
export function sandboxBundle(): Promise<SandboxBundle> {
  loaded ??= loadOrBuild(cacheDir());
  return loaded;
}

export function cacheDir(): string {
  return process.env.IMPLICIT_KATA_CACHE_DIR || join(PROJECT_ROOT, 'node_modules', '.cache', 'implicit-kata');
}

/** One manifest per checkout: worktrees that share a node_modules do not rebuild each other's bundle. */
function manifestPath(dir: string): string {
  const checkout = createHash('sha256').update(PROJECT_ROOT).digest('hex').slice(0, 12);
  return join(dir, `sandbox-thread-${checkout}.json`);
}

/** Compiled code is V8's own format: one file per V8 version and architecture. */
function codeCachePath(bundlePath: string): string {
  return `${bundlePath}.v8-${process.versions.v8}-${process.arch}.cache`;
}

/**
 * Whether V8 takes `cachedData` for `code` here (it refuses code compiled under other flags, for one). The
 * threads share this process's V8 flags, so what this thread accepts they do: a check of a few ms, once.
 */
function acceptsCodeCache(code: string, cachedData: Uint8Array): boolean {
  return !new Script(code, { cachedData }).cachedDataRejected;
}

export async function loadOrBuild(dir: string): Promise<SandboxBundle> {
  const fresh = readFresh(dir);
  if (fresh) return withCodeCache(fresh.code, fresh.path, 0);
  const started = performance.now();
  const built = await build();
  const buildMs = performance.now() - started;
  const path = join(dir, built.name);
  writeAtomically(dir, built);
  return withCodeCache(built.code, path, buildMs);
}

/** The bundle on disk, if its manifest names the esbuild and the inputs of now. */
function readFresh(dir: string): { code: string; path: string } | null {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath(dir), 'utf8')) as Manifest;
  } catch {
    return null;
  }
  if (manifest.format !== BUNDLE_FORMAT || manifest.esbuild !== esbuildVersion()) return null;
  for (const [file, size, mtimeMs] of manifest.inputs) {
    try {
      const stat = statSync(file);
      if (stat.size !== size || stat.mtimeMs !== mtimeMs) return null;
    } catch {
      return null;
    }
  }
  const path = join(dir, manifest.bundle);
  try {
    const code = readFileSync(path, 'utf8');
    return bundleName(code) === manifest.bundle ? { code, path } : null;
  } catch {
    return null;
  }
}

/** Named by its content: a bundle that is not whole, or not the one the manifest meant, is not used. */
function bundleName(code: string): string {
  return `sandbox-thread-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.cjs`;
}

function withCodeCache(code: string, path: string, buildMs: number): SandboxBundle {
  const cachePath = codeCachePath(path);
  let cachedData: Uint8Array | undefined;
  try {
    cachedData = buildMs === 0 ? readFileSync(cachePath) : undefined;
  } catch {
    cachedData = undefined;
  }
  // Refused, it would cost every thread a compile from source: better make a new one.
  if (cachedData && !acceptsCodeCache(code, cachedData)) cachedData = undefined;
  return {
    code,
    filename: path,
    cachedData,
    saveCachedData(data) {
      this.cachedData = data;
      try {
        const temporary = `${cachePath}.${process.pid}.tmp`;
        writeFileSync(temporary, data);
        renameSync(temporary, cachePath);
      } catch {
        // A read-only cache: this process keeps the compiled code in memory.
      }
    },
    buildMs,
  };
}

type Built = { code: string; name: string; inputs: Manifest['inputs'] };

let esbuildModule: typeof Esbuild | undefined;

/** esbuild comes with tsx, a dependency of the grader's: no install of its own. */
function esbuild(): typeof Esbuild {
  const fromTsx = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'));
  esbuildModule ??= fromTsx('esbuild') as typeof Esbuild;
  return esbuildModule;
}

function esbuildVersion(): string {
  const fromTsx = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'));
  return (JSON.parse(readFileSync(fromTsx.resolve('esbuild/package.json'), 'utf8')) as { version: string }).version;
}

async function build(): Promise<Built> {
  const result = await esbuild().build({
    entryPoints: [ENTRY],
    absWorkingDir: PROJECT_ROOT,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // The ES module builds, as the page's bundle takes: tfjs-core's Node build (`main`) is a second copy
    // of the engine beside the ES modules that its gradients and chained ops are imported from.
    mainFields: ['module', 'main'],
    banner: { js: WRAPPER_START },
    footer: { js: WRAPPER_END },
    legalComments: 'none',
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild wrote no sandbox bundle');
  const code = output.text;
  // This file decides how the bundle is built, and the lockfile what node_modules holds: both count.
  const extra = [fileURLToPath(import.meta.url), join(PROJECT_ROOT, 'package-lock.json')];
  const files = [...Object.keys(result.metafile.inputs).map((input) => join(PROJECT_ROOT, input)), ...extra];
  const inputs = files.flatMap((file): [string, number, number][] => {
    try {
      const stat = statSync(file);
      return [[file, stat.size, stat.mtimeMs]];
    } catch {
      return [];
    }
  });
  return { code, name: bundleName(code), inputs };
}

/** Bundle first, manifest last, each renamed into place: a reader sees an old pair or a new one, whole. */
function writeAtomically(dir: string, built: Built): void {
  try {
    mkdirSync(dir, { recursive: true });
    const bundlePath = join(dir, built.name);
    const manifestFile = manifestPath(dir);
    let previous: string | null = null;
    try {
      previous = (JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest).bundle;
    } catch {
      previous = null;
    }
    const suffix = `.${process.pid}.tmp`;
    writeFileSync(bundlePath + suffix, built.code);
    renameSync(bundlePath + suffix, bundlePath);
    const manifest: Manifest = { format: BUNDLE_FORMAT, esbuild: esbuildVersion(), bundle: built.name, inputs: built.inputs };
    writeFileSync(manifestFile + suffix, JSON.stringify(manifest));
    renameSync(manifestFile + suffix, manifestFile);
    // The bundle this checkout used before, and its compiled code: running graders hold theirs in memory.
    if (previous && previous !== built.name) {
      for (const name of readdirSync(dir)) if (name.startsWith(previous)) rmSync(join(dir, name), { force: true });
    }
  } catch {
    // A read-only cache: this process uses the bundle from memory.
  }
}
