import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { isolateTotals, meterBindings } from "../bench/entry/metering";
import { hubsSql } from "../src/products/departures/search/connections/hubs";
import { loadRouteDay, routeDaySql } from "../src/products/departures/search/origin";
import { seedLondonParis } from "./support/search-fixtures";

describe("the origin query of a search", () => {
  it("seeks the route-day index and reaches fare classes by primary key", async () => {
    const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${routeDaySql(9, 6)}`)
      .bind("2026-12-01", ...Array.from({ length: 15 }, (_, i) => `P${i}`))
      .all<{ detail: string }>();
    const details = plan.results.map((r) => r.detail);
    expect(details).toContainEqual(
      expect.stringMatching(
        /^SEARCH d USING INDEX departures_route_day_idx \(origin_code=\? AND destination_code=\? AND service_date=\?\)$/,
      ),
    );
    expect(details).toContainEqual(
      expect.stringMatching(/^SEARCH f USING (INDEX sqlite_autoindex_fare_classes_1|PRIMARY KEY) \(departure_id=\?\)$/),
    );
    expect(details.filter((d) => d.startsWith("SCAN"))).toEqual([]);
  });

  it("costs exactly one D1 query", async () => {
    const { date } = await seedLondonParis(env.DB, 20, "qp");
    // Counted at the binding, the way the benchmark counts (bench/entry/metering.ts).
    const counted = meterBindings(env);
    isolateTotals(true);
    const snapshot = await loadRouteDay(counted.DB, {
      originCodes: ["LHR", "LGW"],
      destinationCodes: ["CDG", "ORY"],
      date,
      now: 0,
    });
    expect(isolateTotals(true)).toMatchObject({ d1_queries: 1 });
    // The cancelled t5 is left out by the query; the sold-out t3 is filtered later, per request.
    expect(snapshot.departures.map((d) => d.id)).toEqual(["dep_qpt1", "dep_qpt3"]);
  });
});

describe("the hub query of a search with connections", () => {
  // The first step reads every index entry of the origin's places (all destinations and dates): a
  // range of the covering index, not the table; the second seeks the index per hub place.
  it("reads the route-day index and places by key: no table scans", async () => {
    const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${hubsSql(9, 6)}`)
      .bind("2026-12-01", "2026-11-30", "2026-12-02", "LON", "PAR", ...Array.from({ length: 15 }, (_, i) => `P${i}`))
      .all<{ detail: string }>();
    const details = plan.results.map((r) => r.detail);
    expect(details).toContainEqual(
      expect.stringMatching(/USING COVERING INDEX departures_route_day_idx \(origin_code=\?/),
    );
    expect(details).toContainEqual(
      expect.stringMatching(
        /^SEARCH b (EXISTS )?USING (COVERING )?INDEX departures_route_day_idx \(origin_code=\? AND destination_code=\? AND service_date=\?\)$/,
      ),
    );
    expect(
      details.filter((d) => d.startsWith("SCAN") && !d.startsWith("SCAN reached") && !d.startsWith("SCAN hub_places")),
    ).toEqual([]);
  });
});
