import { env } from "cloudflare:test";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { jsonLogger } from "../src/lib/logger";
import { refreshDepsFromEnv, refreshPopularRoutes } from "../src/products/departures/search/refresh-popular";
import { appClient } from "./support/app-client";
import { envWithRedis, flushRedis } from "./support/redis";
import { seedLondonParis } from "./support/search-fixtures";

let date = "";
const withRedis = envWithRedis(env);
const log = jsonLogger({ test: "refresh" });

beforeAll(async () => {
  ({ date } = await seedLondonParis(env.DB, 18, "rp"));
});
beforeEach(flushRedis);

describe("refreshPopularRoutes (cron)", () => {
  it("rewrites popular route-days to KV and Redis with a new as_of, and leaves the rest", async () => {
    const client = appClient(withRedis);
    for (let i = 0; i < 3; i++) await client(`/v1/search?origin=LHR&destination=CDG&date=${date}`);
    await client(`/v1/search?origin=LGW&destination=ORY&date=${date}`);

    const now = Date.now() + 60_000;
    const result = await refreshPopularRoutes({ deps: refreshDepsFromEnv(withRedis, log, () => now), now });
    expect(result).toEqual({ refreshed: 1, skipped: 1 });

    const listed = await env.ROUTE_CACHE.list({ prefix: `search:v1:LHR:CDG:${date}:` });
    expect(listed.keys).toHaveLength(1);
    const entry = await env.ROUTE_CACHE.get<{ asOf: number }>(listed.keys[0]?.name ?? "", "json");
    expect(entry?.asOf).toBe(now);
    const fresh = await appClient(withRedis)(`/v1/search?origin=LHR&destination=CDG&date=${date}`);
    expect((await fresh.json<{ meta: { tier: string } }>()).meta.tier).toBe("kv");
    expect((await env.ROUTE_CACHE.list({ prefix: `search:v1:LGW:ORY:${date}:` })).keys).toEqual([]);
  });

  it("does nothing without Redis, where popularity is per isolate", async () => {
    const result = await refreshPopularRoutes({ deps: refreshDepsFromEnv(env, log), now: Date.now() });
    expect(result).toEqual({ refreshed: 0, skipped: 0 });
  });
});
