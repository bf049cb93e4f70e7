import { CACHE_POLICY } from "../config";
import type { CostMeter } from "../lib/metrics";
import type { CacheEntry, CacheTier, WriteHints } from "./tier";

/**
 * Workers KV: regional, read-heavy, and limited to about one write per second per key (and
 * billed per write). Only popular route-days are written; everything else stays in Redis.
 */
export class KvTier implements CacheTier {
  readonly name = "kv" as const;

  constructor(
    private readonly kv: KVNamespace,
    private readonly meter?: CostMeter,
  ) {}

  async get<T>(key: string): Promise<CacheEntry<T> | null> {
    this.meter?.add("kv_reads");
    return this.kv.get<CacheEntry<T>>(key, { type: "json", cacheTtl: CACHE_POLICY.kvMinTtlSeconds });
  }

  async set<T>(key: string, entry: CacheEntry<T>, hints: WriteHints): Promise<void> {
    if (!hints.popular) return;
    this.meter?.add("kv_writes");
    await this.kv.put(key, JSON.stringify(entry), {
      expirationTtl: Math.max(CACHE_POLICY.kvMinTtlSeconds, Math.ceil(hints.ttlSeconds)),
    });
  }
}
