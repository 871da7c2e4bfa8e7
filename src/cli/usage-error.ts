/**
 * A mistake in the command line, or a path that cannot be graded: the grader stops before grading anything,
 * with exit code 2 and this message as its one line on stderr.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
