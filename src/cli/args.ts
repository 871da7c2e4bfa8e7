import { parseArgs } from 'node:util';
import { RUN_SEED_PATTERN } from '../core/run-seed.ts';
import { UsageError } from './usage-error.ts';

export const FORMAT = { text: 'text', json: 'json', junit: 'junit' } as const;
export type Format = (typeof FORMAT)[keyof typeof FORMAT];

export const USAGE =
  'npm run grade -- <file-or-folder>... [--problem <slug>] [--format text|json|junit] [--seed <seed>]';

export type Command =
  | { readonly kind: 'help' }
  | {
      readonly kind: 'grade';
      /** Files and folders, in the order given. */
      readonly paths: readonly string[];
      /** null: infer it, which works while there is only one problem. */
      readonly problem: string | null;
      readonly format: Format;
      /** null: draw a fresh one for this run. */
      readonly seed: string | null;
    };

const FORMATS: readonly string[] = Object.values(FORMAT);

function isFormat(value: string): value is Format {
  return FORMATS.includes(value);
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
        format: { type: 'string', default: FORMAT.text },
        seed: { type: 'string' },
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
  const format = values.format;
  if (!isFormat(format)) {
    throw new UsageError(`unknown format '${format}': use ${FORMATS.join(', ')}`);
  }
  const seed = values.seed ?? null;
  if (seed !== null && !RUN_SEED_PATTERN.test(seed)) {
    throw new UsageError(
      `invalid seed '${seed}': a seed is 1 to 64 lower-case letters, digits and '-', not starting with '-' (as a report prints it)`,
    );
  }
  if (positionals.length === 0) throw new UsageError(`no file or folder to grade (usage: ${USAGE})`);
  return { kind: 'grade', paths: positionals, problem: values.problem ?? null, format, seed };
}
