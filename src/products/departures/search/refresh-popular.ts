import { KvTier } from "../../../cache/kv-tier";
import { MemoryPopularity, type Popularity, RedisPopularity } from "../../../cache/popularity";
import { createRedis } from "../../../cache/redis-client";
import { RedisTier } from "../../../cache/redis-tier";
import type { CacheTier } from "../../../cache/tier";
import { CACHE_POLICY } from "../../../config";
import type { AppEnv } from "../../../env";
import type { Logger } from "../../../lib/logger";
import { daysBetween } from "../../../lib/time";
import { resolveLocation } from "../../../places/catalog";
import { parsePopularityMember, routeDayKey } from "./keys";
import { loadRouteDay } from "./origin";
import { RouteVersions } from "./route-versions";
import type { RouteDaySnapshot } from "./snapshot";

export interface RefreshDeps {
  popularity: Popularity;
  versions: { get(originCity: string, destinationCity: string): Promise<string> };
  /** The shared tiers (KV, Redis): an isolate's memory is not worth warming from a cron. */
  tiers: CacheTier[];
  load: (q: { originCodes: string[]; destinationCodes: string[]; date: string }) => Promise<RouteDaySnapshot>;
  log: Logger;
}

/** How many of the most searched route-days each run keeps warm. */
export const REFRESH_TOP = 50;

/**
 * Refresh-ahead: reloads the most searched route-days from D1 and rewrites them to KV and Redis
 * before their entries go stale, so popular searches never wait for the origin. Runs every two
 * minutes, within CACHE_POLICY.maxStaleSeconds. Each route-day is one D1 query.
 */
export async function refreshPopularRoutes({ deps, now }: { deps: RefreshDeps; now: number }) {
  const top = await deps.popularity.top(REFRESH_TOP);
  const today = new Date(now).toISOString().slice(0, 10);
  let refreshed = 0;
  let skipped = 0;
  for (const { member, count } of top) {
    const parsed = parsePopularityMember(member);
    const origin = parsed && resolveLocation(parsed.origin);
    const destination = parsed && resolveLocation(parsed.destination);
    // Past route-days are left to expire (one day of slack: UTC "today" is yesterday somewhere).
    if (
      !parsed ||
      !origin ||
      !destination ||
      count < CACHE_POLICY.popularThreshold ||
      daysBetween(today, parsed.date) < -1
    ) {
      skipped++;
      continue;
    }
    const version = await deps.versions.get(origin.cityCode, destination.cityCode);
    const value = await deps.load({
      originCodes: origin.placeCodes,
      destinationCodes: destination.placeCodes,
      date: parsed.date,
    });
    const entry = { value, asOf: now };
    const key = routeDayKey(origin.code, destination.code, parsed.date, version);
    await Promise.all(
      deps.tiers.map((tier) =>
        tier.set(key, entry, { ttlSeconds: CACHE_POLICY.maxStaleSeconds, popular: true }).catch((error: unknown) => {
          deps.log.warn("refresh_write_failed", { tier: tier.name, key, error: String(error) });
        }),
      ),
    );
    refreshed++;
  }
  return { refreshed, skipped };
}

/** Wiring for the cron handler, which has bindings but no request. */
export function refreshDepsFromEnv(env: AppEnv, log: Logger, now: () => number = Date.now): RefreshDeps {
  const redis = createRedis(env);
  const tiers: CacheTier[] = [new KvTier(env.ROUTE_CACHE)];
  if (redis) tiers.push(new RedisTier(redis));
  return {
    popularity: redis
      ? new RedisPopularity(redis, CACHE_POLICY.popularityWindowSeconds, now)
      : new MemoryPopularity(CACHE_POLICY.popularityWindowSeconds, now),
    versions: new RouteVersions(env.ROUTE_CACHE, new Map(), CACHE_POLICY.versionTtlSeconds, now),
    tiers,
    load: (q) => loadRouteDay(env.DB, { ...q, now: now() }),
    log,
  };
}
