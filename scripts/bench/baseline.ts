/**
 * bench/baseline.json: the figures of a reference run (each timing's median, the bytes by phase, the blocking
 * time, the second visit...), so that every run prints its ratio to them and a regression shows in review.
 * `npm run bench -- --write-baseline` rewrites it from the run; `--baseline-note` says why.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BASELINE_FILE = fileURLToPath(new URL('../../bench/baseline.json', import.meta.url));

export type Baseline = {
  date: string;
  note: string;
  machine: string;
  chromium: string;
  settings: Record<string, unknown>;
  /** Figure id (as BENCH_JSON's `figures` names it) to its value: ms, bytes, counts or a score. */
  figures: Record<string, number>;
};

export function readBaseline(): Baseline | null {
  if (!existsSync(BASELINE_FILE)) return null;
  return JSON.parse(readFileSync(BASELINE_FILE, 'utf8')) as Baseline;
}

export function machineNote(): string {
  const cpu = cpus();
  return `${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${process.platform}, Node ${process.versions.node}, load average ${loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')}`;
}

export function writeBaseline(baseline: Baseline): void {
  mkdirSync(dirname(BASELINE_FILE), { recursive: true });
  writeFileSync(BASELINE_FILE, `${JSON.stringify(baseline, null, 2)}\n`);
}
