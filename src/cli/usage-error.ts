/**
 * A mistake in the command line (no path, an unknown option or format, an invalid seed, an unknown or
 * ambiguous problem): the grader stops before grading anything, with exit code 2 and this message as its one
 * line on stderr. A path that cannot be graded is not one: it gets an entry of its own in the report.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
