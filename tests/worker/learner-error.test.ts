import { describe, expect, it } from 'vitest';
import { MEASUREMENT_LIMITS } from '../../src/core/limits.ts';
import { toLearnerError } from '../../src/worker/learner-error.ts';
import { SUBMISSION_URL } from '../../src/worker/transpile.ts';

const samePosition = (position: { line: number; column: number }) => position;

/** An Error as V8 would leave it, with `stack` a getter that counts its reads. */
function errorWithStack(name: string, message: string, frames: string[]) {
  const error = new Error(message);
  error.name = name;
  let reads = 0;
  Object.defineProperty(error, 'stack', {
    get: () => {
      reads++;
      return [`${name}: ${message}`, ...frames].join('\n');
    },
  });
  return { error, reads: () => reads };
}

describe('toLearnerError', () => {
  it("finds the learner's innermost frame and names its function", () => {
    const { error } = errorWithStack('RangeError', 'bad', [
      `    at step (${SUBMISSION_URL}:7:3)`,
      `    at fixedPointSqrt (${SUBMISSION_URL}:12:10)`,
    ]);
    expect(toLearnerError(error, samePosition)).toEqual({
      name: 'RangeError',
      message: 'bad',
      line: 7,
      column: 3,
      stack: 'at step (line 7, column 3)\nat fixedPointSqrt (line 12, column 10)',
    });
  });

  it('still finds the line behind a long name', () => {
    const { error } = errorWithStack('E'.repeat(100_000), 'bad', [`    at f (${SUBMISSION_URL}:4:2)`]);
    const described = toLearnerError(error, samePosition);
    expect(described).toMatchObject({ line: 4, column: 2 });
    expect(described.name.length).toBeLessThanOrEqual(MEASUREMENT_LIMITS.errorNameChars);
  });

  it('does not read the stack behind a name of millions of characters, and still shows the name cut to size', () => {
    const { error, reads } = errorWithStack('E'.repeat(2 ** 25), 'short', [`    at f (${SUBMISSION_URL}:4:2)`]);
    const described = toLearnerError(error, samePosition);
    expect(reads()).toBe(0);
    expect(described.line).toBeNull();
    expect(described.name.length).toBeLessThanOrEqual(MEASUREMENT_LIMITS.errorNameChars);
    expect(described.name).toMatch(/^E+… \(\d+ more characters\)$/);
    expect(described.message).toBe('short');
  });
});
