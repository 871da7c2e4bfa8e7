import type { LearnerError } from '../measurements.ts';
import type { CheckVerdict } from '../grader.ts';
import { CHECK_STATUS, type SourceLocation } from '../report.ts';

export function locationOf(error: LearnerError): SourceLocation | undefined {
  return error.line === null ? undefined : { line: error.line, column: error.column };
}

export function describeLocation(location: SourceLocation | undefined): string {
  if (!location) return '';
  return location.column === null
    ? ` at line ${location.line}`
    : ` at line ${location.line}, column ${location.column}`;
}

/** "TypeError: y.foo is not a function" with the learner's line, while doing what, for a check message. */
export function failedWithError(error: LearnerError, whileDoing: string): CheckVerdict {
  const location = locationOf(error);
  return {
    status: CHECK_STATUS.failed,
    message: `Your code threw ${error.name}: ${error.message}${describeLocation(location)}, while ${whileDoing}.`,
    ...(location ? { location } : {}),
  };
}
