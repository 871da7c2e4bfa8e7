import { capText, MEASUREMENT_LIMITS } from '../core/limits.ts';
import type { ConsoleLevel } from '../core/measurements.ts';
import { withoutReadbackCounting } from './engine-watch.ts';

/** What a run keeps of the learner's console: enough to debug, never enough to flood the page. */
export const CONSOLE_MAX_LINES = 200;
export const CONSOLE_MAX_LINE_CHARS = MEASUREMENT_LIMITS.consoleLineChars;

export type ConsoleSink = {
  line(level: ConsoleLevel, text: string): void;
  /** The running count of dropped lines: called at the first drop, and by whoever ends the run. */
  dropped(count: number): void;
};

/** The console API a learner reaches for; everything it prints lands in the capped capture. */
export type LearnerConsole = Pick<
  Console,
  | ConsoleLevel
  | 'trace'
  | 'dir'
  | 'dirxml'
  | 'table'
  | 'assert'
  | 'count'
  | 'countReset'
  | 'group'
  | 'groupCollapsed'
  | 'groupEnd'
  | 'time'
  | 'timeEnd'
  | 'timeLog'
  | 'clear'
>;

export type CapturedConsole = {
  /** The object the learner's code sees as `console`. */
  readonly console: LearnerConsole;
  /** Lines not passed on because the cap was reached. */
  droppedLines(): number;
};

const LEVELS: readonly ConsoleLevel[] = ['log', 'info', 'warn', 'error', 'debug'];

/** Formats console arguments the way a browser console shows them, compactly; tensors print their values. */
export function formatConsoleArgs(args: readonly unknown[]): string {
  return args.map((arg) => formatArg(arg)).join(' ');
}

function formatArg(arg: unknown): string {
  try {
    if (typeof arg === 'string') return arg;
    if (arg instanceof Error) return `${arg.name}: ${arg.message}`;
    if (typeof arg === 'object' && arg !== null) {
      // A tf.Tensor's own toString prints its shape, dtype and values.
      const tensorLike = arg as { dataSync?: unknown; toString(): string };
      // Printing a tensor reads it back; that is the console's doing, not a read-back of the learner's.
      if (typeof tensorLike.dataSync === 'function') return withoutReadbackCounting(() => tensorLike.toString());
      if (ArrayBuffer.isView(arg)) return `${arg.constructor.name} [${Array.from(arg as unknown as ArrayLike<number>).join(', ')}]`;
      return JSON.stringify(arg, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value)) ?? String(arg);
    }
    return String(arg);
  } catch {
    return '[value that cannot be shown]';
  }
}

/** How deep console.group nests its lines' indentation, at most. */
const MAX_GROUP_DEPTH = 32;
/** console.table shows at most this many rows and columns; the rest is counted in a last line. */
const TABLE_MAX_ROWS = 50;
const TABLE_MAX_COLUMNS = 20;

/**
 * The learner's console: every method of the console API that prints, printing through one capped writer
 * (the group's indentation included), so that no method floods the page. `now` is the clock of
 * console.time.
 */
