import { describe, expect, it } from 'vitest';
import type { RunOutcome } from '../../src/core/outcome.ts';
import { withPreciseSyntaxError } from '../../src/core/syntax.ts';

const base: RunOutcome = {
  end: { kind: 'complete' },
  load: {
    status: 'threw',
    error: { name: 'SyntaxError', message: 'Unexpected token', line: 5, column: 45, stack: '' },
    ms: 1,
  },
  probes: [],
  console: { lines: [], droppedLines: 0 },
  durationMs: 3,
};

describe('withPreciseSyntaxError', () => {
  it("replaces the transpiler's position and message with the parser's", async () => {
    const outcome = await withPreciseSyntaxError(base, async () => ({ line: 7, column: 31, message: "')' expected." }));
    expect(outcome.load).toMatchObject({ status: 'threw', error: { name: 'SyntaxError', line: 7, column: 31, message: "')' expected." } });
  });

  it('keeps the original when the parser finds nothing or fails', async () => {
    expect(await withPreciseSyntaxError(base, async () => null)).toBe(base);
    expect(await withPreciseSyntaxError(base, () => Promise.reject(new Error('no worker')))).toBe(base);
  });

  it('does not ask about anything but a syntax error', async () => {
    const loaded: RunOutcome = { ...base, load: { status: 'loaded', exports: {}, moreExports: 0, ms: 1 } };
    let asked = false;
    await withPreciseSyntaxError(loaded, async () => {
      asked = true;
      return null;
    });
    expect(asked).toBe(false);
  });
});
