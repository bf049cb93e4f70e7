export type TierName = "memory" | "kv" | "redis";
export type ServedBy = TierName | "origin";

/** What every tier stores: the value plus the epoch ms it was read from the origin. */
export interface CacheEntry<T> {
  value: T;
  asOf: number;
}

export interface WriteHints {
  /** Seconds the entry may live in this tier at most. */
  ttlSeconds: number;
  /** Popular keys earn a place in tiers whose writes are scarce (KV). */
  popular: boolean;
}

/**
 * One tier of the read path. Tiers never throw to the caller: a failing tier is a miss (get)
 * or a skipped fill (set), reported through onError so it is logged, not hidden.
 */
export interface CacheTier {
  readonly name: TierName;
  get<T>(key: string): Promise<CacheEntry<T> | null>;
  set<T>(key: string, entry: CacheEntry<T>, hints: WriteHints): Promise<void>;
  /** True when a held entry should be re-read from the tiers below before it expires. */
  refreshDue?(key: string): boolean;
}
