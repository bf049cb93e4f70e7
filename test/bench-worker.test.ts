import { createExecutionContext, env, runInDurableObject, waitOnExecutionContext } from "cloudflare:test";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { benchEnv } from "../bench/entry/env";
import benchWorker from "../bench/entry/index";
import { isolateTotals, meterBindings, meterSqlStorage, ObjectActivity, requestScope } from "../bench/entry/metering";
import { ROUTE_DAY_PREFIX } from "../bench/entry/tiers";
import { createRedis } from "../src/cache/redis-client";
import type { AppEnv } from "../src/env";
import { api, appClient } from "./support/app-client";
import { envWithRedis, flushRedis, redisCommand } from "./support/redis";
import { seedLondonParis } from "./support/search-fixtures";

let date = "";
const search = (extra = "") => `/v1/search?origin=LHR&destination=CDG&date=${date}${extra}`;
const tierOf = async (res: Response) => {
  expect(res.status).toBe(200);
  return (await res.json<{ meta: { tier: string } }>()).meta.tier;
};

/** A request to the benchmark's Worker (bench/entry/index.ts), background work awaited. */
async function bench(path: string, headers: Record<string, string> = {}, bindings: AppEnv = env): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await benchWorker.fetch(new Request(`https://edgefare.test${path}`, { headers }), bindings, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

beforeAll(async () => {
  ({ date } = await seedLondonParis(env.DB, 15, "bc"));
});
beforeEach(flushRedis);

describe("the production Worker", () => {
  it("has no benchmark routes and no cost header", async () => {
    for (const path of ["/__bench/costs", "/__bench/d1-pk?id=dep_bct1", "/__bench/do-ping?departure_id=dep_bct1"]) {
      const res = await api(path);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ code: "NOT_FOUND" });
      expect(res.headers.get("x-cost")).toBeNull();
    }
  });

  it("ignores x-bench-tiers", async () => {
    const call = appClient(env);
    const headers = { "x-bench-tiers": "none" };
    expect(await tierOf(await call(search(), { headers }))).toBe("origin");
    expect(await tierOf(await call(search(), { headers }))).toBe("memory");
  });
});

describe("the benchmark's Worker", () => {
  it("limits search to the tiers named in x-bench-tiers and says what each request cost", async () => {
    const none = { "x-bench-tiers": "none" };
    expect(await tierOf(await bench(search("&passengers=2"), none))).toBe("origin");
    isolateTotals(true);
    const res = await bench(search("&passengers=2"), none);
    expect(await tierOf(res)).toBe("origin");
    expect(res.headers.get("x-cost")).toMatch(/(^|, )d1_queries=1(,|$)/);
    expect(isolateTotals(true)).toMatchObject({ d1_queries: 1 });

    const memory = { "x-bench-tiers": "memory" };
    expect(await tierOf(await bench(search("&passengers=3"), memory))).toBe("origin");
    const hit = await bench(search("&passengers=3"), memory);
    expect(await tierOf(hit)).toBe("memory");
    expect(hit.headers.get("x-cost")).not.toMatch(/d1_queries/);
  });

  it("serves its totals and the bare D1 lookup the harness compares with", async () => {
    isolateTotals(true);
    const found = await bench("/__bench/d1-pk?id=dep_bct1");
    expect(found.status).toBe(200);
    expect(await found.json()).toMatchObject({ data: { id: "dep_bct1" } });
    const totals = await bench("/__bench/costs?reset=1");
    expect(await totals.json()).toMatchObject({ d1_queries: 1, d1_rows_read: 1 });
    // The reset emptied them; what is there now is the costs request's own log line and data
    // point, written as it ended (the tests record every request).
    expect(isolateTotals()).toEqual({ log_events: 1, ae_points: 1 });
  });

  it("keeps the Redis tier's route-days out of Redis for a request that hides it", async () => {
    const redisEnv = envWithRedis(env);
    expect(await tierOf(await bench(search("&passengers=4"), { "x-bench-tiers": "kv" }, redisEnv))).toBe("origin");
    expect(await redisCommand("KEYS", `${ROUTE_DAY_PREFIX}*`)).toEqual([]);
    expect(await tierOf(await bench(search("&passengers=4"), { "x-bench-tiers": "redis" }, redisEnv))).toBe("origin");
    expect(await redisCommand("KEYS", `${ROUTE_DAY_PREFIX}*`)).toHaveLength(1);
    expect(await tierOf(await bench(search("&passengers=4"), { "x-bench-tiers": "redis" }, redisEnv))).toBe("redis");
  });
});

