import { env } from "cloudflare:test";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createIsolateState } from "../../src/api/isolate-state";
import { CACHE_POLICY } from "../../src/config";
import { createApp } from "../../src/http/app";
import { jsonLogger } from "../../src/lib/logger";
import { addDays } from "../../src/lib/time";
import { refreshPopularCityNights, staysRefreshDepsFromEnv } from "../../src/products/stays/search/refresh-popular";
import { appClient } from "../support/app-client";
import { envWithRedis, flushRedis } from "../support/redis";
import { fixtureProperty, fixtureRoomType, inDays, insertFixture, staysQuery } from "../support/stays";

const withRedis = envWithRedis(env);
const log = jsonLogger({ test: "stays-refresh" });
const checkIn = inDays(12);
const search = (checkOut: string, place = "LIS") =>
  staysQuery({ place, check_in: checkIn, check_out: checkOut, adults: 1 });

beforeAll(async () => {
  await insertFixture(env.DB, {
    properties: [fixtureProperty("prp_rf_lis", { cityCode: "LIS", currency: "EUR", timezone: "Europe/Lisbon" })],
    roomTypes: [fixtureRoomType("rt_rf_lis", "prp_rf_lis")],
  });
});
beforeEach(flushRedis);

describe("refreshPopularCityNights (cron)", () => {
  it("rewrites popular city-nights and their city's listing to KV and Redis with a new as_of, and leaves the rest", async () => {
    // Searched 10 times within one minute (a clock 5 s into it): popular.
    const at = (Math.floor(Date.now() / 60_000) * 60 + 5) * 1000;
    const client = appClient(withRedis, createApp(createIsolateState(() => at)));
    for (let i = 0; i < CACHE_POLICY.popularThreshold; i++) await client(search(addDays(checkIn, 2)));
    // Searched once: its third night is not popular.
    await client(search(addDays(checkIn, 3)));

    // The cron's run falls in the next minute: it reads that window and the one before.
    const now = at + 60_000;
    const result = await refreshPopularCityNights({ deps: staysRefreshDepsFromEnv(withRedis, log, () => now), now });
    expect(result).toEqual({ refreshed: 2, skipped: 1, cities: 1 });

    const nights = await env.ROUTE_CACHE.list({ prefix: "search:stays:v1:night:LIS:" });
    const refreshedNights = [];
    for (const { name } of nights.keys) {
      const entry = await env.ROUTE_CACHE.get<{ asOf: number }>(name, "json");
      if (entry?.asOf === now) refreshedNights.push(name.split(":")[5]);
    }
    expect(refreshedNights.sort()).toEqual([checkIn, addDays(checkIn, 1)]);
    const listing = await env.ROUTE_CACHE.list({ prefix: "search:stays:v1:listing:LIS:" });
    expect(await env.ROUTE_CACHE.get<{ asOf: number }>(listing.keys[0]?.name ?? "", "json")).toMatchObject({
      asOf: now,
    });

    // A fresh isolate is served from KV, without the origin.
    const fresh = await appClient(withRedis)(search(addDays(checkIn, 2)));
    expect((await fresh.json<{ meta: { tier: string } }>()).meta.tier).toBe("kv");
  });

  it("does nothing without Redis, where popularity is per isolate", async () => {
    const now = Date.now();
    expect(await refreshPopularCityNights({ deps: staysRefreshDepsFromEnv(env, log), now })).toEqual({
      refreshed: 0,
      skipped: 0,
      cities: 0,
    });
  });
});
