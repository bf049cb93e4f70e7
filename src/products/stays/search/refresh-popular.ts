import { KvTier } from "../../../cache/kv-tier";
import { MemoryPopularity, type Popularity, RedisPopularity } from "../../../cache/popularity";
import { createRedis } from "../../../cache/redis-client";
import { RedisTier } from "../../../cache/redis-tier";
import { ScopeVersions } from "../../../cache/scope-versions";
import type { CacheTier } from "../../../cache/tier";
import { CACHE_POLICY } from "../../../config";
import { createDb } from "../../../db/client";
import type { AppEnv } from "../../../env";
import type { Logger } from "../../../lib/logger";
import { addDays, daysBetween, isValidIsoDate } from "../../../lib/time";
import { POPULARITY_PREFIX } from "./deps";
import { cityScope, listingKey, nightKey } from "./keys";
import { loadFromOrigin, type OriginRequest } from "./origin";
import type { CityListing, CityNight } from "./types";

export interface StaysRefreshDeps {
  /** Stays' own sorted set: members are city-nights, `<CITY>:<YYYY-MM-DD>`. */
  popularity: Popularity;
  versions: { get(scope: string): Promise<string> };
  /** The shared tiers (KV, Redis): an isolate's memory is not worth warming from a cron. */
  tiers: CacheTier[];
  load: (city: string, requests: readonly OriginRequest[]) => Promise<(CityListing | CityNight)[]>;
  log: Logger;
}

/** How many of the most searched city-nights each run keeps warm. */
export const STAYS_REFRESH_TOP = 100;

const MEMBER = /^([A-Z]{3}):(\d{4}-\d{2}-\d{2})$/;

/**
 * Refresh-ahead for stays: reloads the most searched city-nights (and their cities' listings) from
 * D1 and rewrites them to KV and Redis before they go stale, so a popular stay search never waits
 * for the origin. Rides on the same two-minute trigger as departures' route-days, inside
 * CACHE_POLICY.maxStaleSeconds. One D1 batch per city: its listing and all its popular nights.
 */
export async function refreshPopularCityNights({ deps, now }: { deps: StaysRefreshDeps; now: number }) {
  const top = await deps.popularity.top(STAYS_REFRESH_TOP);
  // UTC "today" is yesterday somewhere: one day of slack before a night is left to expire.
  const yesterday = addDays(new Date(now).toISOString().slice(0, 10), -1);
  const byCity = new Map<string, string[]>();
  let skipped = 0;
  for (const { member, count } of top) {
    const match = MEMBER.exec(member);
    const [city, night] = [match?.[1], match?.[2]];
    if (
      !city ||
      !night ||
      !isValidIsoDate(night) ||
      count < CACHE_POLICY.popularThreshold ||
      daysBetween(yesterday, night) < 0
    ) {
      skipped++;
      continue;
    }
    byCity.set(city, [...(byCity.get(city) ?? []), night]);
  }
  let refreshed = 0;
  for (const [city, nights] of byCity) {
    const version = await deps.versions.get(cityScope(city));
    const requests: OriginRequest[] = [
      { kind: "listing" },
      ...nights.map((night) => ({ kind: "night" as const, night })),
    ];
    const keys = [listingKey(city, version), ...nights.map((night) => nightKey(city, night, version))];
    let values: (CityListing | CityNight)[];
    try {
      values = await deps.load(city, requests);
    } catch (error) {
      deps.log.warn("refresh_load_failed", { product: "stays", city, error: String(error) });
      skipped += nights.length;
      continue;
    }
    await Promise.all(
      values.flatMap((value, i) =>
        deps.tiers.map((tier) =>
          tier
            .set(keys[i] as string, { value, asOf: now }, { ttlSeconds: CACHE_POLICY.maxStaleSeconds, popular: true })
            .catch((error: unknown) => {
              deps.log.warn("refresh_write_failed", { tier: tier.name, key: keys[i], error: String(error) });
            }),
        ),
      ),
    );
    refreshed += nights.length;
  }
  return { refreshed, skipped, cities: byCity.size };
}

/** Wiring for the cron handler, which has bindings but no request. */
export function staysRefreshDepsFromEnv(env: AppEnv, log: Logger, now: () => number = Date.now): StaysRefreshDeps {
  const redis = createRedis(env);
  const tiers: CacheTier[] = [new KvTier(env.ROUTE_CACHE)];
  if (redis) tiers.push(new RedisTier(redis));
  const window = CACHE_POLICY.popularityWindowSeconds;
  return {
    popularity: redis ? new RedisPopularity(redis, window, now, POPULARITY_PREFIX) : new MemoryPopularity(window, now),
    versions: new ScopeVersions(env.ROUTE_CACHE, new Map(), CACHE_POLICY.versionTtlSeconds, now, log),
    tiers,
    load: (city, requests) => loadFromOrigin(createDb(env.DB), city, requests),
    log,
  };
}
