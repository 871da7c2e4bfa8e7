import { parseArgs } from 'node:util';
import { RUN_SEED_PATTERN } from '../core/run-seed.ts';
import { UsageError } from './usage-error.ts';

export const FORMAT = { text: 'text', json: 'json', junit: 'junit', classroom: 'classroom' } as const;
export type Format = (typeof FORMAT)[keyof typeof FORMAT];

export const USAGE =
  'npm run grade -- <file-or-folder>... [--problem <slug>] [--format <format>[=<file>]]... [--seed <seed>] [--list]';

/** One report to write: on stdout (`file` null) or into a file, relative to where the command was typed. */
export type ReportTarget = { readonly format: Format; readonly file: string | null };

export type Command =
  | { readonly kind: 'help' }
  /** `--list`: the problems the grader knows, in text or JSON on stdout. */
  | { readonly kind: 'list'; readonly format: typeof FORMAT.text | typeof FORMAT.json }
  | {
      readonly kind: 'grade';
      /** Files and folders, in the order given. */
      readonly paths: readonly string[];
      /** null: choose per file (a `// problem:` line, or what the file exports). */
      readonly problem: string | null;
      /** At least one; at most one on stdout; no file twice. */
      readonly reports: readonly ReportTarget[];
      /** null: draw a fresh one for this run. */
      readonly seed: string | null;
    };

const FORMATS: readonly string[] = Object.values(FORMAT);

function isFormat(value: string): value is Format {
  return FORMATS.includes(value);
}

/** `json` or `json=results.json`: a format, and the file it goes to if any. */
function parseReportTarget(value: string): ReportTarget {
  const separator = value.indexOf('=');
  const name = separator < 0 ? value : value.slice(0, separator);
  const file = separator < 0 ? null : value.slice(separator + 1);
  if (!isFormat(name)) throw new UsageError(`unknown format '${name}': use ${FORMATS.join(', ')}`);
  if (file === '') throw new UsageError(`--format ${name}= names no file: write --format ${name}=<file>, or --format ${name} for stdout`);
  return { format: name, file };
}

/** Reads the command line (without `node` and the script). Throws `UsageError` with a one-line reason. */
export function parseCommand(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        problem: { type: 'string' },
        format: { type: 'string', multiple: true },
        seed: { type: 'string' },
        list: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    // parseArgs explains at length how to pass a positional that starts with '-': keep its first sentence.
    const reason = error instanceof Error ? (error.message.split(/\.\s/)[0] ?? error.message) : String(error);
    throw new UsageError(`${reason} (usage: ${USAGE})`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  const reports = (values.format ?? [FORMAT.text]).map(parseReportTarget);
  const onStdout = reports.filter((report) => report.file === null);
  if (onStdout.length > 1) {
    throw new UsageError(
      `only one report can go to stdout (--format ${onStdout.map((report) => report.format).join(', --format ')}): send the others to files with --format <format>=<file>`,
    );
  }
  const files = reports.flatMap((report) => (report.file === null ? [] : [report.file]));
  const twice = files.find((file, index) => files.indexOf(file) !== index);
  if (twice !== undefined) throw new UsageError(`two reports would be written to '${twice}'`);

  if (values.list) {
    const [report, ...others] = reports;
    if (positionals.length > 0) throw new UsageError('--list takes no file or folder: it lists the problems');
    if (others.length > 0 || !report || report.file !== null || (report.format !== FORMAT.text && report.format !== FORMAT.json)) {
      throw new UsageError('--list prints text (the default) or, with --format json, JSON, on stdout');
    }
    return { kind: 'list', format: report.format };
  }

  const seed = values.seed ?? null;
  if (seed !== null && !RUN_SEED_PATTERN.test(seed)) {
    throw new UsageError(
      `invalid seed '${seed}': a seed is 1 to 64 lower-case letters, digits and '-', not starting with '-' (as a report prints it)`,
    );
  }
  if (positionals.length === 0) throw new UsageError(`no file or folder to grade (usage: ${USAGE})`);
  return { kind: 'grade', paths: positionals, problem: values.problem ?? null, reports, seed };
}
