import { env } from "cloudflare:test";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createIsolateState } from "../src/api/isolate-state";
import { CACHE_POLICY } from "../src/config";
import { createApp } from "../src/http/app";
import { appClient } from "./support/app-client";
import {
  envWithRedis,
  envWithRedisDown,
  flushRedis,
  redisCommand,
  resetBridgeFault,
  setBridgeFault,
} from "./support/redis";
import { seedLondonParis } from "./support/search-fixtures";

interface Body {
  data: { id: string; price: { total: { amount_minor: number } } }[];
  meta: { tier: string };
}

let date = "";
const withRedis = envWithRedis(env);
const path = (o: string, d: string) => `/v1/search?origin=${o}&destination=${d}&date=${date}`;
const tierOf = async (res: Response) => {
  expect(res.status).toBe(200);
  return (await res.json<Body>()).meta.tier;
};

/** Popularity window of a moment (a minute). */
const windowOf = (ms: number) => Math.floor(ms / 1000 / CACHE_POLICY.popularityWindowSeconds);
/** A clock standing 5 s into the current window, so a test's searches never straddle two. */
const minuteClock = () => {
  const now = (windowOf(Date.now()) * CACHE_POLICY.popularityWindowSeconds + 5) * 1000;
  return () => now;
};

beforeAll(async () => {
  ({ date } = await seedLondonParis(env.DB, 14, "ct"));
});
beforeEach(flushRedis);
afterEach(resetBridgeFault);

describe("search through the cache tiers with Redis", () => {
  it("fills Redis on a miss, and a fresh isolate reads it from there", async () => {
    const first = appClient(withRedis);
    expect(await tierOf(await first(path("LHR", "CDG")))).toBe("origin");
    expect(await tierOf(await first(path("LHR", "CDG")))).toBe("memory");
    const second = appClient(withRedis);
    expect(await tierOf(await second(path("LHR", "CDG")))).toBe("redis");
    const keys = (await redisCommand("KEYS", "search:*")) as string[];
    expect(keys).toHaveLength(1);
    const ttl = Number(await redisCommand("TTL", keys[0] ?? ""));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(120);
  });

  it("writes a route-day to KV once 10 isolates search it within a minute, with a TTL KV accepts", async () => {
    const clock = minuteClock();
    const isolate = () => appClient(withRedis, createApp(createIsolateState(clock)));
    const popularity = () => redisCommand("ZSCORE", `popularity:${windowOf(clock())}`, `LGW:ORY:${date}`);
    const kvKeys = async () => (await env.ROUTE_CACHE.list({ prefix: `search:v1:LGW:ORY:${date}:` })).keys;
    // Each isolate's first search of a route-day is counted in Redis at once; the first loads D1.
    expect(await tierOf(await isolate()(path("LGW", "ORY")))).toBe("origin");
    for (let i = 2; i < CACHE_POLICY.popularThreshold; i++) {
      expect(await tierOf(await isolate()(path("LGW", "ORY")))).toBe("redis");
    }
    // Nine searches in the minute (three used to be enough): Redis only, no KV write yet.
    expect(await popularity()).toBe("9");
    expect(await kvKeys()).toEqual([]);
    // The tenth isolate misses memory and KV, hits Redis, sees the count reach 10 and fills KV.
    expect(await tierOf(await isolate()(path("LGW", "ORY")))).toBe("redis");
    expect(await popularity()).toBe("10");
    const listed = await kvKeys();
    expect(listed).toHaveLength(1);
    const expiresIn = (listed[0]?.expiration ?? 0) - Date.now() / 1000;
    expect(expiresIn).toBeGreaterThanOrEqual(59);
    expect(await tierOf(await isolate()(path("LGW", "ORY")))).toBe("kv");
  });

  it("keeps a route-day out of KV when its searches are spread over minutes, however many in the hour", async () => {
    // Without Redis the isolate counts for itself; every search is 12 s after the last, so its
    // memory entry (at most 10 s) is gone and each one loads D1 and decides about KV again.
    const at = { now: minuteClock()() };
    const client = appClient(env, createApp(createIsolateState(() => at.now)));
    for (let i = 0; i < 10; i++) {
      expect(await tierOf(await client(path("LCY", "ORY")))).toBe("origin");
      at.now += 12_000;
    }
    // Ten searches in two minutes, five in each: never 10 in one minute (3 in the hour used to be enough).
    expect((await env.ROUTE_CACHE.list({ prefix: `search:v1:LCY:ORY:${date}:` })).keys).toEqual([]);
  });

  it("sends an isolate's further searches to Redis in one batch per flush interval", async () => {
    const clock = { now: minuteClock()() };
    const client = appClient(withRedis, createApp(createIsolateState(() => clock.now)));
    const popularity = () => redisCommand("ZSCORE", `popularity:${windowOf(clock.now)}`, `LHR:ORY:${date}`);
    // Sent at once: the first search (the isolate learns the count) and the tenth (it becomes popular).
    for (let i = 0; i < 20; i++) await client(path("LHR", "ORY"));
    expect(await popularity()).toBe("10");
    // The other eleven in one batch (exact: eight or more searches is no longer the long tail).
    clock.now += 5_000;
    await client(path("LHR", "ORY"));
    expect(await popularity()).toBe("21");
  });

  it("keeps unpopular route-days out of KV", async () => {
    await appClient(withRedis)(path("GBSPX", "FRPNO"));
    const listed = await env.ROUTE_CACHE.list({ prefix: `search:v1:GBSPX:FRPNO:${date}:` });
    expect(listed.keys).toEqual([]);
  });
});

