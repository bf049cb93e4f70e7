import type { CacheEntry, CacheTier, WriteHints } from "./tier";

interface Slot {
  entry: CacheEntry<unknown>;
  expiresAt: number;
  /** After this the entry is still served, and re-read from the tiers below in the background. */
  refreshAt: number;
}

/** Share of its lifetime after which an entry is refreshed ahead of expiry. */
const REFRESH_AHEAD = 0.7;

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
    const previous = this.slots.get(key);
    this.slots.delete(key);
    // Up to a fifth shorter at random: entries filled together (a warm-up, a refresh) do not all
    // expire in the same instant and send a burst of lookups down the tiers.
    const ttlMs = Math.min(hints.ttlSeconds, this.maxTtlSeconds * (1 - Math.random() / 5)) * 1000;
    const now = this.now();
    // The same data read again keeps its object, so what was derived from it (pages) stays valid.
    const same = previous && previous.entry.asOf === entry.asOf ? previous.entry : entry;
    this.slots.set(key, { entry: same, expiresAt: now + ttlMs, refreshAt: now + ttlMs * REFRESH_AHEAD });
    while (this.slots.size > this.maxEntries) {
      const oldest = this.slots.keys().next().value;
      if (oldest === undefined) break;
      this.slots.delete(oldest);
    }
  }

  refreshDue(key: string): boolean {
    const slot = this.slots.get(key);
    return slot !== undefined && this.now() >= slot.refreshAt;
  }

  get size(): number {
    return this.slots.size;
  }

  clear(): void {
    this.slots.clear();
  }
}
