import { MemoryTier } from "../../../cache/memory-tier";
import { ScopeVersions } from "../../../cache/scope-versions";
import { type IsolateCacheParts, searchCache } from "../../../cache/search-cache";
import type { ServedBy, TierName } from "../../../cache/tier";
import { CACHE_POLICY } from "../../../config";
import type { Services } from "../../../services";
import { loadFromOrigin } from "./origin";
import type { StaySearchDeps } from "./search-stays";

/** What stays search keeps per isolate besides what every product shares. */
export interface StaysIsolateParts extends IsolateCacheParts {
  versionMemo: Map<string, { version: string; until: number }>;
}

/**
 * Stays get their own memory tier: a 30-night search fills 31 entries, which would push a
 * departures isolate's hot route-days out of a shared LRU. City-nights are small (a few KB).
 */
const STAYS_MEMORY_ENTRIES = 2_000;
const memoryTiers = new WeakMap<object, MemoryTier>();

function staysMemory(isolate: StaysIsolateParts, now: () => number): MemoryTier {
  let tier = memoryTiers.get(isolate);
  if (!tier) {
    tier = new MemoryTier(STAYS_MEMORY_ENTRIES, now, CACHE_POLICY.memoryTtlSeconds);
    memoryTiers.set(isolate, tier);
  }
  return tier;
}

export function staysVersions(services: Services, isolate: StaysIsolateParts): ScopeVersions {
  return new ScopeVersions(
    services.env.ROUTE_CACHE,
    isolate.versionMemo,
    CACHE_POLICY.versionTtlSeconds,
    () => services.clock.now(),
    services.meter,
    services.log,
  );
}

/** Wires stays search to this request's bindings and this isolate's memory. */
export function buildStaySearchDeps(
  services: Services,
  isolate: StaysIsolateParts,
  onStep?: (tier: ServedBy, durationMs: number, outcome: string) => void,
  onlyTiers?: ReadonlySet<TierName>,
): StaySearchDeps {
  const { env, redis, meter, log, waitUntil } = services;
  const now = () => services.clock.now();
  const { cache, popularity } = searchCache(
    { ...isolate, memoryTier: staysMemory(isolate, now) },
    {
      kv: env.ROUTE_CACHE,
      redis,
      meter,
      log,
      now,
      waitUntil,
      ...(onStep ? { onStep } : {}),
      ...(onlyTiers ? { onlyTiers } : {}),
    },
  );
  return {
    cache,
    versions: staysVersions(services, isolate),
    popularity,
    load: (city, requests) => loadFromOrigin(services.db, city, requests, meter),
    now,
    waitUntil,
    onOriginError: (error) => log.error("origin_unavailable", { product: "stays", error: String(error) }),
  };
}
