import { describe, expect, it } from 'vitest';
import { CONSOLE_MAX_LINES, captureConsole } from '../../src/worker/console-capture.ts';

describe('captureConsole', () => {
  it('keeps the first lines, counts the rest without formatting them, and reports the first drop once', () => {
    const lines: string[] = [];
    const dropReports: number[] = [];
    const captured = captureConsole({ line: (_level, text) => lines.push(text), dropped: (count) => dropReports.push(count) });
    let formatted = 0;
    // An argument that counts how often the console turns it into text.
    const counted = { toString: () => `value ${++formatted}` };
    captured.console.log(String(counted));
    for (let i = 1; i < CONSOLE_MAX_LINES - 1; i++) captured.console.log('line', i);
    captured.console.log(`${counted}`);
    expect(formatted).toBe(2);
    const extra = 1000;
    for (let i = 0; i < extra; i++) captured.console.log(counted);
    captured.console.info('%o', counted);
    expect(formatted).toBe(2);
    expect(lines).toHaveLength(CONSOLE_MAX_LINES);
    expect([lines[0], lines[1], lines.at(-1)]).toEqual(['value 1', 'line 1', 'value 2']);
    expect(captured.droppedLines()).toBe(extra + 1);
    expect(dropReports).toEqual([1]);
  });
});
