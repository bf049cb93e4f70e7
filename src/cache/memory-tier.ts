import type { CacheEntry, CacheTier, WriteHints } from "./tier";

interface Slot {
  entry: CacheEntry<unknown>;
  expiresAt: number;
}

/**
 * Per-isolate LRU. A Map keeps insertion order, so re-inserting on read makes the first key the
 * least recently used one. Bounded because an isolate's memory (128 MB) is shared with everything else.
 */
export class MemoryTier implements CacheTier {
  readonly name = "memory" as const;
  private readonly slots = new Map<string, Slot>();

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
    private readonly maxTtlSeconds = Number.POSITIVE_INFINITY,
  ) {}

  async get<T>(key: string): Promise<CacheEntry<T> | null> {
    const slot = this.slots.get(key);
    if (!slot) return null;
    if (slot.expiresAt <= this.now()) {
      this.slots.delete(key);
      return null;
    }
    this.slots.delete(key);
    this.slots.set(key, slot);
    return slot.entry as CacheEntry<T>;
  }

  async set<T>(key: string, entry: CacheEntry<T>, hints: WriteHints): Promise<void> {
    this.slots.delete(key);
    const ttl = Math.min(hints.ttlSeconds, this.maxTtlSeconds);
    this.slots.set(key, { entry, expiresAt: this.now() + ttl * 1000 });
    while (this.slots.size > this.maxEntries) {
      const oldest = this.slots.keys().next().value;
      if (oldest === undefined) break;
      this.slots.delete(oldest);
    }
  }

  get size(): number {
    return this.slots.size;
  }

  clear(): void {
    this.slots.clear();
  }
}
