import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { isolateTotals, meterBindings } from "../../bench/entry/metering";
import { createDb } from "../../src/db/client";
import { cityDaysQuery, loadCityDays } from "../../src/products/events/search/origin";
import { loadTextMatches, TEXT_MATCH_SQL } from "../../src/products/events/search/text";
import { insertEventFixture } from "../support/events";

async function plan(sql: string, params: unknown[]): Promise<string[]> {
  const result = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params)
    .all<{ detail: string }>();
  return result.results.map((r) => r.detail);
}

describe("the D1 queries of event search", () => {
  it("reads city-days by seeking the (city_code, local_date) index, venues and tiers by key", async () => {
    const { sql, params } = cityDaysQuery(createDb(env.DB), "LON", ["2026-12-01", "2026-12-02", "2026-12-03"]).toSQL();
    const details = await plan(sql, params);
    expect(details).toContainEqual(
      expect.stringMatching(/^SEARCH events USING INDEX events_city_day_idx \(city_code=\? AND local_date=\?\)$/),
    );
    expect(details).toContainEqual(
      expect.stringMatching(/^SEARCH venues USING INDEX sqlite_autoindex_venues_1 \(id=\?\)$/),
    );
    expect(details).toContainEqual(
      expect.stringMatching(/^SEARCH ticket_tiers USING INDEX sqlite_autoindex_ticket_tiers_1 \(event_id=\?\)$/),
    );
    expect(details.filter((d) => d.startsWith("SCAN"))).toEqual([]);
  });

  it("answers text through the FTS index, then reaches each event by its integer key", async () => {
    const details = await plan(TEXT_MATCH_SQL, ['city : "LON" AND body : "x"*', "2026-12-01", "2026-12-07"]);
    expect(details).toEqual([
      expect.stringMatching(/^SCAN events_fts VIRTUAL TABLE INDEX \d+:M/),
      "SEARCH e USING INTEGER PRIMARY KEY (rowid=?)",
    ]);
  });

  it("costs one D1 query for a week of city-days and one per text search", async () => {
    await insertEventFixture(env.DB, {
      id: "evt_qp_one",
      city: "RIX",
      date: "2026-12-03",
      name: "Riga Nights",
      performers: ["A"],
      venue: { id: "ven_qp", name: "Hall" },
      tiers: [
        { id: "tier_a", priceMinor: 1000, capacity: 10 },
        { id: "tier_b", priceMinor: 2000, capacity: 5 },
      ],
    });
    await insertEventFixture(env.DB, {
      id: "evt_qp_two",
      city: "RIX",
      date: "2026-12-05",
      hour: 18,
      name: "Daugava Mornings",
      performers: ["B"],
      venue: { id: "ven_qp", name: "Hall" },
    });
    await insertEventFixture(env.DB, {
      id: "evt_qp_elsewhere",
      city: "TLL",
      date: "2026-12-03",
      name: "Tallinn Nights",
      performers: ["C"],
      venue: { id: "ven_qp_tll", name: "Hall" },
    });
    // Counted at the binding, the way the benchmark counts (bench/entry/metering.ts).
    const counted = meterBindings(env);
    isolateTotals(true);
    const week = ["2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05", "2026-12-06", "2026-12-07"];
    const days = await loadCityDays(createDb(counted.DB), { cityCode: "RIX", dates: week });
    expect(days.map((d) => [d.date, d.events.map((e) => [e.id, e.tiers.map((t) => t.id)])])).toEqual([
      ["2026-12-01", []],
      ["2026-12-02", []],
      ["2026-12-03", [["evt_qp_one", ["tier_a", "tier_b"]]]],
      ["2026-12-04", []],
      ["2026-12-05", [["evt_qp_two", ["tier_ga"]]]],
      ["2026-12-06", []],
      ["2026-12-07", []],
    ]);
    expect(days.every((d) => d.cityCode === "RIX")).toBe(true);
    const ids = await loadTextMatches(counted.DB, {
      match: 'city : "RIX" AND body : "rig"*',
      from: "2026-12-01",
      to: "2026-12-31",
    });
    expect(ids).toEqual(["evt_qp_one"]);
    expect(isolateTotals(true)).toMatchObject({ d1_queries: 2 });
  });
});