export function captureConsole(sink: ConsoleSink, now: () => number = () => performance.now()): CapturedConsole {
  let kept = 0;
  let dropped = 0;
  let depth = 0;
  const drop = () => {
    dropped++;
    if (dropped === 1) sink.dropped(dropped);
  };
  const writeText = (level: ConsoleLevel, text: string) => {
    if (kept >= CONSOLE_MAX_LINES) return drop();
    kept++;
    const indented = depth > 0 ? `${'  '.repeat(depth)}${text}` : text;
    sink.line(level, capText(indented, CONSOLE_MAX_LINE_CHARS));
  };
  // Past the cap a line is counted, never formatted: a loop that logs millions of lines costs the learner's
  // time limit almost nothing, and leaves the cores to the page.
  const write = (level: ConsoleLevel, args: unknown[]) =>
    kept >= CONSOLE_MAX_LINES ? drop() : writeText(level, formatConsoleArgs(args));
  const counts = new Map<string, number>();
  const timers = new Map<string, number>();
  const labelOf = (label: unknown) => (label === undefined ? 'default' : String(label));
  const elapsed = (label: string, start: number) => `${label}: ${Math.round((now() - start) * 1000) / 1000} ms`;
  const methods: LearnerConsole = {
    ...(Object.fromEntries(LEVELS.map((level) => [level, (...args: unknown[]) => write(level, args)])) as Pick<Console, ConsoleLevel>),
    trace: (...args: unknown[]) => write('log', ['Trace:', ...args]),
    dir: (item?: unknown) => write('log', [item]),
    dirxml: (...args: unknown[]) => write('log', args),
    table: (data?: unknown, columns?: readonly string[]) => {
      for (const line of formatTable(data, columns)) writeText('log', line);
    },
    assert: (condition?: boolean, ...args: unknown[]) => {
      if (!condition) write('error', args.length > 0 ? ['Assertion failed:', ...args] : ['Assertion failed']);
    },
    count: (label?: string) => {
      const name = labelOf(label);
      const count = (counts.get(name) ?? 0) + 1;
      counts.set(name, count);
      writeText('log', `${name}: ${count}`);
    },
    countReset: (label?: string) => {
      const name = labelOf(label);
      if (counts.has(name)) counts.set(name, 0);
      else writeText('warn', `Count for '${name}' does not exist`);
    },
    group: (...args: unknown[]) => {
      if (args.length > 0) write('log', args);
      depth = Math.min(depth + 1, MAX_GROUP_DEPTH);
    },
    groupCollapsed: (...args: unknown[]) => {
      if (args.length > 0) write('log', args);
      depth = Math.min(depth + 1, MAX_GROUP_DEPTH);
    },
    groupEnd: () => {
      depth = Math.max(depth - 1, 0);
    },
    time: (label?: string) => {
      const name = labelOf(label);
      if (timers.has(name)) writeText('warn', `Timer '${name}' already exists`);
      else timers.set(name, now());
    },
    timeLog: (label?: string, ...args: unknown[]) => {
      const name = labelOf(label);
      const start = timers.get(name);
      if (start === undefined) writeText('warn', `Timer '${name}' does not exist`);
      else write('log', [elapsed(name, start), ...args]);
    },
    timeEnd: (label?: string) => {
      const name = labelOf(label);
      const start = timers.get(name);
      if (start === undefined) {
        writeText('warn', `Timer '${name}' does not exist`);
        return;
      }
      timers.delete(name);
      writeText('log', elapsed(name, start));
    },
    // The page's console panel is not the learner's to wipe.
    clear: () => undefined,
  };
  return { console: Object.freeze(methods), droppedLines: () => dropped };
}

/** console.table as text: a header, then one line a row, columns padded and separated by '│'. */
export function formatTable(data: unknown, columns?: readonly string[]): string[] {
  if (typeof data !== 'object' || data === null) return [formatConsoleArgs([data])];
  try {
    const entries = Object.entries(data as Record<string, unknown>);
    const rows = entries.slice(0, TABLE_MAX_ROWS);
    const keys: string[] = [];
    let hasValues = false;
    for (const [, row] of rows) {
      if (typeof row === 'object' && row !== null) {
        for (const key of Object.keys(row)) if (!keys.includes(key) && keys.length < TABLE_MAX_COLUMNS) keys.push(key);
      } else hasValues = true;
    }
    const shown = Array.isArray(columns) ? columns.slice(0, TABLE_MAX_COLUMNS).map(String) : keys;
    const header = ['(index)', ...shown, ...(hasValues ? ['Value'] : [])];
    const cells = rows.map(([index, row]) => {
      const isObject = typeof row === 'object' && row !== null;
      return [
        index,
        ...shown.map((key) => {
          const record = row as Record<string, unknown>;
          return isObject && key in record ? formatCell(record[key]) : '';
        }),
        ...(hasValues ? [isObject ? '' : formatCell(row)] : []),
      ];
    });
    const widths = header.map((title, column) => Math.max(title.length, ...cells.map((cell) => (cell[column] ?? '').length)));
    const line = (cell: readonly string[]) => cell.map((text, column) => text.padEnd(widths[column] ?? 0)).join(' │ ').replace(/[ │]+$/, '');
    const lines = [line(header), ...cells.map(line)];
    if (entries.length > rows.length) lines.push(`… ${entries.length - rows.length} more rows`);
    return lines;
  } catch {
    return ['[value that cannot be shown]'];
  }
}

function formatCell(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : formatArg(value);
}
