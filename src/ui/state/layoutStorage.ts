import type { LayoutStorage } from 'react-resizable-panels';
import { readStored, writeStored } from './storage.ts';

/**
 * Layouts are remembered where the learner's code is. The library parses what it reads without a guard, so a
 * record that is not an object of finite sizes (corrupt, or written by something else) is dropped here.
 */
export const layoutStorage: LayoutStorage = {
  getItem: (key) => {
    const stored = readStored(key);
    const valid =
      typeof stored === 'object' &&
      stored !== null &&
      !Array.isArray(stored) &&
      Object.values(stored).every((size) => typeof size === 'number' && Number.isFinite(size));
    return valid ? JSON.stringify(stored) : null;
  },
  setItem: (key, value) => {
    // Forgetting a splitter position is harmless: a refusal is not reported.
    writeStored(key, JSON.parse(value) as unknown);
  },
};