describe("search when Redis fails", () => {
  it("skips an unreachable Redis and answers from D1", async () => {
    const res = await appClient(envWithRedisDown(env))(path("LON", "PAR"));
    expect(await tierOf(res)).toBe("origin");
  });

  it("gives up on a slow Redis after its deadline", async () => {
    await setBridgeFault({ delayMs: 1500 });
    const res = await appClient(withRedis)(path("LON", "PAR"));
    expect(await tierOf(res)).toBe("origin");
    expect(res.headers.get("server-timing")).toMatch(/redis;dur=[\d.]+;desc="error"/);
  });

  it("answers while the bridge drops every connection", async () => {
    await setBridgeFault({ down: true });
    const res = await appClient(withRedis)(path("LON", "CDG"));
    expect(await tierOf(res)).toBe("origin");
  });
});

describe("search without Redis (the embedded default)", () => {
  it("uses memory, KV and D1 only", async () => {
    const client = appClient(env);
    expect(await tierOf(await client(path("LON", "PAR")))).toBe("origin");
    expect(await tierOf(await client(path("LON", "PAR")))).toBe("memory");
  });
});

describe("search when D1 fails", () => {
  it("answers 503 ORIGIN_UNAVAILABLE, not a 500, when nothing cached can serve", async () => {
    const brokenDb = {
      prepare: () => {
        throw new Error("D1_ERROR: simulated outage");
      },
    };
    const res = await appClient({ ...env, DB: brokenDb })(path("LHR", "ORY"));
    expect(res.status).toBe(503);
    const body = await res.json<Record<string, unknown>>();
    expect(body).toEqual({
      type: "https://edgefare.dev/problems/origin-unavailable",
      title: "The origin database is unavailable",
      status: 503,
      code: "ORIGIN_UNAVAILABLE",
      detail: "Trips cannot be read right now and no cached answer is fresh enough. Retry shortly.",
      instance: "/v1/search",
      request_id: res.headers.get("x-request-id"),
    });
  });

  it("keeps serving a route-day that a cache tier still holds", async () => {
    const app = createApp();
    await appClient(env, app)(path("GBSPX", "FRPLY"));
    const brokenDb = {
      prepare: () => {
        throw new Error("D1_ERROR: simulated outage");
      },
    };
    const res = await appClient({ ...env, DB: brokenDb }, app)(path("GBSPX", "FRPLY"));
    expect(res.status).toBe(200);
    expect((await res.json<Body>()).meta.tier).toBe("memory");
  });
});

describe("an isolate that saw Redis fail", () => {
  it("leaves Redis alone for a few seconds instead of paying its deadline on every request", async () => {
    await setBridgeFault({ delayMs: 1500 });
    const client = appClient(withRedis);
    const first = await client(path("LHR", "FRPNO"));
    expect(first.headers.get("server-timing")).toMatch(/redis;dur=[\d.]+;desc="error"/);
    const second = await client(path("LGW", "FRPNO"));
    expect(await tierOf(second)).toBe("origin");
    expect(second.headers.get("server-timing")).not.toMatch(/redis;/);
  });
});
