import type { IsolateState } from "../../../api/isolate-state";
import type { Services } from "../../../api/services";
import { ScopeVersions } from "../../../cache/scope-versions";
import { createSearchCacheIsolate, type SearchCacheIsolate, searchCache } from "../../../cache/search-cache";
import type { ServedBy } from "../../../cache/tier";
import { CACHE_POLICY } from "../../../config";
import { loadFromOrigin } from "./origin";
import { StayPageMemo } from "./page-memo";
import type { StaySearchDeps } from "./search-stays";
import type { PropertyOffer } from "./types";

/**
 * Stays' own memory tier holds fewer entries than departures': a 30-night search fills 31, and
 * city-nights are small (a few KB).
 */
const STAYS_MEMORY_ENTRIES = 2_000;

/** Stays' own sorted set per window, so city-nights never crowd route-days out of the refresh cron's top list. */
export const POPULARITY_PREFIX = "popularity:stays";

/** What stays search keeps per isolate beside the shared IsolateState. */
export interface StaysIsolate extends SearchCacheIsolate {
  /** Pages computed from the same cache entries (see StayPageMemo). */
  pages: StayPageMemo;
  /** A memoised page's `data` bytes and validator, by its offers array: same page, same bytes. */
  rendered: WeakMap<PropertyOffer[], { json: string; etag: string }>;
}

export function createStaysIsolate(isolate: IsolateState): StaysIsolate {
  return {
    ...createSearchCacheIsolate(isolate.memoryTier(STAYS_MEMORY_ENTRIES), isolate.now),
    pages: new StayPageMemo(),
    rendered: new WeakMap(),
  };
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
  stays: StaysIsolate,
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
  const { cache, popularity } = searchCache(shared, cacheDeps);
  return {
    cache,
    versions: staysVersions(services, isolate),
    popularity,
    pages: stays.pages,
    load: (city, requests) => loadFromOrigin(services.db, city, requests),
    now,
    waitUntil,
    onOriginError: (error) => log.error("origin_unavailable", { product: "stays", error: String(error) }),
  };
}
