import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadLastRun, saveLastRun } from '../../../src/ui/state/lastRun.ts';
import { legacyKey, pageScope, scopedKey } from '../../../src/ui/state/storage.ts';
import { forbidStorage, installMemoryStorage } from './memoryStorage.ts';

const KEY = scopedKey(pageScope(), 'last-run', 'fixed-point-sqrt');
const stored = readFileSync(new URL('../../fixtures/storage/last-run.json', import.meta.url), 'utf8');
const record = JSON.parse(stored) as { code: string; report: { problem: string; checks: unknown[] } };

describe('the last run, kept in storage', () => {
  let items: Map<string, string>;
  beforeEach(() => {
    items = installMemoryStorage();
  });

  it('reads back what was saved, report and graded code', () => {
    saveLastRun('fixed-point-sqrt', record as never);
    expect(loadLastRun('fixed-point-sqrt')).toEqual({ code: record.code, report: record.report });
  });

  it('reads a record written by this release from its file form', () => {
    items.set(KEY, stored);
    expect(loadLastRun('fixed-point-sqrt')?.report.checks).toHaveLength(2);
  });

  it('takes a last run from the key of the release before, once', () => {
    items.set(legacyKey('last-run', 'fixed-point-sqrt'), stored);
    expect(loadLastRun('fixed-point-sqrt')?.code).toBe(record.code);
    expect([...items.keys()]).toEqual([KEY]);
  });

  it('ignores what is not a last run of this problem', () => {
    const cases = {
      'not JSON': '{"format":1,',
      'another format': JSON.stringify({ ...record, format: 2 }),
      'another problem': JSON.stringify({ ...record, report: { ...record.report, problem: 'cube-root' } }),
      'a line that is no position': JSON.stringify({
        ...record,
        report: { ...record.report, checks: [{ ...(record.report.checks[1] as object), location: { line: 0, column: 1 } }] },
      }),
      'a check with markup for a status': JSON.stringify({
        ...record,
        report: { ...record.report, checks: [{ ...(record.report.checks[1] as object), status: '<img src=x>' }] },
      }),
      'an endless message': JSON.stringify({ ...record, report: { ...record.report, summary: 'x'.repeat(200_000) } }),
    };
    for (const [what, text] of Object.entries(cases)) {
      items.set(KEY, text);
      expect(loadLastRun('fixed-point-sqrt'), what).toBeNull();
    }
  });

  it('neither throws nor remembers where storage is forbidden', () => {
    forbidStorage();
    expect(() => saveLastRun('fixed-point-sqrt', record as never)).not.toThrow();
    expect(loadLastRun('fixed-point-sqrt')).toBeNull();
  });
});

describe('the tape, kept with the last run', () => {
  let items: Map<string, string>;
  beforeEach(() => {
    items = installMemoryStorage();
  });
  const tape = { probe: 'the gradient for the example x = [4, 9]', nodes: 2, operations: ['Identity', 'customGrad'], backwardKernels: 4 };
  const withTape = (value: unknown) => JSON.stringify({ ...record, report: { ...record.report, tape: value } });

  it('comes back after a reload, and a run saved before the tape existed still loads without one', () => {
    saveLastRun('fixed-point-sqrt', { code: record.code, report: { ...record.report, tape } } as never);
    expect(loadLastRun('fixed-point-sqrt')?.report.tape).toEqual(tape);
    items.set(KEY, stored);
    const old = loadLastRun('fixed-point-sqrt');
    expect(old).not.toBeNull();
    expect(old?.report.tape).toBeUndefined();
  });

  it('is refused, with the record, when it is not a tape as the sandbox reports one', () => {
    const cases = {
      'markup for a name': { ...tape, operations: ['<img src=x onerror=alert(1)>', 'customGrad'] },
      'a name too long': { ...tape, operations: ['A'.repeat(41), 'customGrad'] },
      'more names than the cap': { ...tape, nodes: 400, operations: Array.from({ length: 301 }, () => 'Add') },
      'more names than nodes': { ...tape, nodes: 1 },
      'a count that is no count': { ...tape, nodes: -1 },
      'names that are not a list': { ...tape, operations: 'customGrad' },
    };
    for (const [what, value] of Object.entries(cases)) {
      items.set(KEY, withTape(value));
      expect(loadLastRun('fixed-point-sqrt'), what).toBeNull();
    }
  });
});
