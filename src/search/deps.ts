import { KvTier } from "../cache/kv-tier";
import { RedisPopularity } from "../cache/popularity";
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
  const { env, redis, meter, log, waitUntil } = services;
  const now = () => services.clock.now();
  const tiers: CacheTier[] = [isolate.memoryTier, new KvTier(env.ROUTE_CACHE, meter)];
  if (redis) tiers.push(new RedisTier(redis, meter));
  const cache = new TieredCache({
    tiers,
    policy: CACHE_POLICY,
    inflight: isolate.inflight,
    now,
    waitUntil,
    log,
    ...(onStep ? { onStep } : {}),
  });
  return {
    cache,
    versions: routeVersions(services, isolate),
    popularity: redis
      ? new RedisPopularity(redis, CACHE_POLICY.popularityWindowSeconds, now, meter)
      : isolate.localPopularity,
    loadRouteDay: (q) => loadRouteDay(env.DB, { ...q, now: now() }, meter),
    now,
    waitUntil,
    onOriginError: (error) => log.error("origin_unavailable", { error: String(error) }),
  };
}

export function routeVersions(services: Services, isolate: IsolateState): RouteVersions {
  return new RouteVersions(
    services.env.ROUTE_CACHE,
    isolate.routeVersionMemo,
    CACHE_POLICY.versionTtlSeconds,
    () => services.clock.now(),
    services.meter,
  );
}
