import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  courseIdOf,
  deploymentPathOf,
  legacyKey,
  loadWork,
  migrateLegacyKey,
  pageScope,
  saveWork,
  scopedKey,
  type StorageScope,
} from '../../../src/ui/state/storage.ts';
import { installMemoryStorage } from './memoryStorage.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/storage/${name}`, import.meta.url), 'utf8');
/** What the release before per-deployment keys wrote for the first kata. */
const LEGACY_WORK = fixture('problem-fixed-point-sqrt.json');
const LEGACY_WORK_KEY = 'implicit-kata:problem:fixed-point-sqrt';

const A: StorageScope = { path: '/course/a/', courseId: 'implicit-kata' };
const B: StorageScope = { path: '/course/b/', courseId: 'implicit-kata' };

/** A Storage over a Map, as the migration takes one; `full` makes every write throw, as a full quota does. */
function mapStorage(items: Map<string, string>, full = false): Storage {
  return {
    get length() {
      return items.size;
    },
    key: (index) => [...items.keys()][index] ?? null,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => {
      if (full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      items.set(key, value);
    },
    removeItem: (key) => void items.delete(key),
    clear: () => items.clear(),
  };
}

describe("a deployment's path", () => {
  it('is the directory of the page, without the file, the query or the hash', () => {
    const cases: [string, string][] = [
      ['https://example.edu/course/a/', '/course/a/'],
      ['https://example.edu/course/a/index.html', '/course/a/'],
      ['https://example.edu/course/a/?section=2#/problems/kepler-equation', '/course/a/'],
      ['https://example.edu/course/a/#/', '/course/a/'],
      ['https://example.edu/', '/'],
      ['http://127.0.0.1:4173/course/b/index.html?x#y', '/course/b/'],
    ];
    for (const [href, path] of cases) expect(deploymentPathOf(href), href).toBe(path);
  });

  it('is the root where there is no page URL (Node) or it cannot be read', () => {
    expect(deploymentPathOf(undefined)).toBe('/');
    expect(deploymentPathOf('not a url')).toBe('/');
  });
});

describe("a course's id", () => {
  it('is the title in lower-case words joined by dashes', () => {
    expect(courseIdOf('implicit-kata')).toBe('implicit-kata');
    expect(courseIdOf('Implicit Differentiation, Spring 2025')).toBe('implicit-differentiation-spring-2025');
    expect(courseIdOf('  Équations   différentielles ')).toBe('equations-differentielles');
    expect(courseIdOf('陰関数 定理')).toBe('陰関数-定理');
  });

  it('is a stable hash for a title of neither letters nor digits, and never holds a separator', () => {
    expect(courseIdOf('∂ / ∂')).toMatch(/^course-[0-9a-f]{8}$/);
    expect(courseIdOf('∂ / ∂')).toBe(courseIdOf('∂ / ∂'));
    expect(courseIdOf('∂ / ∂')).not.toBe(courseIdOf('∂ : ∂'));
    for (const title of ['a/b:c', 'x:y', '∂:∂']) expect(courseIdOf(title)).not.toMatch(/[/:]/);
  });
});

describe('storage keys', () => {
  it('carry the deployment and the course, so no two of them share a record', () => {
    const scopes: StorageScope[] = [A, B, { path: '/', courseId: 'implicit-kata' }, { path: '/course/a/', courseId: 'another-course' }];
    const keys = scopes.flatMap((scope) => [
      scopedKey(scope, 'problem', 'fixed-point-sqrt'),
      scopedKey(scope, 'last-run', 'fixed-point-sqrt'),
      scopedKey(scope, 'layout', 'columns'),
    ]);
    expect(new Set(keys).size).toBe(keys.length);
    expect(scopedKey(A, 'problem', 'fixed-point-sqrt')).toBe('implicit-kata:/course/a/:implicit-kata:problem:fixed-point-sqrt');
  });

  it('name the legacy keys as the release before wrote them', () => {
    expect(legacyKey('problem', 'fixed-point-sqrt')).toBe(LEGACY_WORK_KEY);
    expect(legacyKey('last-run', 'fixed-point-sqrt')).toBe('implicit-kata:last-run:fixed-point-sqrt');
    expect(legacyKey('layout', 'columns')).toBe('react-resizable-panels:implicit-kata:layout:columns');
  });
});

describe('migrating the legacy record', () => {
  it('moves it to the first deployment that reads it, and to no other', () => {
    const items = new Map([[LEGACY_WORK_KEY, LEGACY_WORK]]);
    const target = mapStorage(items);
    expect(migrateLegacyKey(target, A, 'problem', 'fixed-point-sqrt')).toBe(true);
    expect(items.get(scopedKey(A, 'problem', 'fixed-point-sqrt'))).toBe(LEGACY_WORK);
    expect(items.has(LEGACY_WORK_KEY)).toBe(false);

    expect(migrateLegacyKey(target, B, 'problem', 'fixed-point-sqrt')).toBe(false);
    expect(items.has(scopedKey(B, 'problem', 'fixed-point-sqrt'))).toBe(false);
    expect(items.size).toBe(1);
  });

  it("never overwrites a deployment's own record, and leaves the legacy one for another", () => {
    const mine = '{"format":1,"code":"mine"}';
    const items = new Map([
      [LEGACY_WORK_KEY, LEGACY_WORK],
      [scopedKey(A, 'problem', 'fixed-point-sqrt'), mine],
    ]);
    expect(migrateLegacyKey(mapStorage(items), A, 'problem', 'fixed-point-sqrt')).toBe(false);
    expect(items.get(scopedKey(A, 'problem', 'fixed-point-sqrt'))).toBe(mine);
    expect(items.get(LEGACY_WORK_KEY)).toBe(LEGACY_WORK);
  });

  it('keeps the legacy record where it was when the copy cannot be written', () => {
    const items = new Map([[LEGACY_WORK_KEY, LEGACY_WORK]]);
    expect(migrateLegacyKey(mapStorage(items, true), A, 'problem', 'fixed-point-sqrt')).toBe(false);
    expect([...items]).toEqual([[LEGACY_WORK_KEY, LEGACY_WORK]]);
    expect(migrateLegacyKey(null, A, 'problem', 'fixed-point-sqrt')).toBe(false);
  });

  it('moves the splitters and the last run, each from its own legacy key', () => {
    const lastRun = fixture('last-run.json');
    const items = new Map([
      ['implicit-kata:last-run:fixed-point-sqrt', lastRun],
      ['react-resizable-panels:implicit-kata:layout:rows', '{"pane-editor":70,"pane-results":30}'],
    ]);
    const target = mapStorage(items);
    expect(migrateLegacyKey(target, A, 'last-run', 'fixed-point-sqrt')).toBe(true);
    expect(migrateLegacyKey(target, A, 'layout', 'rows')).toBe(true);
    expect(migrateLegacyKey(target, A, 'layout', 'columns')).toBe(false);
    expect(Object.fromEntries(items)).toEqual({
      [scopedKey(A, 'last-run', 'fixed-point-sqrt')]: lastRun,
      [scopedKey(A, 'layout', 'rows')]: '{"pane-editor":70,"pane-results":30}',
    });
  });
});

describe("the page's saved work", () => {
  let items: Map<string, string>;
  beforeEach(() => {
    items = installMemoryStorage();
  });

  it("is kept under the page's scope: this course's id, and the root in Node", () => {
    expect(pageScope()).toEqual({ path: '/', courseId: courseIdOf('implicit-kata') });
    saveWork('fixed-point-sqrt', { code: 'x', starter: 's', solved: false, hintsRevealed: 1 });
    expect([...items.keys()]).toEqual([scopedKey(pageScope(), 'problem', 'fixed-point-sqrt')]);
    expect(loadWork('fixed-point-sqrt')).toMatchObject({ code: 'x', starter: 's', solved: false, hintsRevealed: 1 });
  });

  it('comes back from the legacy key on the first load, which then is gone', () => {
    items.set(LEGACY_WORK_KEY, LEGACY_WORK);
    const legacy = JSON.parse(LEGACY_WORK) as { code: string; solved: boolean; hintsRevealed: number };
    expect(loadWork('fixed-point-sqrt')).toMatchObject({ code: legacy.code, solved: true, hintsRevealed: 2 });
    expect(items.has(LEGACY_WORK_KEY)).toBe(false);
    expect(loadWork('fixed-point-sqrt')?.code).toBe(legacy.code);
  });
});
