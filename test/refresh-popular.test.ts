import { env } from "cloudflare:test";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createIsolateState } from "../src/api/isolate-state";
import { CACHE_POLICY } from "../src/config";
import { createApp } from "../src/http/app";
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
    // Searched 10 times within one minute (a clock 5 s into it): popular.
    const at = (Math.floor(Date.now() / 60_000) * 60 + 5) * 1000;
    const client = appClient(withRedis, createApp(createIsolateState(() => at)));
    for (let i = 0; i < CACHE_POLICY.popularThreshold; i++) {
      await client(`/v1/search?origin=LHR&destination=CDG&date=${date}`);
    }
    await client(`/v1/search?origin=LGW&destination=ORY&date=${date}`);

    // The cron's run falls in the next minute: it reads that window and the one before.
    const now = at + 60_000;
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
