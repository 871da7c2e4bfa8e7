/**
 * The standard globals honest programs use, in the real page's sandbox: typed arrays, a working Date, a
 * seeded Math.random(), performance.now() and the whole console API.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useKataHarness } from './harness.ts';
import { clickRun, pasteCode, waitForVerdict } from './kata-page.ts';

const fixture = readFileSync(new URL('../../src/problems/fixed-point-sqrt/fixtures/right-typed-arrays-and-clock.ts', import.meta.url), 'utf8');
const solution = readFileSync(new URL('../../src/problems/fixed-point-sqrt/solution.ts', import.meta.url), 'utf8');

const harness = useKataHarness();

type Page = Awaited<ReturnType<typeof harness.open>>['page'];

async function consoleLines(page: Page): Promise<string[]> {
  return page.locator('.console__lines .console__line').allTextContents().then((lines) => lines.map((line) => line.replace(/\n$/, '')));
}

/** Runs a program that prints what it sees at load, next to the reference solution (so that it grades). */
async function runAndRead(page: Page, code: string): Promise<string[]> {
  await pasteCode(page, `${solution}\n${code}\n`);
  await clickRun(page);
  expect(await waitForVerdict(page)).toBe('passed');
  return consoleLines(page);
}

describe("the learner's globals in the page", () => {
  it('passes a solution that uses typed arrays, the clocks, Math.random() and the console API', async () => {
    const { page } = await harness.open();
    await pasteCode(page, fixture);
    await clickRun(page);
    expect(await waitForVerdict(page)).toBe('passed');
    const lines = await consoleLines(page);
    expect(lines.slice(0, 7)).toEqual([
      'self-check',
      '  random input in [1, 100): true',
      '  (index) │ step │ shrinks',
      '  0       │ 0    │ true',
      '  1       │ 1    │ true',
      '  2       │ 2    │ true',
      'typed arrays: Float32Array, Float64Array, Int32Array, Uint8Array',
    ]);
    expect(lines).toContain('fixedPointSqrt: 1');
    expect(lines).toContain('fixedPointSqrt: 2');
    expect(lines.some((line) => /^newton: \d+(\.\d+)? ms$/.test(line))).toBe(true);
    expect(lines.some((line) => line.startsWith('Assertion failed'))).toBe(false);
  });

  it('seeds Math.random() from each Run\'s fresh seed, and its globals are frozen', async () => {
    const { page } = await harness.open();
    const program = [
      'console.log(JSON.stringify([Math.random(), Math.random(), Math.random()]));',
      'const refused: string[] = [];',
      'for (const [name, change] of [',
      '  ["Date.now", () => { (Date as any).now = () => 0; }],',
      '  ["performance.now", () => { (performance as any).now = () => 0; }],',
      '  ["Math.random", () => { (Math as any).random = () => 0; }],',
      '  ["Float64Array.of", () => { (Float64Array as any).of = () => 0; }],',
      '  ["console.log", () => { (console as any).log = () => 0; }],',
      '] as const) { try { change(); } catch { refused.push(name); } }',
      'console.log(`refused: ${refused.join(", ")}`);',
      'console.log(Date.now() > 1e12, Math.abs(new Date().getTime() - Date.now()) < 1000, typeof performance.now(), Object.keys(performance).join(","));',
      'console.log(new Float64Array([0.1])[0] === 0.1, new Float32Array([0.1])[0] === Math.fround(0.1));',
    ].join('\n');
    const first = await runAndRead(page, program);
    expect(first.slice(1)).toEqual([
      'refused: Date.now, performance.now, Math.random, Float64Array.of, console.log',
      'true true number now',
      'true true',
    ]);
    const randoms = JSON.parse(first[0]!) as number[];
    expect(new Set(randoms).size).toBe(3);
    // Math.random() follows the Run's seed, and every Run draws a fresh seed: the same code draws other
    // numbers next time (a grade is replayed from its seed with the command-line grader's --seed).
    const again = await runAndRead(page, program);
    expect(again.slice(1)).toEqual(first.slice(1));
    expect(again[0]).not.toBe(first[0]);
  });
});
