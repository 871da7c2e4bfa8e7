/**
 * Whatever holds writes back (the editor's batched save) registers its flush here, so that a reload the page
 * itself starts (to take a new version) can write everything first, wherever the page has got to.
 */
const flushes = new Set<() => void>();

/** Registers `flush`; the returned function unregisters it. */
export function registerPendingWrites(flush: () => void): () => void {
  flushes.add(flush);
  return () => {
    flushes.delete(flush);
  };
}

/** Writes everything pending now. */
export function flushPendingWrites(): void {
  for (const flush of flushes) flush();
}
