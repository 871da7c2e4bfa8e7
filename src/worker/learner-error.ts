import { capText, MEASUREMENT_LIMITS as LIMITS } from '../core/limits.ts';
import type { LearnerError } from '../core/measurements.ts';
import { SUBMISSION_URL, TranspileError, type Position } from './transpile.ts';

/**
 * How much of a thrown stack is searched for the learner's frames: its end. A V8 stack starts with the
 * error's name and message, which the learner controls and can make huge; the frames come after them.
 */
const STACK_SCAN_CHARS = 64 * 1024;
/**
 * Past this many characters of name and message, the stack is not searched at all. Any read of a part of the
 * stack makes V8 copy all of it into one flat string first: a tenth of a second for a 32-million-character
 * name (cap-error-name.ts), paid on every probe that throws, against the learner's time limit. Such an error
 * is still shown, cut to size, without its line.
 */
const MAX_HEADER_CHARS_TO_SCAN = 1024 * 1024;
const MAX_FRAMES = 20;

/** Finds `submission.ts:LINE:COL` in V8 ("at f (submission.ts:3:9)") and Firefox ("f@submission.ts:3:9") frames. */
export const FRAME_POSITION = new RegExp(`${SUBMISSION_URL.replace('.', '\\.')}:(\\d+):(\\d+)`);

export type PositionMapper = (generated: Position) => Position;

/**
 * Describes anything the learner's code threw (an Error, a string, an object) as plain data, with the
 * position of the learner's innermost frame mapped back to their TypeScript.
 */
export function toLearnerError(thrown: unknown, mapPosition: PositionMapper | null): LearnerError {
  if (thrown instanceof TranspileError) {
    return {
      name: 'SyntaxError',
      message: capText(thrown.message, LIMITS.errorMessageChars),
      line: thrown.position?.line ?? null,
      column: thrown.position?.column ?? null,
      stack: '',
    };
  }
  const { name, message, stack } = describeThrown(thrown);
  const learnerFrames: string[] = [];
  let first: Position | null = null;
  for (const frame of stack.slice(-STACK_SCAN_CHARS).split('\n')) {
    if (learnerFrames.length >= MAX_FRAMES) break;
    const match = FRAME_POSITION.exec(frame);
    if (!match || !mapPosition) continue;
    const position = safeMap(mapPosition, { line: Number(match[1]), column: Number(match[2]) });
    if (!position) continue;
    first ??= position;
    const functionName = /^\s*at (?:async )?([^\s(]+) \(/.exec(frame)?.[1] ?? /^([^@\s]+)@/.exec(frame)?.[1];
    const where = `line ${position.line}, column ${position.column}`;
    learnerFrames.push(functionName && functionName !== 'eval' ? `at ${functionName} (${where})` : `at ${where}`);
  }
  return {
    name: capText(name, LIMITS.errorNameChars),
    message: capText(message, LIMITS.errorMessageChars),
    line: first?.line ?? null,
    column: first?.column ?? null,
    stack: capText(learnerFrames.join('\n'), LIMITS.stackChars),
  };
}

/**
 * Reads what was thrown without trusting it: it may be a Proxy whose traps throw, an Error whose `name` or
 * `stack` is a getter that throws, or a value whose toString does. Nothing here lets an exception escape.
 */
function describeThrown(thrown: unknown): { name: string; message: string; stack: string } {
  if (isError(thrown)) {
    const name = safeString(() => readProperty(thrown, 'name'), 'Error');
    const message = safeString(() => readProperty(thrown, 'message'), '');
    // The stack's first line is the name and the message; their lengths are read without copying them.
    const tooLongToScan = name.length + message.length > MAX_HEADER_CHARS_TO_SCAN;
    return {
      name,
      message,
      stack: tooLongToScan ? '' : safeString(() => readProperty(thrown, 'stack'), ''),
    };
  }
  // `throw "oops"` or `throw {code: 1}`: no stack to read, but the value itself is the message.
  return { name: 'Thrown value', message: safeString(() => thrown, 'a value that cannot be shown'), stack: '' };
}

/**
 * A frame's position mapped to the learner's source, or null when it is none of theirs: the text of a stack
 * can be forged (a message holding "at f (submission.ts:0:0)"), and a position before the first line would
 * make the source map throw.
 */
function safeMap(mapPosition: PositionMapper, generated: Position): Position | null {
  try {
    const position = mapPosition(generated);
    const valid = (n: number) => Number.isSafeInteger(n) && n >= 1;
    return valid(position.line) && valid(position.column) ? position : null;
  } catch {
    return null;
  }
}

function isError(value: unknown): value is Error {
  try {
    return value instanceof Error;
  } catch {
    return false;
  }
}

function readProperty(target: object, key: string): unknown {
  return (target as Record<string, unknown>)[key];
}

/** String() of a learner-made value can itself throw (a hostile toString); never let that escape. */
function safeString(read: () => unknown, fallback: string): string {
  try {
    const value = read();
    return typeof value === 'string' ? value : String(value);
  } catch {
    return fallback;
  }
}
