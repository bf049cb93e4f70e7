import type { Redis } from "@upstash/redis/cloudflare";
import type { CostMeter } from "../lib/metrics";
import type { CacheEntry, CacheTier, WriteHints } from "./tier";

/** Upstash Redis: every recent search, short TTL, strongly consistent, shared by all regions. */
export class RedisTier implements CacheTier {
  readonly name = "redis" as const;

  constructor(
    private readonly redis: Redis,
    private readonly meter?: CostMeter,
  ) {}

  async get<T>(key: string): Promise<CacheEntry<T> | null> {
    this.meter?.add("redis_commands");
    return (await this.redis.get<CacheEntry<T>>(key)) ?? null;
  }

  async set<T>(key: string, entry: CacheEntry<T>, hints: WriteHints): Promise<void> {
    this.meter?.add("redis_commands");
    await this.redis.set(key, entry, { ex: Math.max(1, Math.ceil(hints.ttlSeconds)) });
  }
}
