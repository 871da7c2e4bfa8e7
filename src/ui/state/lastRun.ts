/**
 * The last Run's report, kept with the code it graded, so that a reload shows the results again and can
 * tell whether they still describe the code in the editor. Read back through a schema: storage is shared
 * with whatever else ran on this origin, and an older release may have written another shape. Kept per
 * deployment and course, as the code is (storage.ts).
 */
import * as v from 'valibot';
import { MEASUREMENT_LIMITS } from '../../core/limits.ts';
import { ConsoleLevelSchema, isOperationName } from '../../core/measurements.ts';
import { REPORT_SCHEMA_VERSION, type Report } from '../../core/report.ts';
import { readRecord, writeRecord } from './storage.ts';

const LAST_RUN_FORMAT = 1;

const text = v.pipe(v.string(), v.maxLength(100_000));
const position = v.pipe(v.number(), v.integer(), v.minValue(1));
const count = v.pipe(v.number(), v.integer(), v.minValue(0));

/** As the sandbox sent it (measurements.ts): the names are shown, so held to the same rule. */
const TapeSchema = v.pipe(
  v.object({
    probe: text,
    nodes: count,
    operations: v.pipe(
      v.array(v.pipe(v.string(), v.check(isOperationName))),
      v.maxLength(MEASUREMENT_LIMITS.tapeOperations),
    ),
    backwardKernels: count,
  }),
  v.check((tape) => tape.operations.length <= tape.nodes),
);

const ReportSchema = v.object({
  schemaVersion: v.literal(REPORT_SCHEMA_VERSION),
  problem: text,
  // Runs saved before seeds were reported have none.
  seed: v.optional(text, ''),
  verdict: v.picklist(['passed', 'failed', 'error', 'timeout']),
  summary: text,
  checks: v.pipe(
    v.array(
      v.object({
        id: text,
        title: text,
        status: v.picklist(['passed', 'failed', 'skipped']),
        message: text,
        evidence: v.optional(
          v.object({
            testCase: text,
            index: v.optional(v.number()),
            input: v.optional(v.number()),
            expected: v.union([v.number(), text]),
            got: v.union([v.number(), text]),
          }),
        ),
        location: v.optional(v.object({ line: position, column: v.nullable(position) })),
      }),
    ),
    v.maxLength(100),
  ),
  console: v.object({
    lines: v.pipe(v.array(v.object({ level: ConsoleLevelSchema, text })), v.maxLength(1000)),
    droppedLines: v.pipe(v.number(), v.integer(), v.minValue(0)),
  }),
  durationMs: v.number(),
  // Runs saved before the tape was reported have none.
  tape: v.optional(TapeSchema),
});

const LastRunSchema = v.object({ format: v.literal(LAST_RUN_FORMAT), code: v.string(), report: ReportSchema });

export type LastRun = { readonly code: string; readonly report: Report };

export function loadLastRun(slug: string): LastRun | null {
  const parsed = v.safeParse(LastRunSchema, readRecord('last-run', slug));
  if (!parsed.success || parsed.output.report.problem !== slug) return null;
  return { code: parsed.output.code, report: parsed.output.report };
}

export function saveLastRun(slug: string, run: LastRun): void {
  // Best effort: results are cheap to get again, the code itself is saved elsewhere.
  writeRecord('last-run', slug, { format: LAST_RUN_FORMAT, code: run.code, report: run.report });
}
