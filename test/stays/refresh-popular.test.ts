import { env } from "cloudflare:test";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
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
    const client = appClient(withRedis);
    for (let i = 0; i < 3; i++) await client(search(addDays(checkIn, 2)));
    // Searched once: its third night is not popular.
    await client(search(addDays(checkIn, 3)));

    const now = Date.now() + 60_000;
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
