import type { Redis } from "@upstash/redis/cloudflare";
import { CACHE_POLICY } from "../config";
import type { Logger } from "../lib/logger";
import type { SharedWork } from "../lib/shared-work";
import type { CircuitBreaker } from "./circuit-breaker";
import { coalescedKv, coalescedRedis } from "./coalescing-tier";
import type { MemoryTier } from "./memory-tier";
import { MemoryPopularity, type Popularity, RedisPopularity } from "./popularity";
import { PopularityBuffer } from "./popularity-buffer";
import type { CacheTier, ServedBy } from "./tier";
import { TieredCache, type TieredCacheDeps } from "./tiered-cache";

/** What the isolate shares between every product's search: one in-flight map, one Redis breaker. */
export interface SharedCacheIsolate {
  inflight: Map<string, SharedWork<unknown>>;
  redisBreaker: CircuitBreaker;
}

/**
 * What one product's search keeps per isolate. Each product has its own: a 30-night stay or a
 * month of events fills dozens of entries, which would push departures' hot route-days out of a
 * shared LRU, and a popularity buffer flushes to one product's sorted set.
 */
export interface SearchCacheIsolate {
  memoryTier: MemoryTier;
  popularityBuffer: PopularityBuffer;
  localPopularity: MemoryPopularity;
}

export function createSearchCacheIsolate(memoryTier: MemoryTier, now: () => number): SearchCacheIsolate {
  return {
    memoryTier,
    popularityBuffer: new PopularityBuffer(
      CACHE_POLICY.popularityFlushSeconds * 1000,
      CACHE_POLICY.popularThreshold,
      now,
      CACHE_POLICY.popularityExactFrom,
    ),
    localPopularity: new MemoryPopularity(CACHE_POLICY.popularityWindowSeconds, now),
  };
}

export interface SearchCacheDeps {
  kv: KVNamespace;
  redis: Redis | null;
  log: Logger;
  now: () => number;
  waitUntil: (p: Promise<unknown>) => void;
  onStep?: (tier: ServedBy, durationMs: number, outcome: string) => void;
  /** The product's Redis sorted sets of search counts (RedisPopularity's prefix); departures keep the default. */
  popularityPrefix?: string;
}

/** The TieredCache options every search cache of the isolate shares; a Redis failure trips the breaker. */
export function tieredCacheOptions(isolate: SharedCacheIsolate, deps: SearchCacheDeps): Omit<TieredCacheDeps, "tiers"> {
  const breaker = isolate.redisBreaker;
  return {
    policy: CACHE_POLICY,
    inflight: isolate.inflight,
    now: deps.now,
    waitUntil: deps.waitUntil,
    log: deps.log,
    onTierError: (tier) => {
      if (tier === "redis") breaker.trip();
    },
    ...(deps.onStep ? { onStep: deps.onStep } : {}),
  };
}

/**
 * The search read path every product shares: memory → KV → Redis (while its breaker is closed),
 * the KV and Redis reads of one search coalesced into one bulk read each (coalescing-tier.ts),
 * and popularity counted in Redis through the product's buffer, or per isolate without Redis.
 * A Redis failure in either trips the breaker for both.
 */
export function searchCache(
  isolate: SharedCacheIsolate & SearchCacheIsolate,
  deps: SearchCacheDeps,
): { cache: TieredCache; popularity: Popularity } {
  const breaker = isolate.redisBreaker;
  const redis = deps.redis && breaker.closed ? deps.redis : null;
  const tiers: CacheTier[] = [isolate.memoryTier, coalescedKv(deps.kv)];
  if (redis) tiers.push(coalescedRedis(redis));
  const cache = new TieredCache({ ...tieredCacheOptions(isolate, deps), tiers });
  const popularity = redis
    ? tripOnFailure(
        buffered(
          new RedisPopularity(redis, CACHE_POLICY.popularityWindowSeconds, deps.now, deps.popularityPrefix),
          isolate.popularityBuffer,
        ),
        breaker,
      )
    : isolate.localPopularity;
  return { cache, popularity };
}

function buffered(redis: RedisPopularity, buffer: PopularityBuffer): Popularity {
  const send = (batch: ReadonlyMap<string, number>) => redis.recordMany(batch);
  return {
    record: (member) => buffer.record(member, send),
    recordAll: (members) => buffer.recordAll(members, send),
    top: (limit) => redis.top(limit),
  };
}

function tripOnFailure(popularity: Popularity, breaker: CircuitBreaker): Popularity {
  const guard = <T>(p: Promise<T>) =>
    p.catch((error: unknown) => {
      breaker.trip();
      throw error;
    });
  return {
    record: (m) => guard(popularity.record(m)),
    recordAll: (m) => guard(popularity.recordAll(m)),
    top: (n) => guard(popularity.top(n)),
  };
}
