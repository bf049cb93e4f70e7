import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { benchEnv, bindingTotals } from "../src/bench/metered-env";
import { api, appClient } from "./support/app-client";
import { seedLondonParis } from "./support/search-fixtures";

const benching = { ...env, BENCH_COUNTERS: "1" };
let date = "";
const search = `/v1/search?origin=LHR&destination=CDG`;
const tierOf = async (res: Response) => {
  expect(res.status).toBe(200);
  return (await res.json<{ meta: { tier: string } }>()).meta.tier;
};

beforeAll(async () => {
  ({ date } = await seedLondonParis(env.DB, 15, "bc"));
});

describe("benchmark-only surface", () => {
  it("does not exist unless BENCH_COUNTERS is set", async () => {
    for (const path of ["/__bench/costs", "/__bench/d1-pk?id=dep_bct1", "/__bench/do-ping?departure_id=dep_bct1"]) {
      const res = await api(`https://edgefare.test${path}`);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ code: "NOT_FOUND" });
      expect(res.headers.get("x-cost")).toBeNull();
    }
  });

  it("ignores x-bench-tiers unless BENCH_COUNTERS is set", async () => {
    const call = appClient(env);
    const headers = { "x-bench-tiers": "none" };
    expect(await tierOf(await call(`${search}&date=${date}`, { headers }))).toBe("origin");
    expect(await tierOf(await call(`${search}&date=${date}`, { headers }))).toBe("memory");
  });

  it("limits search to the tiers named in x-bench-tiers when benchmarking", async () => {
    const call = appClient(benchEnv(benching));
    const none = { "x-bench-tiers": "none" };
    expect(await tierOf(await call(`${search}&date=${date}&passengers=2`, { headers: none }))).toBe("origin");
    expect(await tierOf(await call(`${search}&date=${date}&passengers=2`, { headers: none }))).toBe("origin");
    bindingTotals(true);
    const res = await call(`${search}&date=${date}&passengers=2`, { headers: none });
    expect(res.headers.get("x-cost")).toMatch(/d1_queries=1\b/);
    // The code's own meter is summed per isolate too, next to the binding-level count.
    expect(bindingTotals(true)).toMatchObject({ "meter:d1_queries": 1, d1_queries: 1 });
  });
});

describe("binding counters (benchEnv)", () => {
  it("counts D1 statements and rows, KV operations and Durable Object calls where they happen", async () => {
    const metered = benchEnv(benching);
    bindingTotals(true);
    await metered.DB.prepare("SELECT id FROM departures WHERE id LIKE 'dep_bc%'").all();
    await metered.DB.batch([
      metered.DB.prepare("SELECT 1"),
      metered.DB.prepare("UPDATE fare_classes SET updated_at = updated_at WHERE departure_id = ?").bind("dep_bct1"),
    ]);
    await metered.DB.withSession("first-primary").prepare("SELECT 1 AS one").first("one");
    await metered.ROUTE_CACHE.put("bench:test", "1");
    await metered.ROUTE_CACHE.get("bench:test");
    await metered.ROUTE_CACHE.get("bench:missing");
    expect(await metered.INVENTORY.getByName("dep_bct1").ping()).toBeTypeOf("number");
    const totals = bindingTotals(true);
    expect(totals).toMatchObject({ d1_queries: 4, d1_rows_written: 2, kv_reads: 2, kv_writes: 1, do_calls: 1 });
    expect(totals.d1_rows_read).toBeGreaterThanOrEqual(8);
  });

  it("is the env itself when BENCH_COUNTERS is not set", () => {
    expect(benchEnv(env)).toBe(env);
  });
});
