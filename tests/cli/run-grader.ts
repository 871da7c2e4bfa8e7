/** Spawns the real command-line grader, as an instructor or a CI job would, and collects what it prints. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { JsonResults } from '../../src/cli/formats/json.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export type Run = { readonly code: number | null; readonly stdout: string; readonly stderr: string };

export function grade(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/grade.ts', ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export function parseResults(stdout: string): JsonResults {
  // JSON.parse throws on anything after the document: one document, nothing else.
  return JSON.parse(stdout) as JsonResults;
}