describe("binding counters", () => {
  it("count D1 statements and rows, KV operations and Durable Object calls where they happen", async () => {
    const metered = meterBindings(env);
    isolateTotals(true);
    await metered.DB.prepare("SELECT id FROM departures WHERE id LIKE 'dep_bc%'").all();
    await metered.DB.batch([
      metered.DB.prepare("SELECT 1"),
      metered.DB.prepare("UPDATE fare_classes SET updated_at = updated_at WHERE departure_id = ?").bind("dep_bct1"),
    ]);
    await metered.DB.withSession("first-primary").prepare("SELECT 1 AS one").first("one");
    await metered.ROUTE_CACHE.put("bench:test", "1");
    await metered.ROUTE_CACHE.get("bench:test");
    await metered.ROUTE_CACHE.get("bench:missing");
    expect(await metered.INVENTORY.getByName("dep_bct1").availability()).toEqual(expect.any(Array));
    const totals = isolateTotals(true);
    expect(totals).toMatchObject({ d1_queries: 4, d1_rows_written: 2, kv_reads: 2, kv_writes: 1, do_calls: 1 });
    expect(totals.d1_rows_read).toBeGreaterThanOrEqual(8);
  });

  it("count the Redis commands the client sends, one per command of a pipeline, and none it was spared", async () => {
    const redisEnv = benchEnv(envWithRedis(env));
    const redis = createRedis(redisEnv);
    if (!redis) throw new Error("Redis is configured");
    await redis.set("bench:a", "1");
    isolateTotals(true);
    // Auto-pipelining sends these two reads in one HTTP request.
    expect(await Promise.all([redis.get("bench:a"), redis.get("bench:b")])).toEqual([1, null]);
    expect(isolateTotals(true)).toEqual({ redis_commands: 2 });

    const hidden = `${ROUTE_DAY_PREFIX}LHR:CDG:${date}:0`;
    const scope = { counts: new Map(), hiddenTiers: new Set(["redis"] as const) };
    const [miss, visible] = await requestScope.run(scope, () =>
      Promise.all([redis.set(hidden, "x").then(() => redis.get(hidden)), redis.get("bench:a")]),
    );
    expect([miss, visible]).toEqual([null, 1]);
    expect(isolateTotals(true)).toEqual({ redis_commands: 1 });
    expect(await redisCommand("EXISTS", hidden)).toBe(0);
  });
});

describe("Durable Object counters", () => {
  it("count an object's busy time once while calls overlap, as Cloudflare bills duration", () => {
    const activity = new ObjectActivity();
    activity.started("a", 1000);
    activity.started("a", 1010);
    activity.started("b", 1015);
    expect(activity.ended("a", 1020)).toBe(0);
    expect(activity.ended("b", 1030)).toBe(15);
    expect(activity.ended("a", 1050)).toBe(50);
    // Idle in between is not billed.
    activity.started("a", 2000);
    expect(activity.ended("a", 2004)).toBe(4);
  });

  it("count the rows the object's own SQLite writes and reads, statement by statement", async () => {
    const stub = env.INVENTORY.getByName("bench-sql-meter");
    await runInDurableObject(stub, (_instance, state) => {
      meterSqlStorage(state.storage.sql);
      state.storage.sql.exec("CREATE TABLE IF NOT EXISTS bench_rows (id INTEGER PRIMARY KEY, v TEXT)");
      isolateTotals(true);
      state.storage.sql.exec("INSERT INTO bench_rows (v) VALUES ('a'), ('b'), ('c')");
      state.storage.sql.exec("UPDATE bench_rows SET v = 'z' WHERE id <= 2");
      expect(state.storage.sql.exec("SELECT * FROM bench_rows").toArray()).toHaveLength(3);
      const totals = isolateTotals(true);
      expect(totals.do_rows_written).toBe(5);
      expect(totals.do_rows_read).toBeGreaterThanOrEqual(3);
    });
  });
});
