import { CACHE_POLICY } from "../config";
import type { ServedBy } from "./tier";
import type { CacheLookup } from "./tiered-cache";

/** How fresh a search answer is: what every search's `meta` reports (docs/search-and-caching.md). */
export interface Freshness {
  asOf: number;
  servedBy: ServedBy;
  state: "fresh" | "stale";
  ageSeconds: number;
  maxStaleSeconds: number;
}

const SLOWNESS: Record<ServedBy, number> = { memory: 0, kv: 1, redis: 2, origin: 3 };

/**
 * An answer built from one or several cache entries (a route-day; a stay's listing and nights;
 * a range of event days) is as old as its oldest entry, as slow as its slowest tier, and stale
 * when any entry was served stale.
 */
export function freshnessOf(lookups: readonly Omit<CacheLookup<unknown>, "value">[], now: number): Freshness {
  let asOf = now;
  let servedBy: ServedBy = "memory";
  let state: Freshness["state"] = "fresh";
  for (const l of lookups) {
    asOf = Math.min(asOf, l.asOf);
    if (SLOWNESS[l.servedBy] > SLOWNESS[servedBy]) servedBy = l.servedBy;
    if (l.state === "stale") state = "stale";
  }
  return {
    asOf,
    servedBy,
    state,
    ageSeconds: Math.max(0, Math.floor((now - asOf) / 1000)),
    maxStaleSeconds: CACHE_POLICY.maxStaleSeconds,
  };
}
