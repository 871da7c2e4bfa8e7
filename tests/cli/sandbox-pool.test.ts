/**
 * The command-line sandbox's speed-ups keep its guarantees: the bundle always matches its sources, a thread
 * started ahead of need still runs one submission in a realm of its own, a thread that fails to start is
 * reported as before, and threads waiting in the pool never keep the grader from exiting.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunEnd } from '../../src/core/outcome.ts';
import type { Plan } from '../../src/core/plan.ts';
import { loadOrBuild, sandboxBundle, type SandboxBundle } from '../../src/cli/sandbox-bundle.ts';
import { SandboxThread } from '../../src/cli/sandbox-pool.ts';
import { closeSandboxes } from '../../src/cli/sandbox.ts';
import { measureInSandbox } from '../support/sandbox.ts';
import { ROOT } from './run-grader.ts';

const plan: Plan = {
  entry: 'f',
  factory: false,
  seed: 'test',
  probes: [{ id: 'forward', kind: 'forward', label: 'f(x)', args: [{ shape: [2], values: [4, 9] }] }],
};

afterAll(() => closeSandboxes());

describe('the sandbox bundle', () => {
  it('is built on demand, reused while its inputs are unchanged, and rebuilt when one changes or it is not whole', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'implicit-kata-bundle-test-'));
    try {
      const first = await loadOrBuild(dir);
      expect(first.buildMs).toBeGreaterThan(0);
      expect(first.code).toMatch(/^\(function \(require\) \{'use strict';/);
      const again = await loadOrBuild(dir);
      expect({ buildMs: again.buildMs, same: again.code === first.code, file: again.filename }).toEqual({
        buildMs: 0,
        same: true,
        file: first.filename,
      });

      // As if harden.ts had been saved since: the manifest no longer names the file as it is.
      const [manifestFile] = readdirSync(dir).filter((name) => name.endsWith('.json'));
      const manifestPath = join(dir, manifestFile!);
      const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { inputs: [string, number, number][] };
      const harden = manifest.inputs.find(([file]) => file.endsWith('src/worker/harden.ts'));
      expect(harden).toBeDefined();
      harden![2] -= 1000;
      await writeFile(manifestPath, JSON.stringify(manifest));
      const rebuilt = await loadOrBuild(dir);
      expect(rebuilt.buildMs).toBeGreaterThan(0);

      // A bundle cut short (or changed) no longer hashes to its name.
      await writeFile(rebuilt.filename, rebuilt.code.slice(0, 1000));
      expect((await loadOrBuild(dir)).buildMs).toBeGreaterThan(0);
      expect((await loadOrBuild(dir)).buildMs).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("keeps V8's compiled code only while V8 accepts it", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'implicit-kata-bundle-test-'));
    try {
      const built = await loadOrBuild(dir);
      expect(built.cachedData).toBeUndefined();
      built.saveCachedData(new Uint8Array([1, 2, 3, 4]));
      expect((await loadOrBuild(dir)).cachedData).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

/** What ends a thread's run, started with a bundle of `code`. */
function endOf(bundle: SandboxBundle): Promise<RunEnd> {
  const thread = new SandboxThread(bundle);
  return new Promise<RunEnd>((resolve) => {
    thread.start({ type: 'run', seq: 1, source: '', plan }, { onMessage: () => undefined, onEnd: resolve }, () => undefined);
  }).finally(() => thread.dispose());
}

describe('the sandbox pool', () => {
  it('reports a thread that fails or exits while starting as a crash, as a thread of its own was', async () => {
    const real = await sandboxBundle();
    const broken = (code: string): SandboxBundle => ({ ...real, code, cachedData: undefined });
    expect(await endOf(broken("(function (require) { throw new Error('no tfjs here'); })"))).toEqual({
      kind: 'crashed',
      reason: 'the sandbox failed: no tfjs here',
    });
    expect(await endOf(broken('(function (require) { process.exit(3); })'))).toEqual({
      kind: 'crashed',
      reason: 'the sandbox exited with code 3 while starting',
    });
  }, 30_000);

  it('gives every submission a realm of its own, however many threads wait warm', async () => {
    // Each run leaks tensors on purpose: a thread that had run another submission would count them.
    const source = [
      "import * as tf from '@tensorflow/tfjs';",
      'const before = tf.memory().numTensors;',
      'for (let i = 0; i < 50; i++) tf.scalar(i);',
      "console.log(String(before), typeof (globalThis as { leaked?: unknown }).leaked);",
      '(globalThis as { leaked?: unknown }).leaked = true;',
      'export const f = (x: tf.Tensor) => x.mul(x);',
    ].join('\n');
    const runs = await Promise.all(Array.from({ length: 6 }, () => measureInSandbox(source, plan)));
    const printed = runs.map((run) => run.console.lines.map((line) => line.text));
    expect(new Set(printed.map((lines) => lines.join('|'))).size).toBe(1);
    expect(printed[0]?.[0]).toMatch(/^\d+ undefined$/);
    for (const run of runs) expect(run.end).toEqual({ kind: 'complete' });
  }, 60_000);

  it('leaves no thread that keeps the process from exiting once the last run is over', async () => {
    const script = [
      "const { runInSandbox } = await import('./src/cli/sandbox.ts');",
      `const plan = ${JSON.stringify(plan)};`,
      "const source = \"import * as tf from '@tensorflow/tfjs';\\nconsole.warn('to stderr?');\\nexport const f = (x: tf.Tensor) => x;\";",
      'const outcome = await runInSandbox({ source, plan, timeLimitMs: 10000 });',
      'console.log(outcome.end.kind);',
    ].join('\n');
    const started = Date.now();
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
      child.on('error', reject);
      const killer = setTimeout(() => child.kill(), 30_000);
      child.on('close', (exitCode) => {
        clearTimeout(killer);
        resolve({ code: exitCode, stdout: out });
      });
    });
    expect({ code, stdout: stdout.trim() }).toEqual({ code: 0, stdout: 'complete' });
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 40_000);
});
