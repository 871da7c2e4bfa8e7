/**
 * The benchmark's baseline (`npm run bench -- --naive`): bench/naive/, the first kata built the straightforward
 * way (full Monaco through @monaco-editor/react, full tfjs with its default backend, react-markdown + KaTeX at
 * run time, eval in a fresh worker per Run). It is a project of its own, with its own package.json, lockfile and
 * node_modules, so that none of it reaches the kata's `npm ci` or `npm test`; it is installed the first time it
 * is built. `tsx scripts/naive-build.ts` builds it and prints its dist directory.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NAIVE_DIR = fileURLToPath(new URL('../bench/naive/', import.meta.url));
export const NAIVE_DIST_DIR = join(NAIVE_DIR, 'dist');

/** Runs a command to its end, handing each line it prints to `log`; rejects unless it exits with 0. */
function run(command: string, args: string[], cwd: string, log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) log(line);
    };
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} (in ${cwd}) ended with ${signal ?? `exit code ${code}`}`));
    });
  });
}

/**
 * Installs bench/naive's dependencies if its node_modules are missing, builds it with its own Vite (production
 * mode, `base: './'`) and resolves to its dist directory (absolute). Every build starts from an empty dist/.
 */
export async function buildNaiveSite(log: (line: string) => void): Promise<string> {
  if (!existsSync(join(NAIVE_DIR, 'node_modules'))) {
    log('naive build: installing its dependencies (npm ci --prefix bench/naive)');
    await run('npm', ['ci', '--prefix', NAIVE_DIR, '--no-audit', '--no-fund'], NAIVE_DIR, log);
  }
  const vite = join(NAIVE_DIR, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(vite)) throw new Error(`${vite} is missing: delete bench/naive/node_modules and build again`);
  // Warnings and errors only: the bench measures the files itself, Vite's table of them would be noise.
  log('naive build: vite build (bench/naive)');
  await run(process.execPath, [vite, 'build', '--emptyOutDir', '--logLevel', 'warn'], NAIVE_DIR, log);
  return NAIVE_DIST_DIR;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dist = await buildNaiveSite((line) => process.stderr.write(`${line}\n`));
  process.stdout.write(`${dist}\n`);
}
