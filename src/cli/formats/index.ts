import { FORMAT, type Format } from '../args.ts';
import type { GradedSubmission } from '../grade-submission.ts';
import { formatClassroom } from './classroom.ts';
import { formatJson } from './json.ts';
import { formatJunit } from './junit.ts';
import { formatText } from './text.ts';

/** What the grader prints on stdout or writes to a file. Formatters run in the parent, on validated reports only. */
export function formatResults(
  format: Format,
  graded: readonly GradedSubmission[],
  options: { readonly color: boolean; readonly seed: string },
): string {
  switch (format) {
    case FORMAT.text:
      return formatText(graded, options);
    case FORMAT.json:
      return formatJson(graded, options);
    case FORMAT.junit:
      return formatJunit(graded, options);
    case FORMAT.classroom:
      return formatClassroom(graded);
  }
}
