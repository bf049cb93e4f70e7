import { RouteVersions } from "../cache/route-versions";
import { searchCache } from "../cache/search-cache";
import type { ServedBy, TierName } from "../cache/tier";
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
  /** Benchmark only (x-bench-tiers): the tiers to use, none for origin only. */
  onlyTiers?: ReadonlySet<TierName>,
): SearchDeps {
  const { env, redis, meter, log, waitUntil } = services;
  const now = () => services.clock.now();
  const { cache, popularity } = searchCache(isolate, {
    kv: env.ROUTE_CACHE,
    redis,
    meter,
    log,
    now,
    waitUntil,
    ...(onStep ? { onStep } : {}),
    ...(onlyTiers ? { onlyTiers } : {}),
  });
  return {
    cache,
    versions: routeVersions(services, isolate),
    popularity,
    loadRouteDay: (q) => loadRouteDay(env.DB, { ...q, now: now() }, meter),
    now,
    waitUntil,
    onOriginError: (error) => log.error("origin_unavailable", { error: String(error) }),
    pages: isolate.searchPages,
  };
}

export function routeVersions(services: Services, isolate: IsolateState): RouteVersions {
  return new RouteVersions(
    services.env.ROUTE_CACHE,
    isolate.versionMemo,
    CACHE_POLICY.versionTtlSeconds,
    () => services.clock.now(),
    services.meter,
    services.log,
  );
}
