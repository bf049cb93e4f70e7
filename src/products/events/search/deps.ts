import { KvTier } from "../../../cache/kv-tier";
import { RedisPopularity } from "../../../cache/popularity";
import { RedisTier } from "../../../cache/redis-tier";
import { ScopeVersions } from "../../../cache/scope-versions";
import type { CacheTier, ServedBy } from "../../../cache/tier";
import { TieredCache, type TieredCacheDeps } from "../../../cache/tiered-cache";
import { CACHE_POLICY } from "../../../config";
import type { IsolateState } from "../../../http/isolate-state";
import type { Services } from "../../../services";
import type { EventsIsolate } from "./isolate";
import { cityVersionKey, PRODUCT } from "./keys";
import { loadCityDay } from "./origin";
import type { EventSearchDeps } from "./search-events";
import { loadTextMatches } from "./text";

/** Events' own sorted set per window, so city-days never crowd route-days out of the refresh cron's top list. */
const POPULARITY_PREFIX = `popularity:${PRODUCT}`;

/** Wires events search to this request's bindings and this isolate's memory. */
export function buildEventSearchDeps(
  services: Services,
  isolate: IsolateState,
  events: EventsIsolate,
  onStep?: (tier: ServedBy, durationMs: number, outcome: string) => void,
): EventSearchDeps {
  const { env, redis, meter, log, waitUntil } = services;
  const now = () => services.clock.now();
  const breaker = isolate.redisBreaker;
  const useRedis = redis && breaker.closed ? redis : null;
  const shared: CacheTier[] = [new KvTier(env.ROUTE_CACHE, meter)];
  if (useRedis) shared.push(new RedisTier(useRedis, meter));
  const common: Omit<TieredCacheDeps, "tiers"> = {
    policy: CACHE_POLICY,
    inflight: isolate.inflight,
    now,
    waitUntil,
    log,
    onTierError: (tier) => {
      if (tier === "redis") breaker.trip();
    },
    ...(onStep ? { onStep } : {}),
  };
  const redisPopularity = useRedis
    ? new RedisPopularity(useRedis, CACHE_POLICY.popularityWindowSeconds, now, meter, POPULARITY_PREFIX)
    : null;
  return {
    days: new TieredCache({ ...common, tiers: [events.days, ...shared] }),
    texts: new TieredCache({ ...common, tiers: [events.texts] }),
    versions: eventVersions(services, isolate),
    popularity: {
      recordMany: redisPopularity
        ? (members) =>
            events.popularityBuffer
              .recordMany(members, (batch) => redisPopularity.recordMany(batch))
              .catch((error) => {
                breaker.trip();
                throw error;
              })
        : async (members) =>
            new Map(await Promise.all(members.map(async (m) => [m, await events.localPopularity.record(m)] as const))),
    },
    loadCityDay: (q) => loadCityDay(services.db, q, meter),
    loadTextMatches: (q) => loadTextMatches(env.DB, q, meter),
    now,
    waitUntil,
    onOriginError: (error) => log.error("origin_unavailable", { product: PRODUCT, error: String(error) }),
  };
}

export function eventVersions(services: Services, isolate: IsolateState): ScopeVersions {
  return new ScopeVersions(
    services.env.ROUTE_CACHE,
    isolate.routeVersionMemo,
    CACHE_POLICY.versionTtlSeconds,
    () => services.clock.now(),
    services.meter,
    services.log,
  );
}

/**
 * Makes every cached search of these cities unreachable (operator changes to events, a newly
 * published event): call after the change is in D1. Remaining counts do not need it; they
 * follow within CACHE_POLICY.maxStaleSeconds.
 */
export function bumpEventCities(versions: ScopeVersions, cityCodes: Iterable<string>): Promise<string[]> {
  return versions.bump(Array.from(cityCodes, cityVersionKey));
}
