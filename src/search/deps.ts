import type { CircuitBreaker } from "../cache/circuit-breaker";
import { KvTier } from "../cache/kv-tier";
import { type Popularity, RedisPopularity } from "../cache/popularity";
import { RedisTier } from "../cache/redis-tier";
import { RouteVersions } from "../cache/route-versions";
import type { CacheTier, ServedBy } from "../cache/tier";
import { TieredCache } from "../cache/tiered-cache";
import { CACHE_POLICY } from "../config";
import type { IsolateState } from "../http/isolate-state";
import type { Services } from "../services";
import { loadRouteDay } from "./origin";
import type { SearchDeps } from "./search-trips";

/** Wires search to this request's bindings and this isolate's memory. */
export function buildSearchDeps(
  services: Services,
  isolate: IsolateState,
  onStep?: (tier: ServedBy, durationMs: number, outcome: string) => void,
): SearchDeps {
  const { env, redis, log, waitUntil } = services;
  const now = () => services.clock.now();
  const breaker = isolate.redisBreaker;
  const useRedis = redis && breaker.closed ? redis : null;
  const tiers: CacheTier[] = [isolate.memoryTier, new KvTier(env.ROUTE_CACHE)];
  if (useRedis) tiers.push(new RedisTier(useRedis));
  const cache = new TieredCache({
    tiers,
    policy: CACHE_POLICY,
    inflight: isolate.inflight,
    now,
    waitUntil,
    log,
    onTierError: (tier) => {
      if (tier === "redis") breaker.trip();
    },
    ...(onStep ? { onStep } : {}),
  });
  return {
    cache,
    versions: routeVersions(services, isolate),
    popularity: useRedis
      ? tripOnFailure(
          buffered(new RedisPopularity(useRedis, CACHE_POLICY.popularityWindowSeconds, now), isolate),
          breaker,
        )
      : isolate.localPopularity,
    loadRouteDay: (q) => loadRouteDay(env.DB, { ...q, now: now() }),
    now,
    waitUntil,
    onOriginError: (error) => log.error("origin_unavailable", { error: String(error) }),
    pages: isolate.searchPages,
  };
}

function buffered(redis: RedisPopularity, isolate: IsolateState): Popularity {
  return {
    record: (member) => isolate.popularityBuffer.record(member, (batch) => redis.recordMany(batch)),
    top: (limit) => redis.top(limit),
  };
}

function tripOnFailure(popularity: Popularity, breaker: CircuitBreaker): Popularity {
  const guard = <T>(p: Promise<T>) =>
    p.catch((error: unknown) => {
      breaker.trip();
      throw error;
    });
  return { record: (m) => guard(popularity.record(m)), top: (n) => guard(popularity.top(n)) };
}

export function routeVersions(services: Services, isolate: IsolateState): RouteVersions {
  return new RouteVersions(
    services.env.ROUTE_CACHE,
    isolate.routeVersionMemo,
    CACHE_POLICY.versionTtlSeconds,
    () => services.clock.now(),
    services.log,
  );
}
