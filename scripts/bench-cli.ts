/**
 * The command-line grader's part of `npm run bench`: how many submissions per second `npm run grade` gets
 * through on this machine for a folder of typical ones, and what a sandbox thread costs to start.
 *
 * - Throughput: a folder of SUBMISSIONS files, the problem's fixtures (passing and failing, none that times
 *   out) and its reference solution over and over, graded by the real command as an instructor runs it,
 *   from process start to exit; the median over the rounds.
 * - Startup: one sandbox thread at a time, from `new Worker` to its 'ready' (tfjs loaded, realm locked
 *   down), with and without V8's cached code for the bundle.
 * - The bundle: its size, and how long a build from scratch takes.
 *
 * The machine may be shared: the load average is printed with the figures.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JsonResults } from '../src/cli/formats/json.ts';
import { cacheDir, loadOrBuild, sandboxBundle, type SandboxBundle } from '../src/cli/sandbox-bundle.ts';
import { SandboxThread } from '../src/cli/sandbox-pool.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const PROBLEM = 'fixed-point-sqrt';
export const SUBMISSIONS = 100;
/** Startup samples per variant, one thread at a time. */
const STARTUP_SAMPLES = 15;

export type CliRound = { wallMs: number; perSecond: number; verdicts: Record<string, number> };
export type CliBench = {
  submissions: number;
  cores: number;
  rounds: CliRound[];
  perSecond: number;
  wallMs: number;
  startupMs: { cached: number; uncached: number };
  bundle: { bytes: number; buildMs: number; codeCacheBytes: number };
  loadAverage: { before: number; after: number };
};

/** SUBMISSIONS typical files: every fixture that does not time out and the reference solution, in turn. */
async function typicalFolder(): Promise<string> {
  const fixtures = join(ROOT, 'src', 'problems', PROBLEM, 'fixtures');
  const sources: { name: string; source: string }[] = [];
  for (const name of (await readdir(fixtures)).filter((file) => file.endsWith('.ts')).sort()) {
    const source = await readFile(join(fixtures, name), 'utf8');
    if (!/^\/\/ @expect timeout/.test(source)) sources.push({ name, source });
  }
  sources.push({ name: 'solution.ts', source: await readFile(join(ROOT, 'src', 'problems', PROBLEM, 'solution.ts'), 'utf8') });
  const folder = await mkdtemp(join(tmpdir(), 'implicit-kata-bench-'));
  for (let index = 0; index < SUBMISSIONS; index++) {
    const { name, source } = sources[index % sources.length]!;
    await writeFile(join(folder, `${String(index).padStart(3, '0')}-${name}`), source);
  }
  return folder;
}

/** One `npm run grade` of the folder, as a child process, timed from spawn to exit. */
function gradeOnce(folder: string): Promise<CliRound> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/grade.ts', folder, '--format', 'json', '--seed', 'bench'], {
      cwd: ROOT,
      env: { ...process.env, INIT_CWD: ROOT },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      if (code !== 0 && code !== 1) return reject(new Error(`npm run grade exited with ${code}: ${stderr.slice(-500)}`));
      const { results } = JSON.parse(stdout) as JsonResults;
      if (results.length !== SUBMISSIONS) return reject(new Error(`graded ${results.length} of ${SUBMISSIONS} submissions`));
      const verdicts: Record<string, number> = {};
      for (const result of results) verdicts[result.verdict] = (verdicts[result.verdict] ?? 0) + 1;
      if (verdicts.timeout) return reject(new Error(`${verdicts.timeout} typical submissions timed out: the machine is too busy`));
      resolve({ wallMs, perSecond: (SUBMISSIONS / wallMs) * 1000, verdicts });
    });
  });
}

/** ms from `new Worker` to 'ready' for one thread at a time. */
async function startupMs(bundle: SandboxBundle, samples: number): Promise<number> {
  const times: number[] = [];
  for (let sample = 0; sample < samples; sample++) {
    const thread = new SandboxThread(bundle);
    // An idle thread does not hold the process open: this timer does, while it starts.
    const keepAlive = setInterval(() => undefined, 1000);
    await thread.whenStarted();
    clearInterval(keepAlive);
    if (thread.startupMs === null) throw new Error('a sandbox thread did not start');
    times.push(thread.startupMs);
    thread.dispose();
  }
  return median(times);
}

export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return Number.isInteger(middle) ? ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2 : (sorted[Math.floor(middle)] ?? NaN);
}

export async function benchCli(rounds: number, log: (line: string) => void): Promise<CliBench> {
  const before = loadavg()[0] ?? NaN;
  // A build from scratch, in a folder of its own, for its time and size; then the bundle the grader uses,
  // so that no round pays for a build.
  const scratch = await mkdtemp(join(tmpdir(), 'implicit-kata-bundle-'));
  let fresh: SandboxBundle;
  try {
    fresh = await loadOrBuild(scratch);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  const bundle = await sandboxBundle();
  log('cli: thread startup');
  const uncached = await startupMs({ ...bundle, cachedData: undefined }, STARTUP_SAMPLES);
  // The grader's own bundle has its compiled code once a grader has run: the first round makes it if need be.
  const folder = await typicalFolder();
  const results: CliRound[] = [];
  try {
    for (let round = 1; round <= rounds; round++) {
      log(`cli: round ${round}/${rounds}, ${SUBMISSIONS} submissions`);
      results.push(await gradeOnce(folder));
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  const cachedBundle = await loadOrBuild(cacheDir());
  const cached = await startupMs(cachedBundle, STARTUP_SAMPLES);
  const wallMs = median(results.map((round) => round.wallMs));
  return {
    submissions: SUBMISSIONS,
    cores: availableParallelism(),
    rounds: results,
    perSecond: (SUBMISSIONS / wallMs) * 1000,
    wallMs,
    startupMs: { cached, uncached },
    bundle: { bytes: Buffer.byteLength(fresh.code), buildMs: fresh.buildMs, codeCacheBytes: cachedBundle.cachedData?.byteLength ?? 0 },
    loadAverage: { before, after: loadavg()[0] ?? NaN },
  };
}

export function formatCliBench(bench: CliBench): string {
  const perSecond = bench.rounds.map((round) => round.perSecond.toFixed(1)).join(', ');
  const verdicts = Object.entries(bench.rounds[0]?.verdicts ?? {})
    .map(([verdict, count]) => `${count} ${verdict}`)
    .join(', ');
  return [
    `Command-line grader: npm run grade on ${bench.submissions} typical submissions (${verdicts}), ${bench.cores} cores`,
    '',
    `  throughput        ${bench.perSecond.toFixed(1)} submissions/s (median of ${bench.rounds.length}: ${perSecond})`,
    `  wall time         ${(bench.wallMs / 1000).toFixed(1)} s, from process start to exit`,
    `  thread startup    ${bench.startupMs.cached.toFixed(0)} ms to 'ready' with V8's cached code, ${bench.startupMs.uncached.toFixed(0)} ms without`,
    `  sandbox bundle    ${(bench.bundle.bytes / 1e6).toFixed(2)} MB, built in ${(bench.bundle.buildMs / 1000).toFixed(2)} s; cached code ${(bench.bundle.codeCacheBytes / 1e6).toFixed(2)} MB`,
    `  load average      ${bench.loadAverage.before.toFixed(2)} before, ${bench.loadAverage.after.toFixed(2)} after`,
  ].join('\n');
}
