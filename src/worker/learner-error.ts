import type { LearnerError } from '../core/measurements.ts';
import { SUBMISSION_URL, TranspileError, type Position } from './transpile.ts';

const STACK_CAP_CHARS = 4000;
const MESSAGE_CAP_CHARS = 2000;

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
      message: cap(thrown.message, MESSAGE_CAP_CHARS),
      line: thrown.position?.line ?? null,
      column: thrown.position?.column ?? null,
      stack: '',
    };
  }
  const { name, message, stack } = describeThrown(thrown);
  const learnerFrames: string[] = [];
  let first: Position | null = null;
  for (const frame of stack.split('\n')) {
    const match = FRAME_POSITION.exec(frame);
    if (!match || !mapPosition) continue;
    const position = mapPosition({ line: Number(match[1]), column: Number(match[2]) });
    first ??= position;
    const functionName = /^\s*at (?:async )?([^\s(]+) \(/.exec(frame)?.[1] ?? /^([^@\s]+)@/.exec(frame)?.[1];
    const where = `line ${position.line}, column ${position.column}`;
    learnerFrames.push(functionName && functionName !== 'eval' ? `at ${functionName} (${where})` : `at ${where}`);
  }
  return {
    name,
    message: cap(message, MESSAGE_CAP_CHARS),
    line: first?.line ?? null,
    column: first?.column ?? null,
    stack: cap(learnerFrames.join('\n'), STACK_CAP_CHARS),
  };
}

function describeThrown(thrown: unknown): { name: string; message: string; stack: string } {
  if (thrown instanceof Error) {
    return { name: safeString(thrown.name, 'Error'), message: safeString(thrown.message, ''), stack: safeString(thrown.stack, '') };
  }
  // `throw "oops"` or `throw {code: 1}`: no stack to read, but the value itself is the message.
  return { name: 'Thrown value', message: safeString(thrown, 'a value that cannot be shown'), stack: '' };
}

/** String() of a learner-made value can itself throw (a hostile toString); never let that escape. */
function safeString(value: unknown, fallback: string): string {
  try {
    return typeof value === 'string' ? value : String(value);
  } catch {
    return fallback;
  }
}

function cap(text: string, maxChars: number): string {
  return text.length > maxChars ? `${text.slice(0, maxChars)}… (${text.length - maxChars} more characters)` : text;
}
