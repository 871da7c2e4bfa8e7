/**
 * Which code a problem opens with, from its saved record and the current starter: pure, so that the boot
 * script shows the same code before the page has loaded as useSavedWork opens the editor with.
 */
export type SavedCode = { readonly code: string; readonly starter: string };

/** The saved code, with a starter the learner never touched quietly updated; `newStarter` is offered instead. */
export function openingCode(saved: SavedCode | null, starter: string): { code: string; newStarter: string | null } {
  if (!saved) return { code: starter, newStarter: null };
  if (saved.starter === starter) return { code: saved.code, newStarter: null };
  if (saved.code === saved.starter) return { code: starter, newStarter: null };
  return { code: saved.code, newStarter: starter };
}
