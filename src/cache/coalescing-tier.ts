import type { Redis } from "@upstash/redis/cloudflare";
import { CACHE_POLICY } from "../config";
import { KvTier } from "./kv-tier";
import { RedisTier } from "./redis-tier";
import type { CacheEntry, CacheTier, TierName, WriteHints } from "./tier";

/** Reads several keys in one subrequest; a key the store does not hold maps to null (or is absent). */
export type MultiGet = (keys: string[]) => Promise<Map<string, CacheEntry<unknown> | null>>;

interface Pending {
  key: string;
  resolve: (entry: CacheEntry<unknown> | null) => void;
  reject: (error: unknown) => void;
}

/**
 * A tier whose reads issued in one turn of the event loop go out as one multi-key read. A search
 * often looks up several entries at once, each through the tiers on its own (stampede protection
 * and stale-while-revalidate per entry): a stay its listing and up to 30 city-nights, an event
 * range its days, a connection search its hubs' legs. Without this a cold 30-night stay search
 * cost 31 KV reads and 31 Redis commands, 62 subrequests of the 50 a free-plan Worker may make;
 * with it, one KV bulk read per 100 keys and one Redis MGET. Writes go through as they are.
 * One instance per request: nothing is shared between requests.
 */
export class CoalescingTier implements CacheTier {
  readonly name: TierName;
  private pending: Pending[] = [];

  constructor(
    private readonly tier: CacheTier,
    private readonly multiGet: MultiGet,
    private readonly maxKeys: number,
  ) {
    this.name = tier.name;
  }

  get<T>(key: string): Promise<CacheEntry<T> | null> {
    return new Promise<CacheEntry<unknown> | null>((resolve, reject) => {
      // The lookups of one search reach this tier in the same turn; a macrotask later all have.
      if (this.pending.length === 0) setTimeout(() => this.flush(), 0);
      this.pending.push({ key, resolve, reject });
    }) as Promise<CacheEntry<T> | null>;
  }

  set<T>(key: string, entry: CacheEntry<T>, hints: WriteHints): Promise<void> {
    return this.tier.set(key, entry, hints);
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    for (let i = 0; i < batch.length; i += this.maxKeys) {
      const part = batch.slice(i, i + this.maxKeys);
      this.multiGet([...new Set(part.map((p) => p.key))]).then(
        (found) => {
          for (const p of part) p.resolve(found.get(p.key) ?? null);
        },
        (error: unknown) => {
          for (const p of part) p.reject(error);
        },
      );
    }
  }
}

/** KV reads as bulk reads: up to 100 keys per call, one subrequest. */
export function coalescedKv(kv: KVNamespace): CacheTier {
  return new CoalescingTier(
    new KvTier(kv),
    (keys) =>
      kv.get<CacheEntry<unknown>>(keys, { type: "json", cacheTtl: CACHE_POLICY.kvMinTtlSeconds }) as Promise<
        Map<string, CacheEntry<unknown> | null>
      >,
    100,
  );
}

/** Redis reads as one MGET per turn (a stay search reads 31 keys at most). */
export function coalescedRedis(redis: Redis): CacheTier {
  return new CoalescingTier(
    new RedisTier(redis),
    async (keys) => {
      const values = await redis.mget<(CacheEntry<unknown> | null)[]>(...keys);
      return new Map(keys.map((key, i) => [key, values[i] ?? null]));
    },
    100,
  );
}
