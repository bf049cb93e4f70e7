import { MemoryTier } from "../../src/cache/memory-tier";
import type { CacheEntry, TierName, WriteHints } from "../../src/cache/tier";
import { routeDayKey } from "../../src/products/departures/search/keys";
import { cityDayKey } from "../../src/products/events/search/keys";
import { listingKey } from "../../src/products/stays/search/keys";
import { intercept, requestScope } from "./metering";

const TIERS: readonly TierName[] = ["memory", "kv", "redis"];

/**
 * `x-bench-tiers: kv` (comma-separated: memory, kv, redis; `none` for origin only) limits a
 * search to the listed cache tiers, so that the harness measures one tier at a time. The answer
 * is the tiers to hide; a request without the header hides none and runs as in production.
 */
export function hiddenTiers(header: string | null): ReadonlySet<TierName> {
  if (header === null) return new Set();
  const wanted = header.split(",").map((t) => t.trim());
  return new Set(TIERS.filter((t) => !wanted.includes(t)));
}

export function isHidden(tier: TierName): boolean {
  return requestScope.getStore()?.hiddenTiers.has(tier) ?? false;
}

/** The isolate's memory tier; a request that hides it finds nothing there and stores nothing. */
export class SelectableMemoryTier extends MemoryTier {
  override get<T>(key: string): Promise<CacheEntry<T> | null> {
    return isHidden("memory") ? Promise.resolve(null) : super.get<T>(key);
  }

  override set<T>(key: string, entry: CacheEntry<T>, hints: WriteHints): Promise<void> {
    return isHidden("memory") ? Promise.resolve() : super.set(key, entry, hints);
  }

  override refreshDue(key: string): boolean {
    return !isHidden("memory") && super.refreshDue(key);
  }
}

/** What the KV and Redis tiers store under (src/products/departures/search/keys.ts); route versions are left visible. */
export const ROUTE_DAY_PREFIX = routeDayKey("", "", "", "").replace(/:+$/, ":");

/** What stays' KV and Redis tiers store under (src/products/stays/search/keys.ts): city listings and city-nights. */
export const STAYS_PREFIX = listingKey("", "").split(":listing:")[0] as string;

/** What events' KV and Redis tiers store under (src/products/events/search/keys.ts): city-days and text matches. */
export const EVENTS_PREFIX = cityDayKey("", "", "").split(":day:")[0] as string;

/** A search entry a request may hide (departures' route-days, stays' and events' entries); versions stay visible. */
const isRouteDay = (key: unknown) =>
  typeof key === "string" &&
  (key.startsWith(ROUTE_DAY_PREFIX) || key.startsWith(STAYS_PREFIX) || key.startsWith(EVENTS_PREFIX));
const allRouteDays = (keys: unknown) => Array.isArray(keys) && keys.length > 0 && keys.every(isRouteDay);

/**
 * ROUTE_CACHE as the KV tier sees it: a request that hides the tier finds no route-day there and
 * writes none. Wrapped outside the counters, so what is hidden is not counted either.
 */
export function selectableKv(kv: KVNamespace): KVNamespace {
  const skip = (key: unknown) => isRouteDay(key) && isHidden("kv");
  return intercept(kv, {
    get: (original, args) => {
      // Stays read a search's entries with one bulk get (an array of keys): a Map of misses.
      if (allRouteDays(args[0]) && isHidden("kv")) {
        return Promise.resolve(new Map((args[0] as string[]).map((k) => [k, null])));
      }
      return skip(args[0]) ? Promise.resolve(null) : original(...args);
    },
    put: (original, args) => (skip(args[0]) ? Promise.resolve() : original(...args)),
  });
}

/**
 * The Redis tier's own commands (GET and SET of a route-day), answered here as a miss and an OK
 * for a request that hides the tier, or undefined to send the command.
 */
export function hiddenRedisReply(command: unknown, base64: boolean): { result: unknown } | undefined {
  if (!Array.isArray(command) || !isRouteDay(command[1]) || !isHidden("redis")) return undefined;
  const name = String(command[0]).toUpperCase();
  if (name === "MGET" && allRouteDays(command.slice(1))) return { result: command.slice(1).map(() => null) };
  if (name === "GET") return { result: null };
  if (name === "SET") return { result: base64 ? btoa("OK") : "OK" };
  return undefined;
}
