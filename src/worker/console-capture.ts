import type { ConsoleLevel } from '../core/measurements.ts';

/** What a run keeps of the learner's console: enough to debug, never enough to flood the page. */
export const CONSOLE_MAX_LINES = 200;
export const CONSOLE_MAX_LINE_CHARS = 2000;

export type ConsoleSink = {
  line(level: ConsoleLevel, text: string): void;
  /** The running count of dropped lines: called at the first drop, and by whoever ends the run. */
  dropped(count: number): void;
};

export type CapturedConsole = {
  /** The object the learner's code sees as `console`. */
  readonly console: Pick<Console, ConsoleLevel>;
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
      if (typeof tensorLike.dataSync === 'function') return tensorLike.toString();
      if (ArrayBuffer.isView(arg)) return `${arg.constructor.name} [${Array.from(arg as unknown as ArrayLike<number>).join(', ')}]`;
      return JSON.stringify(arg, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value)) ?? String(arg);
    }
    return String(arg);
  } catch {
    return '[value that cannot be shown]';
  }
}

export function captureConsole(sink: ConsoleSink): CapturedConsole {
  let kept = 0;
  let dropped = 0;
  const write = (level: ConsoleLevel, args: unknown[]) => {
    if (kept >= CONSOLE_MAX_LINES) {
      dropped++;
      if (dropped === 1) sink.dropped(dropped);
      return;
    }
    kept++;
    const text = formatConsoleArgs(args);
    sink.line(level, text.length > CONSOLE_MAX_LINE_CHARS ? `${text.slice(0, CONSOLE_MAX_LINE_CHARS)}…` : text);
  };
  const methods = Object.fromEntries(
    LEVELS.map((level) => [level, (...args: unknown[]) => write(level, args)]),
  ) as Pick<Console, ConsoleLevel>;
  return { console: Object.freeze(methods), droppedLines: () => dropped };
}
