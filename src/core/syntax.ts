import type { RunOutcome } from './outcome.ts';

/** A syntax error as a full TypeScript parser reports it: 1-based position. */
export type SyntaxDiagnostic = { readonly line: number; readonly column: number; readonly message: string };

/**
 * The sandbox strips types with a fast transpiler whose parser backtracks: after a mistake inside an arrow
 * function with a return type, it reports the arrow's head instead of the mistake. When a run fails with a
 * syntax error, the front end asks the real TypeScript parser (Monaco's worker in the page, the typescript
 * package in Node) and puts its position and message in the report instead.
 */
export async function withPreciseSyntaxError(
  outcome: RunOutcome,
  diagnose: () => Promise<SyntaxDiagnostic | null>,
): Promise<RunOutcome> {
  const load = outcome.load;
  if (load?.status !== 'threw' || load.error.name !== 'SyntaxError') return outcome;
  let precise: SyntaxDiagnostic | null = null;
  try {
    precise = await diagnose();
  } catch {
    // No better answer available: keep the transpiler's.
  }
  if (!precise) return outcome;
  return {
    ...outcome,
    load: {
      ...load,
      error: { ...load.error, message: precise.message, line: precise.line, column: precise.column },
    },
  };
}
