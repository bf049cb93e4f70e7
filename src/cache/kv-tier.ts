import { CACHE_POLICY } from "../config";
import type { CacheEntry, CacheTier, WriteHints } from "./tier";

/**
 * Workers KV: regional, read-heavy, and limited to about one write per second per key (and
 * billed per write). Only popular route-days are written; everything else stays in Redis.
 */
export class KvTier implements CacheTier {
  readonly name = "kv" as const;

  constructor(private readonly kv: KVNamespace) {}

  async get<T>(key: string): Promise<CacheEntry<T> | null> {
    return this.kv.get<CacheEntry<T>>(key, { type: "json", cacheTtl: CACHE_POLICY.kvMinTtlSeconds });
  }

  async set<T>(key: string, entry: CacheEntry<T>, hints: WriteHints): Promise<void> {
    if (!hints.popular) return;
    await this.kv.put(key, JSON.stringify(entry), {
      expirationTtl: Math.max(CACHE_POLICY.kvMinTtlSeconds, Math.ceil(hints.ttlSeconds)),
    });
  }
}
