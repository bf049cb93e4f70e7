import type { Redis } from "@upstash/redis/cloudflare";
import type { IsolateState } from "../../../api/isolate-state";
import type { Services } from "../../../api/services";
import { KvTier } from "../../../cache/kv-tier";
import { RedisTier } from "../../../cache/redis-tier";
import { ScopeVersions } from "../../../cache/scope-versions";
import {
  createSearchCacheIsolate,
  type SearchCacheIsolate,
  searchCache,
  tieredCacheOptions,
} from "../../../cache/search-cache";
import type { CacheEntry, CacheTier, ServedBy } from "../../../cache/tier";
import { TieredCache } from "../../../cache/tiered-cache";
import { CACHE_POLICY } from "../../../config";
import { CoalescingTier } from "./coalescing-tier";
import { loadFromOrigin } from "./origin";
import type { StaySearchDeps } from "./search-stays";

/**
 * Stays' own memory tier holds fewer entries than departures': a 30-night search fills 31, and
 * city-nights are small (a few KB).
 */
const STAYS_MEMORY_ENTRIES = 2_000;

/** Stays' own sorted set per window, so city-nights never crowd route-days out of the refresh cron's top list. */
export const POPULARITY_PREFIX = "popularity:stays";

export function createStaysIsolate(isolate: IsolateState): SearchCacheIsolate {
  return createSearchCacheIsolate(isolate.memoryTier(STAYS_MEMORY_ENTRIES), isolate.now);
}

export function staysVersions(services: Services, isolate: Pick<IsolateState, "versionMemo">): ScopeVersions {
  return new ScopeVersions(
    services.env.ROUTE_CACHE,
    isolate.versionMemo,
    CACHE_POLICY.versionTtlSeconds,
    () => services.clock.now(),
    services.log,
  );
}

/** Wires stays search to this request's bindings, the isolate's shared state and stays' own. */
export function buildStaySearchDeps(
  services: Services,
  isolate: IsolateState,
  stays: SearchCacheIsolate,
  onStep?: (tier: ServedBy, durationMs: number, outcome: string) => void,
): StaySearchDeps {
  const { env, redis, log, waitUntil } = services;
  const now = () => services.clock.now();
  const shared = { ...isolate, ...stays };
  const cacheDeps = {
    kv: env.ROUTE_CACHE,
    redis,
    log,
    now,
    waitUntil,
    popularityPrefix: POPULARITY_PREFIX,
    ...(onStep ? { onStep } : {}),
  };
  const { popularity } = searchCache(shared, cacheDeps);
  // The same tiers as every search, with KV and Redis reads of one search coalesced (coalescing-tier.ts).
  const tiers: CacheTier[] = [stays.memoryTier, coalescedKv(env.ROUTE_CACHE)];
  if (redis && isolate.redisBreaker.closed) tiers.push(coalescedRedis(redis));
  return {
    cache: new TieredCache({ ...tieredCacheOptions(shared, cacheDeps), tiers }),
    versions: staysVersions(services, isolate),
    popularity,
    load: (city, requests) => loadFromOrigin(services.db, city, requests),
    now,
    waitUntil,
    onOriginError: (error) => log.error("origin_unavailable", { product: "stays", error: String(error) }),
  };
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

/** Redis reads as one MGET (a stay search reads 31 keys at most). */
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
