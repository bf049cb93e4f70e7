import type { Redis } from "@upstash/redis/cloudflare";
import type { CacheEntry, CacheTier, WriteHints } from "./tier";

/** Upstash Redis: every recent search, short TTL, strongly consistent, shared by all regions. */
export class RedisTier implements CacheTier {
  readonly name = "redis" as const;

  constructor(private readonly redis: Redis) {}

  async get<T>(key: string): Promise<CacheEntry<T> | null> {
    return (await this.redis.get<CacheEntry<T>>(key)) ?? null;
  }

  async set<T>(key: string, entry: CacheEntry<T>, hints: WriteHints): Promise<void> {
    await this.redis.set(key, entry, { ex: Math.max(1, Math.ceil(hints.ttlSeconds)) });
  }
}
