/** A map that forgets its least recently used entries once their total size passes a budget. */
export interface ByteLru<K, V> {
  get(key: K): V | undefined;
  /** Stores `value`; a value larger than the whole budget is not stored, since it would evict everything. */
  set(key: K, value: V): void;
  delete(key: K): void;
  /** Total size of what is stored, as measured by `sizeOf`. */
  readonly bytes: number;
}

/**
 * Creates an LRU cache bounded by the summed size of its values rather than their number, because git
 * objects range from a few bytes to hundreds of megabytes and a count bound would not bound memory.
 * A `Map` keeps insertion order, so re-inserting on every hit makes its first key the least recently used.
 */
export function createByteLru<K, V>(args: { maxBytes: number; sizeOf: (value: V) => number }): ByteLru<K, V> {
  const { maxBytes, sizeOf } = args;
  const entries = new Map<K, V>();
  let bytes = 0;
  return {
    get(key) {
      const value = entries.get(key);
      if (value !== undefined) {
        entries.delete(key);
        entries.set(key, value);
      }
      return value;
    },
    set(key, value) {
      const size = sizeOf(value);
      if (size > maxBytes) return;
      const old = entries.get(key);
      if (old !== undefined) {
        bytes -= sizeOf(old);
        entries.delete(key);
      }
      entries.set(key, value);
      bytes += size;
      for (const [oldest, evicted] of entries) {
        if (bytes <= maxBytes) break;
        entries.delete(oldest);
        bytes -= sizeOf(evicted);
      }
    },
    delete(key) {
      const old = entries.get(key);
      if (old === undefined) return;
      entries.delete(key);
      bytes -= sizeOf(old);
    },
    get bytes() {
      return bytes;
    },
  };
}
