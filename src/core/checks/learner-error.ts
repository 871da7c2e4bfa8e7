import type { LearnerError } from '../measurements.ts';
import type { CheckVerdict } from '../grader.ts';
import { CHECK_STATUS, type SourceLocation } from '../report.ts';
import { explainEngineError } from './tfjs-errors.ts';

export function locationOf(error: LearnerError): SourceLocation | undefined {
  return error.line === null ? undefined : { line: error.line, column: error.column };
}

export function describeLocation(location: SourceLocation | undefined): string {
  if (!location) return '';
  return location.column === null
    ? ` at line ${location.line}`
    : ` at line ${location.line}, column ${location.column}`;
}

/**
 * "TypeError: y.foo is not a function" with the learner's line, while doing what, for a check message; an
 * engine message that stands for a known custom-gradient pitfall is explained first.
 */
export function failedWithError(error: LearnerError, whileDoing: string): CheckVerdict {
  const location = locationOf(error);
  const thrown = `${error.name}: ${error.message}${describeLocation(location)}, while ${whileDoing}.`;
  const explanation = explainEngineError(error.message);
  return {
    status: CHECK_STATUS.failed,
    message: explanation ? `${explanation} (TF.js threw ${thrown})` : `Your code threw ${thrown}`,
    ...(location ? { location } : {}),
  };
}
