import type { Report } from '../../core/report.ts';
import type { EditorMark } from '../editor/kataEditor.ts';

/**
 * Where a report points into the code: one mark per position that failing checks name. Several checks often
 * fail at the same line (an exception in gradFunc breaks every gradient check); the first one speaks for
 * the others, which are counted.
 */
export function editorMarksOf(report: Report): EditorMark[] {
  const byPosition = new Map<string, { mark: EditorMark; others: number }>();
  for (const check of report.checks) {
    if (check.status !== 'failed' || !check.location) continue;
    const { line, column } = check.location;
    const key = `${line}:${column ?? ''}`;
    const seen = byPosition.get(key);
    if (seen) seen.others += 1;
    else byPosition.set(key, { mark: { line, column, message: `${check.title}: ${check.message}` }, others: 0 });
  }
  return [...byPosition.values()].map(({ mark, others }) =>
    others === 0 ? mark : { ...mark, message: `${mark.message} (${others} more check${others === 1 ? '' : 's'} failed here too)` },
  );
}
