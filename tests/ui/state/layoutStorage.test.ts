import { beforeEach, describe, expect, it } from 'vitest';
import { layoutNameOf, layoutStorage } from '../../../src/ui/state/layoutStorage.ts';
import { pageScope, scopedKey } from '../../../src/ui/state/storage.ts';
import { forbidStorage, installMemoryStorage } from './memoryStorage.ts';

/** The panels library's key for the group WideLayout calls `implicit-kata:layout:columns`. */
const KEY = 'react-resizable-panels:implicit-kata:layout:columns';
const STORED_KEY = scopedKey(pageScope(), 'layout', 'columns');

describe('the splitters, kept in storage', () => {
  let items: Map<string, string>;
  beforeEach(() => {
    items = installMemoryStorage();
  });

  it('hands back a saved layout', () => {
    layoutStorage.setItem(KEY, JSON.stringify({ 'pane-problem': 35.5, 'pane-work': 64.5 }));
    expect(JSON.parse(layoutStorage.getItem(KEY) ?? 'null')).toEqual({ 'pane-problem': 35.5, 'pane-work': 64.5 });
  });

  it('keeps it per deployment, under the group name, and takes the legacy record once', () => {
    expect(layoutNameOf(KEY)).toBe('columns');
    layoutStorage.setItem(KEY, '{"pane-problem": 30, "pane-work": 70}');
    expect([...items.keys()]).toEqual([STORED_KEY]);

    items.clear();
    items.set(KEY, '{"pane-problem": 25, "pane-work": 75}');
    expect(JSON.parse(layoutStorage.getItem(KEY) ?? 'null')).toEqual({ 'pane-problem': 25, 'pane-work': 75 });
    expect([...items.keys()]).toEqual([STORED_KEY]);
  });

  it('drops what the panels library could not read, instead of letting it break the page', () => {
    for (const text of ['not json', 'null', '[1, 2]', '"40"', '{"pane-problem": "40"}', '{"pane-problem": null}', '1e999']) {
      items.set(STORED_KEY, text);
      expect(layoutStorage.getItem(KEY), text).toBeNull();
    }
  });

  it('forgets quietly where storage is forbidden', () => {
    forbidStorage();
    expect(() => layoutStorage.setItem(KEY, '{"a": 1}')).not.toThrow();
    expect(layoutStorage.getItem(KEY)).toBeNull();
  });
});
