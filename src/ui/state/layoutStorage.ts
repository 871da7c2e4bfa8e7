import type { LayoutStorage } from 'react-resizable-panels';
import { readRecord, writeRecord } from './storage.ts';

/**
 * The panels library's key for a group (`react-resizable-panels:implicit-kata:layout:columns`) to the group's
 * name (`columns`), under which the layout is kept per deployment like the rest (storage.ts). The library's
 * key with that name is where earlier releases kept it, and is migrated from.
 */
export function layoutNameOf(libraryKey: string): string {
  return libraryKey.replace(/^react-resizable-panels:(?:implicit-kata:layout:)?/, '');
}

/**
 * Layouts are remembered where the learner's code is. The library parses what it reads without a guard, so a
 * record that is not an object of finite sizes (corrupt, or written by something else) is dropped here.
 */
export const layoutStorage: LayoutStorage = {
  getItem: (key) => {
    const stored = readRecord('layout', layoutNameOf(key));
    const valid =
      typeof stored === 'object' &&
      stored !== null &&
      !Array.isArray(stored) &&
      Object.values(stored).every((size) => typeof size === 'number' && Number.isFinite(size));
    return valid ? JSON.stringify(stored) : null;
  },
  setItem: (key, value) => {
    // Forgetting a splitter position is harmless: a refusal is not reported.
    writeRecord('layout', layoutNameOf(key), JSON.parse(value) as unknown);
  },
};
