import { LRUCache } from 'lru-cache';

/**
 * The service's one in-process cache, for values that are pure functions of
 * their key (prepared statements per SQL text, parsed rules, occurrence
 * windows per session version, offsets per zone and quarter hour, verified
 * tokens, encoded schedules).
 *
 * Eviction policy: bounded by entry count (`max`) and, when given, by a total
 * size (`maxBytes` with `sizeOf`); past either bound the least recently used
 * entries go first. Nothing expires by time: a key must name everything its
 * value depends on (a version, a date), so an entry is never stale, only
 * unused. Each memo is local to one process; none is a source of truth.
 */
export class Memo<K extends NonNullable<unknown>, V extends NonNullable<unknown>> {
  private readonly cache: LRUCache<K, V>;

  constructor(options: { max: number; maxBytes?: number; sizeOf?: (value: V, key: K) => number }) {
    this.cache = new LRUCache<K, V>({
      max: options.max,
      ...(options.maxBytes !== undefined
        ? { maxSize: options.maxBytes, sizeCalculation: (value: V, key: K) => Math.max(1, options.sizeOf!(value, key)) }
        : {}),
    });
  }

  get(key: K): V | undefined {
    return this.cache.get(key);
  }

  set(key: K, value: V): V {
    this.cache.set(key, value);
    return value;
  }

  /** The value for `key`, made by `make` on a miss. */
  getOrMake(key: K, make: () => V): V {
    const known = this.cache.get(key);
    return known !== undefined ? known : this.set(key, make());
  }

  delete(key: K): void {
    this.cache.delete(key);
  }

  get size(): number {
    return this.cache.size;
  }
}
