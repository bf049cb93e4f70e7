import type { Redis } from "@upstash/redis/cloudflare";
import { CACHE_POLICY } from "../config";
import type { Logger } from "../lib/logger";
import type { CostMeter } from "../lib/metrics";
import type { CircuitBreaker } from "./circuit-breaker";
import { KvTier } from "./kv-tier";
import type { MemoryTier } from "./memory-tier";
import { type MemoryPopularity, type Popularity, RedisPopularity } from "./popularity";
import type { PopularityBuffer } from "./popularity-buffer";
import { RedisTier } from "./redis-tier";
import type { CacheTier, ServedBy, TierName } from "./tier";
import { TieredCache } from "./tiered-cache";

/** What an isolate keeps for every product's search cache. */
export interface IsolateCacheParts {
  memoryTier: MemoryTier;
  inflight: Map<string, Promise<unknown>>;
  redisBreaker: CircuitBreaker;
  popularityBuffer: PopularityBuffer;
  localPopularity: MemoryPopularity;
}

export interface SearchCacheDeps {
  kv: KVNamespace;
  redis: Redis | null;
  meter: CostMeter;
  log: Logger;
  now: () => number;
  waitUntil: (p: Promise<unknown>) => void;
  onStep?: (tier: ServedBy, durationMs: number, outcome: string) => void;
  /** Benchmark only (x-bench-tiers): the tiers to use, none for origin only. */
  onlyTiers?: ReadonlySet<TierName>;
}

/**
 * The search read path every product shares: memory → KV → Redis (while its breaker is closed),
 * and popularity counted in Redis through the isolate's buffer, or per isolate without Redis.
 * A Redis failure in either trips the breaker for both.
 */
export function searchCache(
  isolate: IsolateCacheParts,
  deps: SearchCacheDeps,
): { cache: TieredCache; popularity: Popularity } {
  const breaker = isolate.redisBreaker;
  const redis = deps.redis && breaker.closed ? deps.redis : null;
  const tiers: CacheTier[] = [isolate.memoryTier, new KvTier(deps.kv, deps.meter)];
  if (redis) tiers.push(new RedisTier(redis, deps.meter));
  const { onlyTiers, onStep } = deps;
  const cache = new TieredCache({
    tiers: onlyTiers ? tiers.filter((t) => onlyTiers.has(t.name)) : tiers,
    policy: CACHE_POLICY,
    inflight: isolate.inflight,
    now: deps.now,
    waitUntil: deps.waitUntil,
    log: deps.log,
    onTierError: (tier) => {
      if (tier === "redis") breaker.trip();
    },
    ...(onStep ? { onStep } : {}),
  });
  const popularity = redis
    ? tripOnFailure(
        buffered(new RedisPopularity(redis, CACHE_POLICY.popularityWindowSeconds, deps.now, deps.meter), isolate),
        breaker,
      )
    : isolate.localPopularity;
  return { cache, popularity };
}

function buffered(redis: RedisPopularity, isolate: IsolateCacheParts): Popularity {
  const send = (batch: ReadonlyMap<string, number>) => redis.recordMany(batch);
  return {
    record: (member) => isolate.popularityBuffer.record(member, send),
    recordAll: (members) => isolate.popularityBuffer.recordAll(members, send),
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
