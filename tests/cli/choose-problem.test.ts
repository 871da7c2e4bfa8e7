import { describe, expect, it } from 'vitest';
import { chooseProblem, problemHeader } from '../../src/cli/choose-problem.ts';
import { exportedNames } from '../../src/cli/syntax.ts';
import { problemBySlug } from '../../src/problems/catalog.ts';
import type { ProblemSource } from '../../src/problems/build-catalog.ts';

const sqrt = problemBySlug('fixed-point-sqrt');
/** Problems as the CLI holds them, with only what choosing reads changed. */
function problem(slug: string, entry: string): ProblemSource {
  return { ...sqrt, meta: { ...sqrt.meta, slug, entry } };
}
const kepler = problem('kepler-equation', 'solveKepler');
const deq = problem('deq-layer', 'deqLayer');
const twin = problem('sqrt-twin', 'fixedPointSqrt');

describe('problemHeader', () => {
  it('reads `// problem: <slug>` on the first line, or among the comments the file starts with', () => {
    expect(problemHeader('// problem: kepler-equation\nexport const f = 1;')).toBe('kepler-equation');
    expect(problemHeader('\uFEFF// problem: deq-layer\r\nexport const f = 1;'.slice(1))).toBe('deq-layer');
    expect(problemHeader('// Alice Liddell, week 3\n\n//   problem:   deq-layer  \ncode();')).toBe('deq-layer');
  });

  it('ignores it after the first line of code, in a block comment, or when it goes on in words', () => {
    expect(problemHeader("import * as tf from '@tensorflow/tfjs';\n// problem: deq-layer\n")).toBeNull();
    expect(problemHeader('/* problem: deq-layer */\n')).toBeNull();
    expect(problemHeader('// problem: my gradient is off by a sign\n')).toBeNull();
    expect(problemHeader('// Problem: deq-layer\n')).toBeNull();
    expect(problemHeader('')).toBeNull();
  });
});

describe('exportedNames', () => {
  it('reads every value export, ES module and CommonJS, and no type or default export', async () => {
    const source = [
      "import * as tf from '@tensorflow/tfjs';",
      'export const a = 1, { b, c: [d] } = { b: 2, c: [3] };',
      'export function e() {}',
      'export class F {}',
      'const g = 1, h = 2;',
      'export { g, h as i };',
      'export type T = number;',
      'export interface U {}',
      'export default function j() {}',
      'exports.k = 1;',
      'module.exports.l = 2;',
      'module.exports = { m, n: 1, o() {} };',
    ].join('\n');
    expect((await exportedNames(source)).sort()).toEqual(['F', 'a', 'b', 'd', 'e', 'g', 'i', 'k', 'l', 'm', 'n', 'o']);
  });

  it('still reads the exports of a file with a syntax error', async () => {
    const broken = 'export const solveKepler = (M: tf.Tensor, e: tf.Tensor) => {\n  for (let i = 0; i < 10; i++ {}\n};\n';
    expect(await exportedNames(broken)).toEqual(['solveKepler']);
  });
});

describe('chooseProblem', () => {
  const problems = [sqrt, kepler, deq];

  it('takes the problem whose entry the file exports', async () => {
    const choice = await chooseProblem('export const deqLayer = (x, W) => x;\nexport const helper = 1;\n', problems);
    expect(choice).toEqual({ kind: 'chosen', problem: deq });
  });

  it('lets a `// problem:` line win over what the file exports', async () => {
    const choice = await chooseProblem('// problem: kepler-equation\nexport const deqLayer = (x, W) => x;\n', problems);
    expect(choice).toEqual({ kind: 'chosen', problem: kepler });
  });

  it('takes the only problem there is, whatever the file exports', async () => {
    expect(await chooseProblem('export const misnamed = 1;\n', [sqrt])).toEqual({ kind: 'chosen', problem: sqrt });
  });

  it('does not grade a file that names an unknown problem, and lists the known ones', async () => {
    const choice = await chooseProblem('// problem: kepler\nexport const solveKepler = 1;\n', problems);
    expect(choice).toEqual({
      kind: 'not-graded',
      notGraded: {
        code: 'unknown-problem',
        reason: 'its `// problem: kepler` line names no problem (the problems are fixed-point-sqrt, kepler-equation, deq-layer): correct the slug',
      },
    });
  });

  it('does not grade a file that exports no entry, and says what it exports and how to name the problem', async () => {
    const choice = await chooseProblem('export const solveKeplr = 1;\n', problems);
    expect(choice.kind === 'not-graded' && choice.notGraded).toEqual({
      code: 'no-matching-problem',
      reason:
        "it exports `solveKeplr`, which is no problem's entry (`fixedPointSqrt` for fixed-point-sqrt, `solveKepler` for kepler-equation, `deqLayer` for deq-layer), so the grader cannot tell which problem it solves: name its problem with a first line `// problem: <slug>`, or grade it with --problem <slug>",
    });
    const nothing = await chooseProblem('const x = 1;\n', problems);
    expect(nothing.kind === 'not-graded' && nothing.notGraded.reason).toMatch(/^it exports nothing, which is no problem's entry/);
    const broken = await chooseProblem('const x = (;\n', problems);
    expect(broken.kind === 'not-graded' && broken.notGraded.reason).toMatch(/^it has a syntax error at line 1 \(Expression expected\.\) and no export/);
  });

  it('does not grade a file whose export is the entry of two problems, nor one that exports two entries', async () => {
    const same = await chooseProblem('export const fixedPointSqrt = (x) => x;\n', [sqrt, twin, kepler]);
    expect(same.kind === 'not-graded' && same.notGraded).toEqual({
      code: 'ambiguous-problem',
      reason:
        'it exports `fixedPointSqrt`, the entry of 2 problems (fixed-point-sqrt, sqrt-twin), so which one it solves is ambiguous: name its problem with a first line `// problem: <slug>`, or grade it with --problem <slug>',
    });
    const both = await chooseProblem('export const solveKepler = 1;\nexport const deqLayer = 2;\n', problems);
    expect(both.kind === 'not-graded' && both.notGraded.code).toBe('ambiguous-problem');
    expect(both.kind === 'not-graded' && both.notGraded.reason).toContain('it exports `solveKepler` and `deqLayer`, the entry of 2 problems');
    expect(await chooseProblem('// problem: sqrt-twin\nexport const fixedPointSqrt = (x) => x;\n', [sqrt, twin])).toEqual({
      kind: 'chosen',
      problem: twin,
    });
  });
});
