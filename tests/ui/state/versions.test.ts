import { beforeEach, describe, expect, it } from 'vitest';
import { loadWork, pageScope, saveWork, scopedKey } from '../../../src/ui/state/storage.ts';
import {
  capped,
  firstDifferentLine,
  loadVersions,
  onVersionsTrimmed,
  saveVersions,
  saveWorkMakingRoom,
  versionBytes,
  VERSIONS_MAX_BYTES,
  VERSIONS_MAX_COUNT,
  withVerdict,
  withVersion,
  type Version,
} from '../../../src/ui/state/versions.ts';
import { versionDetail, versionTimeLabel } from '../../../src/ui/versions/VersionsPanel.tsx';
import { forbidStorage, installMemoryStorage, storedBytes } from './memoryStorage.ts';

const SLUG = 'fixed-point-sqrt';
const KEY = scopedKey(pageScope(), 'versions', SLUG);
const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 17, minute)).toISOString();
const version = (code: string, minute = 0, extra: Partial<Version> = {}): Version => ({
  code,
  savedAt: at(minute),
  reason: 'run',
  ...extra,
});

describe('the list of versions', () => {
  it('adds the newest last', () => {
    const list = withVersion(withVersion([], version('a', 1)), version('b', 2, { reason: 'reset' }));
    expect(list.map((entry) => [entry.code, entry.reason])).toEqual([
      ['a', 'run'],
      ['b', 'reset'],
    ]);
  });

  it("keeps consecutive identical code once, a Run's version as it was, its verdict kept", () => {
    const judged = withVerdict(withVersion([], version('a', 1)), 'a', 'failed');
    // Reset then replaced the code that was Run: the list still says it was Run, and how it did.
    expect(withVersion(judged, version('a', 5, { reason: 'reset' }))).toEqual(judged);
    // A Run of the same code gives it the new time and its own verdict.
    const rerun = withVersion(judged, version('a', 6, { verdict: 'passed' }));
    expect(rerun).toEqual([{ code: 'a', savedAt: at(6), reason: 'run', verdict: 'passed' }]);
    // Code a shared link replaced, then Run: a Run's version now.
    const shared = withVersion([version('b', 7, { reason: 'shared-link' })], version('b', 8));
    expect(shared).toEqual([version('b', 8)]);
    // Two replacements of one code: the newest says what replaced it.
    expect(withVersion(shared.map((entry) => ({ ...entry, reason: 'reset' as const })), version('b', 9, { reason: 'open-file' }))).toEqual([
      version('b', 9, { reason: 'open-file' }),
    ]);
    // Not consecutive: kept twice, A, B, A is a history.
    expect(withVersion(withVersion(rerun, version('b', 7)), version('a', 8)).map((entry) => entry.code)).toEqual(['a', 'b', 'a']);
  });

  it('drops the oldest first beyond the count cap', () => {
    let list: Version[] = [];
    for (let i = 0; i < VERSIONS_MAX_COUNT + 5; i++) list = withVersion(list, version(`v${i}`, i));
    expect(list).toHaveLength(VERSIONS_MAX_COUNT);
    expect(list[0]?.code).toBe('v5');
    expect(list.at(-1)?.code).toBe(`v${VERSIONS_MAX_COUNT + 4}`);
  });

  it('drops the oldest first beyond the byte cap, counting two bytes a UTF-16 unit', () => {
    const quarter = 'x'.repeat(VERSIONS_MAX_BYTES / 2 / 4);
    expect(versionBytes({ code: quarter })).toBe(VERSIONS_MAX_BYTES / 4);
    // Four quarters fit exactly; a character more each and only three do.
    const fill = (length: number) => {
      let list: Version[] = [];
      for (let i = 0; i < 6; i++) list = withVersion(list, version(`${i}${quarter}`.slice(0, length), i));
      return list.map((entry) => entry.code[0]);
    };
    expect(fill(quarter.length)).toEqual(['2', '3', '4', '5']);
    expect(fill(quarter.length + 1)).toEqual(['3', '4', '5']);
    const list = withVersion([], version(quarter));
    expect(list.reduce((sum, entry) => sum + versionBytes(entry), 0)).toBeLessThanOrEqual(VERSIONS_MAX_BYTES);
  });

  it('does not keep a version too large for the byte cap alone, and keeps the others', () => {
    const huge = version('h'.repeat(VERSIONS_MAX_BYTES), 3);
    expect(capped([version('a', 1), version('b', 2), huge])).toEqual([version('a', 1), version('b', 2)]);
  });

  it("gives a Run's verdict to the newest version of the code it ran", () => {
    const list = [version('a', 1), version('b', 2), version('a', 3)];
    expect(withVerdict(list, 'a', 'passed').map((entry) => entry.verdict)).toEqual([undefined, undefined, 'passed']);
    // A Run whose version is gone (dropped by the caps) changes nothing.
    expect(withVerdict(list, 'z', 'passed')).toEqual(list);
  });
});

