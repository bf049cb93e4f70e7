import type { IsolateState } from "../../../api/isolate-state";
import type { Services } from "../../../api/services";
import { searchCache } from "../../../cache/search-cache";
import type { ServedBy } from "../../../cache/tier";
import { CACHE_POLICY } from "../../../config";
import type { DeparturesIsolate } from "../isolate";
import { loadHubs } from "./connections/hubs";
import { loadRouteDay } from "./origin";
import { RouteVersions } from "./route-versions";
import type { SearchDeps } from "./search-trips";

/** Wires search to this request's bindings, the isolate's shared state and departures' own. */
export function buildSearchDeps(
  services: Services,
  isolate: IsolateState,
  departures: DeparturesIsolate,
  onStep?: (tier: ServedBy, durationMs: number, outcome: string) => void,
): SearchDeps {
  const { env, redis, log, waitUntil } = services;
  const now = () => services.clock.now();
  const { cache, popularity } = searchCache(
    { ...isolate, ...departures },
    {
      kv: env.ROUTE_CACHE,
      redis,
      log,
      now,
      waitUntil,
      ...(onStep ? { onStep } : {}),
    },
  );
  return {
    cache,
    versions: routeVersions(services, isolate),
    popularity,
    loadRouteDay: (q) => loadRouteDay(env.DB, { ...q, now: now() }),
    loadHubs: (q) => loadHubs(env.DB, q),
    now,
    waitUntil,
    onOriginError: (error) => log.error("origin_unavailable", { error: String(error) }),
    pages: departures.searchPages,
  };
}

export function routeVersions(services: Services, isolate: Pick<IsolateState, "versionMemo">): RouteVersions {
  return new RouteVersions(
    services.env.ROUTE_CACHE,
    isolate.versionMemo,
    CACHE_POLICY.versionTtlSeconds,
    () => services.clock.now(),
    services.log,
  );
}
