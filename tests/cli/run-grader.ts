/** Spawns the real command-line grader, as an instructor or a CI job would, and collects what it prints. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { JsonResults } from '../../src/cli/formats/json.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export type Run = {
  readonly code: number | null;
  readonly stdout: string;
  /** Everything the grader wrote to stderr but its progress lines. */
  readonly stderr: string;
  /** The progress lines it wrote to stderr (not a terminal): the count and seed, then one per submission. */
  readonly progress: readonly string[];
};

/** How the grader reports progress when stderr is not a terminal (src/cli/progress.ts). */
const PROGRESS_LINE = /^(grading \d+ submissions? with seed [0-9a-z-]+|graded \d+\/\d+ {2}(passed|failed|error|timeout) *  .+)$/;

export type SpawnOptions = {
  /** Where the command runs: the repository's root by default, as `npm run` would run it. */
  readonly cwd?: string;
  /** INIT_CWD, where `npm run` says the command was typed: the repository's root by default. */
  readonly initCwd?: string;
  /** The program and its first arguments: the grader through tsx by default. */
  readonly command?: readonly string[];
  /** The environment, instead of this process's (INIT_CWD is still set as above). */
  readonly env?: NodeJS.ProcessEnv;
};

export function grade(...args: string[]): Promise<Run> {
  return gradeWith({}, ...args);
}

export function gradeWith(options: SpawnOptions, ...args: string[]): Promise<Run> {
  const [program = process.execPath, ...programArgs] = options.command ?? [process.execPath, '--import', 'tsx', 'src/cli/grade.ts'];
  // INIT_CWD set explicitly: the test runner may itself have been started by `npm` from another directory.
  const env = { ...(options.env ?? process.env), INIT_CWD: options.initCwd ?? ROOT };
  return new Promise((resolve, reject) => {
    const child = spawn(program, [...programArgs, ...args], { cwd: options.cwd ?? ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = stderr.split('\n');
      resolve({
        code,
        stdout,
        stderr: lines.filter((line) => !PROGRESS_LINE.test(line)).join('\n'),
        progress: lines.filter((line) => PROGRESS_LINE.test(line)),
      });
    });
  });
}

export function parseResults(stdout: string): JsonResults {
  // JSON.parse throws on anything after the document: one document, nothing else.
  return JSON.parse(stdout) as JsonResults;
}
