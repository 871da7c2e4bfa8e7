/**
 * `grading 3/12…`, rewritten in place on an interactive stderr. Anywhere else (a CI log, a file) the
 * grader writes nothing to stderr but errors, so this does nothing.
 */
export type Progress = { update(finished: number): void; clear(): void };

const CLEAR_LINE = '\r\u001b[2K';

export function progressLine(stream: NodeJS.WriteStream, total: number): Progress {
  if (!stream.isTTY) return { update: () => undefined, clear: () => undefined };
  const show = (finished: number) => stream.write(`${CLEAR_LINE}grading ${finished}/${total}…`);
  show(0);
  return { update: show, clear: () => stream.write(CLEAR_LINE) };
}
