import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/core/plan.ts';
import { formatTable } from '../../src/worker/console-capture.ts';
import { learnerSeed } from '../../src/worker/learner-globals.ts';
import { problemFixturesDir } from '../support/fixtures.ts';
import { measureInSandbox } from '../support/sandbox.ts';

const plan: Plan = {
  entry: 'f',
  factory: false,
  seed: 'test',
  probes: [{ id: 'forward', kind: 'forward', label: 'f(x)', args: [{ shape: [2], values: [4, 9] }] }],
};

async function consoleOf(source: string, planned: Plan = plan) {
  const outcome = await measureInSandbox(source, planned);
  expect(outcome.load, JSON.stringify(outcome.load)).toMatchObject({ status: 'loaded' });
  return outcome.console.lines.map((line) => `${line.level} ${line.text}`);
}

const RANDOMS = "console.log(JSON.stringify(Array.from({ length: 5 }, () => Math.random())));\nexport const f = (x: unknown) => x;";

describe("the learner's globals", () => {
  it('replays Math.random() for the same submission and draws other numbers for another', async () => {
    const [first, again, other] = await Promise.all([
      consoleOf(RANDOMS),
      consoleOf(RANDOMS),
      consoleOf(`// another submission\n${RANDOMS}`),
    ]);
    const values = JSON.parse(first[0]!.slice('log '.length)) as number[];
    expect(values).toHaveLength(5);
    for (const value of values) expect(value >= 0 && value < 1).toBe(true);
    expect(new Set(values).size).toBe(5);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    expect(learnerSeed('s', 'a', 'f')).toBe(learnerSeed('s', 'a', 'f'));
    expect(learnerSeed('s', 'a', 'f')).not.toBe(learnerSeed('s', 'a', 'g'));
    expect(learnerSeed('s', 'a', 'f')).not.toBe(learnerSeed('t', 'a', 'f'));
  });

  it('has typed arrays, a working Date and a coarse performance.now(), and nothing else of performance', async () => {
    const before = Date.now();
    const lines = await consoleOf(
      [
        "import * as tf from '@tensorflow/tfjs';",
        "console.log(tf.tensor(new Float32Array(2).fill(1), [2]).dtype, new Float64Array([1.5])[0], typeof BigInt64Array, typeof DataView);",
        'const now = Date.now();',
        'console.log(typeof now, now === Math.floor(now), Math.abs(new Date().getTime() - now) < 1000);',
        'const t = performance.now();',
        "console.log(typeof t, Math.abs(t * 10 - Math.round(t * 10)) < 1e-6, Object.getOwnPropertyNames(performance).join(','));",
        "console.log(String(Object.getPrototypeOf(performance) === Object.prototype), typeof (performance as any).timeOrigin);",
        'console.log(JSON.stringify(now));',
        'export const f = (x: unknown) => x;',
      ].join('\n'),
    );
    expect(lines.slice(0, 5)).toEqual([
      'log float32 1.5 function function',
      'log number true true',
      'log number true now',
      'log true undefined',
      expect.stringMatching(/^log \d+$/),
    ]);
    const learnerNow = Number(lines[4]!.slice('log '.length));
    expect(learnerNow).toBeGreaterThanOrEqual(before);
    expect(learnerNow).toBeLessThanOrEqual(Date.now());
  });

  it('are frozen: assignments from learner code change nothing, in this run or the next', async () => {
    const tamper = [
      'const tries: string[] = [];',
      'const attempt = (name: string, change: () => void) => { try { change(); tries.push(`${name}: kept`); } catch { tries.push(`${name}: refused`); } };',
      'attempt("Date.now", () => { (Date as any).now = () => 0; });',
      'attempt("performance.now", () => { (performance as any).now = () => 0; });',
      'attempt("performance.extra", () => { (performance as any).extra = 1; });',
      'attempt("Math.random", () => { (Math as any).random = () => 0; });',
      'attempt("Float32Array.from", () => { (Float32Array as any).from = () => 0; });',
      'attempt("Float32Array.prototype.fill", () => { (Float32Array.prototype as any).fill = () => 0; });',
      'attempt("console.log", () => { (console as any).log = () => 0; });',
      'attempt("console.table.x", () => { (console.table as any).x = 1; });',
      'console.log(tries.join("; "));',
      'console.log(Date.now() > 0, performance.now() > 0, Math.random() > 0, new Float32Array(1).fill(2)[0], "extra" in performance);',
      'console.log(Object.isFrozen(Date), Object.isFrozen(performance), Object.isFrozen(performance.now), Object.isFrozen(Math), Object.isFrozen(Math.random), Object.isFrozen(console), Object.isFrozen(console.time));',
      'export const f = (x: unknown) => x;',
    ].join('\n');
    const lines = await consoleOf(tamper);
    const refused = ['Date.now', 'performance.now', 'performance.extra', 'Math.random', 'Float32Array.from', 'Float32Array.prototype.fill', 'console.log', 'console.table.x'];
    expect(lines).toEqual([
      `log ${refused.map((name) => `${name}: refused`).join('; ')}`,
      'log true true true 2 false',
      'log true true true true true true true',
    ]);
    // The next run starts from the same untouched globals.
    expect(await consoleOf('console.log(Date.now() > 0, performance.now() > 0, typeof Math.random());\nexport const f = (x: unknown) => x;')).toEqual([
      'log true true number',
    ]);
  });

  it('prints the whole console API into the capped capture', async () => {
    const lines = await consoleOf(
      [
        "console.count(); console.count(); console.count('steps'); console.countReset(); console.count(); console.countReset('nope');",
        "console.group('outer'); console.info('inside'); console.groupCollapsed(); console.warn('deeper'); console.groupEnd(); console.groupEnd(); console.log('outside');",
        "console.time('loop'); console.timeLog('loop', 'halfway'); console.timeEnd('loop'); console.timeEnd('loop');",
        "console.assert(1 + 1 === 2, 'never shown'); console.assert(false, 'shown', 3); console.assert(0);",
        "console.table([{ a: 1, b: 'x' }, { a: 22 }]); console.table([5, 6]); console.dir({ k: [1] }); console.dirxml('d'); console.trace('here'); console.debug('dbg'); console.clear();",
        'export const f = (x: unknown) => x;',
      ].join('\n'),
    );
    expect(lines.map((line) => line.replace(/\d+(\.\d+)? ms/, 'N ms'))).toEqual([
      'log default: 1',
      'log default: 2',
      'log steps: 1',
      'log default: 1',
      "warn Count for 'nope' does not exist",
      'log outer',
      'info   inside',
      'warn     deeper',
      'log outside',
      'log loop: N ms halfway',
      'log loop: N ms',
      "warn Timer 'loop' does not exist",
      'error Assertion failed: shown 3',
      'error Assertion failed',
      'log (index) │ a  │ b',
      "log 0       │ 1  │ 'x'",
      'log 1       │ 22',
      'log (index) │ Value',
      'log 0       │ 5',
      'log 1       │ 6',
      'log {"k":[1]}',
      'log d',
      'log Trace: here',
      'debug dbg',
    ]);
  });

  it('formats console.table of rows, of values, and of a non-object', () => {
    expect(formatTable({ x: { v: 1 }, y: 2 })).toEqual(['(index) │ v │ Value', 'x       │ 1', 'y       │   │ 2']);
    expect(formatTable([{ a: 1, b: 2 }], ['b'])).toEqual(['(index) │ b', '0       │ 2']);
    expect(formatTable(7)).toEqual(['7']);
  });

  it('runs the fixture that uses them, with its console lines', async () => {
    const source = readFileSync(`${problemFixturesDir('fixed-point-sqrt')}/right-typed-arrays-and-clock.ts`, 'utf8');
    const lines = await consoleOf(source, { ...plan, entry: 'fixedPointSqrt' });
    expect(lines).toEqual([
      'log self-check',
      'log   random input in [1, 100): true',
      'log   (index) │ step │ shrinks',
      'log   0       │ 0    │ true',
      'log   1       │ 1    │ true',
      'log   2       │ 2    │ true',
      'log typed arrays: Float32Array, Float64Array, Int32Array, Uint8Array',
      'log fixedPointSqrt: 1',
      expect.stringMatching(/^log newton: \d+(\.\d+)? ms$/),
    ]);
  });
});