describe('versions in storage', () => {
  let items: Map<string, string>;
  beforeEach(() => {
    items = installMemoryStorage();
  });

  it('reads back what was saved, scoped like the code', () => {
    const list = [version('a', 1, { verdict: 'timeout' }), version('b', 2, { reason: 'shared-link' })];
    expect(saveVersions(SLUG, list)).toEqual(list);
    expect(JSON.parse(items.get(KEY) ?? 'null')).toEqual({ format: 1, versions: list });
    expect(loadVersions(SLUG)).toEqual(list);
    expect(loadVersions('deq-layer')).toEqual([]);
  });

  it('reads through a schema: a bad record is none, a bad entry costs only itself', () => {
    const good = version('a', 1);
    const cases: Record<string, unknown> = {
      'a reason this release does not know': { ...good, reason: 'telepathy' },
      'a verdict with markup': { ...good, verdict: '<img src=x>' },
      'a time that is not one': { ...good, savedAt: 'yesterday' },
      'code that is not text': { ...good, code: 42 },
      'not an object': 'a',
    };
    for (const [what, entry] of Object.entries(cases)) {
      items.set(KEY, JSON.stringify({ format: 1, versions: [good, entry] }));
      expect(loadVersions(SLUG), what).toEqual([good]);
    }
    for (const text of ['{"format":1,', JSON.stringify({ format: 2, versions: [good] }), JSON.stringify({ format: 1, versions: 'a' })]) {
      items.set(KEY, text);
      expect(loadVersions(SLUG), text).toEqual([]);
    }
  });

  it("keeps to this release's caps whatever a record holds", () => {
    const many = Array.from({ length: VERSIONS_MAX_COUNT * 2 }, (_, i) => version(`v${i}`, i % 60));
    items.set(KEY, JSON.stringify({ format: 1, versions: many }));
    expect(loadVersions(SLUG)).toEqual(many.slice(-VERSIONS_MAX_COUNT));
  });

  it('drops the oldest until the list fits a full storage', () => {
    const list = Array.from({ length: 8 }, (_, i) => version(`v${i}`, i));
    const setItem = globalThis.localStorage.setItem;
    globalThis.localStorage.setItem = (key: string, value: string) => {
      // A quota with room for about three versions.
      if (value.length > 300) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      setItem(key, value);
    };
    const written = saveVersions(SLUG, list);
    expect(written?.at(-1)).toEqual(list.at(-1));
    expect(written?.length).toBeLessThan(list.length);
    expect(loadVersions(SLUG)).toEqual(written);
  });

  it('neither throws nor remembers where storage is forbidden', () => {
    forbidStorage();
    expect(saveVersions(SLUG, [version('a')])).toBeNull();
    expect(loadVersions(SLUG)).toEqual([]);
  });
});

describe('the code before the versions, in a full storage', () => {
  const QUOTA_BYTES = 40_000;
  /** Ten versions of about 3 kB each, which the code, about 12 kB, finds in the way. */
  const stored = Array.from({ length: 10 }, (_, i) => version(`// version ${i}\n${'x'.repeat(1500)}`, i));
  const work = { code: `// the code now\n${'y'.repeat(6000)}`, starter: 'starter', solved: false, hintsRevealed: 0 };
  let items: Map<string, string>;
  beforeEach(() => {
    items = installMemoryStorage(QUOTA_BYTES);
    expect(saveVersions(SLUG, stored)).toEqual(stored);
  });

  it('drops the oldest versions of the problem until the code fits, and tells the list', () => {
    // What the page did before: the versions kept the room, and the code was "Not saved".
    expect(saveWork(SLUG, work)).toBe(false);
    const told: string[] = [];
    const stop = onVersionsTrimmed((slug) => told.push(slug));
    try {
      expect(saveWorkMakingRoom(SLUG, work)).toBe(true);
    } finally {
      stop();
    }
    expect(loadWork(SLUG)?.code).toBe(work.code);
    const kept = loadVersions(SLUG);
    // The newest are left, as few dropped as the code needed: one more would not have fitted.
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(stored.length);
    expect(kept).toEqual(stored.slice(stored.length - kept.length));
    const withOneMore = new Map(items).set(KEY, JSON.stringify({ format: 1, versions: stored.slice(stored.length - kept.length - 1) }));
    expect(storedBytes(withOneMore)).toBeGreaterThan(QUOTA_BYTES);
    expect(told).toEqual([SLUG]);
  });

  it("leaves another problem's versions alone", () => {
    items.clear();
    expect(saveVersions('deq-layer', stored)).toEqual(stored);
    expect(saveWorkMakingRoom(SLUG, work)).toBe(false);
    expect(loadVersions('deq-layer')).toEqual(stored);
  });

  it('keeps every version when even without them the code would not fit', () => {
    const huge = { ...work, code: 'z'.repeat(QUOTA_BYTES) };
    expect(saveWorkMakingRoom(SLUG, huge)).toBe(false);
    expect(loadVersions(SLUG)).toEqual(stored);
    expect(loadWork(SLUG)).toBeNull();
  });
});

describe('how a version is described', () => {
  it('names the first line where it differs from the code now, with its size', () => {
    expect(firstDifferentLine('a\nb\nc', 'a\nb\nc')).toBeNull();
    expect(firstDifferentLine('a\nb\nc', 'a\nX\nc')).toBe(2);
    expect(firstDifferentLine('a\nb', 'a\nb\nc')).toBe(3);
    expect(firstDifferentLine('', 'a')).toBe(1);
    expect(versionDetail({ code: 'a\nb\nc' }, 'a\nX\nc')).toBe('3 lines, differs from yours from line 2');
    expect(versionDetail({ code: 'a' }, 'a')).toBe('1 line, the same as your code now');
  });

  it('gives the time alone today, and the day too before', () => {
    const now = new Date(2026, 11, 1, 18, 0);
    expect(versionTimeLabel(new Date(2026, 11, 1, 9, 5).toISOString(), now)).toMatch(/^\d{2}[:.]\d{2}/);
    expect(versionTimeLabel(new Date(2026, 10, 28, 9, 5).toISOString(), now)).toMatch(/28/);
  });
});
