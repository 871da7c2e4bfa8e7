/** Bytes as browsers count localStorage's quota: two per UTF-16 code unit, of the keys and the values. */
export function storedBytes(items: ReadonlyMap<string, string>): number {
  let bytes = 0;
  for (const [key, value] of items) bytes += (key.length + value.length) * 2;
  return bytes;
}

/**
 * A localStorage stand-in for unit tests in Node: a Map behind the Storage methods the app uses. With a quota,
 * a write that would take the whole past it throws QuotaExceededError and changes nothing, as a full browser's.
 */
export function installMemoryStorage(quotaBytes = Number.POSITIVE_INFINITY): Map<string, string> {
  const items = new Map<string, string>();
  const storage = {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => {
      const next = new Map(items).set(key, String(value));
      if (storedBytes(next) > quotaBytes) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      items.set(key, String(value));
    },
    removeItem: (key: string) => void items.delete(key),
  };
  Object.defineProperty(globalThis, 'localStorage', { value: storage, configurable: true, writable: true });
  return items;
}

/** A browser that forbids storage: reading `localStorage` itself throws, as in some private modes. */
export function forbidStorage(): void {
  Object.defineProperty(globalThis, 'localStorage', {
    configurable: true,
    get() {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    },
  });
}
