import { visible } from './escape.ts';
import type { GradedSubmission } from './grade-submission.ts';

/**
 * Signs of life on stderr while a batch is graded (stdout holds only the report).
 *
 * - On a terminal: `grading 3/12…`, rewritten in place, then erased: short enough for any width, so it
 *   never wraps (a wrapped line could not be rewritten).
 * - Anywhere else (a CI log, a file): a first line with the count and the seed, then one line per finished
 *   submission, `graded 3/12  failed   path`, in the order they finish. A line per submission rather than a
 *   count every few seconds: it shows life at least once per time limit per core, names the submission a
 *   slow batch is waiting on by its absence, and adds no timer. The name is escaped like every learner
 *   string (escape.ts), so that it cannot paint a fake result into the log.
 */
export type Progress = { finished(entry: GradedSubmission): void; end(): void };

type ErrorStream = { readonly isTTY?: boolean; write(text: string): unknown };

const CLEAR_LINE = '\r\u001b[2K';
/** The longest verdict, `timeout`: verdicts padded to it keep the names in one column. */
const VERDICT_WIDTH = 7;

export function startProgress(stream: ErrorStream, total: number, seed: string): Progress {
  let finished = 0;
  if (stream.isTTY === true) {
    const show = () => stream.write(`${CLEAR_LINE}grading ${finished}/${total}…`);
    show();
    return {
      finished: () => {
        finished++;
        show();
      },
      end: () => stream.write(CLEAR_LINE),
    };
  }
  stream.write(`grading ${total} submission${total === 1 ? '' : 's'} with seed ${visible(seed)}\n`);
  return {
    finished: ({ file, report }) => {
      finished++;
      stream.write(`graded ${finished}/${total}  ${report.verdict.padEnd(VERDICT_WIDTH)}  ${visible(file)}\n`);
    },
    end: () => undefined,
  };
}
