import type { IsolateState } from "../../../api/isolate-state";
import type { Services } from "../../../api/services";
import { ScopeVersions } from "../../../cache/scope-versions";
import { searchCache, tieredCacheOptions } from "../../../cache/search-cache";
import type { ServedBy } from "../../../cache/tier";
import { TieredCache } from "../../../cache/tiered-cache";
import { CACHE_POLICY } from "../../../config";
import type { EventsIsolate } from "./isolate";
import { cityVersionKey, PRODUCT } from "./keys";
import { loadCityDays } from "./origin";
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
  const { env, redis, log, waitUntil } = services;
  const now = () => services.clock.now();
  const cacheDeps = {
    kv: env.ROUTE_CACHE,
    redis,
    log,
    now,
    waitUntil,
    popularityPrefix: POPULARITY_PREFIX,
    ...(onStep ? { onStep } : {}),
  };
  const { cache, popularity } = searchCache({ ...isolate, ...events }, cacheDeps);
  return {
    days: cache,
    texts: new TieredCache({ ...tieredCacheOptions(isolate, cacheDeps), tiers: [events.texts] }),
    versions: eventVersions(services, isolate),
    popularity,
    loadCityDays: (q) => loadCityDays(services.db, q),
    loadTextMatches: (q) => loadTextMatches(env.DB, q),
    now,
    waitUntil,
    onOriginError: (error) => log.error("origin_unavailable", { product: PRODUCT, error: String(error) }),
  };
}

export function eventVersions(services: Services, isolate: IsolateState): ScopeVersions {
  return new ScopeVersions(
    services.env.ROUTE_CACHE,
    isolate.versionMemo,
    CACHE_POLICY.versionTtlSeconds,
    () => services.clock.now(),
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
