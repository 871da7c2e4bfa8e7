/**
 * tf.customGrad in the editor: the forms of the TF.js docs type-check without annotations, and real mistakes
 * are still reported. The learner code is in tests/fixtures/editor-types/: each file must produce exactly
 * the diagnostics marked in it, `// @error TS<code>` at the end of the line TypeScript reports, and a file
 * without marks none at all.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { typeCheck } from './virtualProgram.ts';

const FIXTURES = new URL('../../fixtures/editor-types/', import.meta.url);
const fixtureNames = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.ts'))
  .sort();
const readFixture = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');
const solution = readFileSync(new URL('../../../src/problems/fixed-point-sqrt/solution.ts', import.meta.url), 'utf8');

/** The marks of a fixture, as `TS<code> on line <n>`, in line order. */
function markedDiagnostics(source: string): string[] {
  return source.split('\n').flatMap((line, index) => {
    const mark = /\/\/ @error TS(\d+)\s*$/.exec(line);
    return mark ? [`TS${mark[1]} on line ${index + 1}`] : [];
  });
}

function reportedDiagnostics(source: string): string[] {
  return typeCheck(source)
    .sort((a, b) => a.line - b.line)
    .map((finding) => `TS${finding.code} on line ${finding.line}`);
}

describe('tf.customGrad in the editor', () => {
  it('has fixtures of both kinds', () => {
    const marked = fixtureNames.filter((name) => markedDiagnostics(readFixture(name)).length > 0);
    expect(marked.length).toBeGreaterThan(0);
    expect(marked.length).toBeLessThan(fixtureNames.length);
  });

  it.each(fixtureNames)('%s: exactly the marked diagnostics', (name) => {
    const source = readFixture(name);
    expect(reportedDiagnostics(source)).toEqual(markedDiagnostics(source));
  });

  it('accepts the solution with the annotations of its customGrad callback left out', () => {
    const unannotated = solution
      .replace('(x: tf.Tensor, save: tf.GradSaveFunc) =>', '(x, save) =>')
      .replace('(dy: tf.Tensor, [yStar]: tf.Tensor[]) =>', '(dy, [yStar]) =>');
    expect(unannotated).not.toMatch(/GradSaveFunc|dy: tf\.Tensor/);
    expect(reportedDiagnostics(solution)).toEqual([]);
    expect(reportedDiagnostics(unannotated)).toEqual([]);
  });

  it('reports the mistake itself, in words a learner can act on', () => {
    const [notAnArray] = typeCheck(readFixture('wrong-save-not-array.ts'));
    expect(notAnArray?.message).toMatch(/not assignable to parameter of type 'Tensor<Rank>\[\]'/);
    const [stringGradient] = typeCheck(readFixture('wrong-gradfunc-string.ts'));
    expect(stringGradient?.message).toMatch(/Type 'string' is not assignable to type 'Tensor<Rank> \| Tensor<Rank>\[\]'/);
  });
});
