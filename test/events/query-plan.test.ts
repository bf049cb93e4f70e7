import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { isolateTotals, meterBindings } from "../../bench/entry/metering";
import { createDb } from "../../src/db/client";
import { cityDayQuery, loadCityDay } from "../../src/products/events/search/origin";
import { loadTextMatches, TEXT_MATCH_SQL } from "../../src/products/events/search/text";
import { insertEventFixture } from "../support/events";

async function plan(sql: string, params: unknown[]): Promise<string[]> {
  const result = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params)
    .all<{ detail: string }>();
  return result.results.map((r) => r.detail);
}

describe("the D1 queries of event search", () => {
  it("reads a city-day by seeking the (city_code, local_date) index, venues and tiers by key", async () => {
    const { sql, params } = cityDayQuery(createDb(env.DB), "LON", "2026-12-01").toSQL();
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

  it("costs one D1 query per city-day and one per text search", async () => {
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
    // Counted at the binding, the way the benchmark counts (bench/entry/metering.ts).
    const counted = meterBindings(env);
    isolateTotals(true);
    const day = await loadCityDay(createDb(counted.DB), { cityCode: "RIX", date: "2026-12-03" });
    expect(day.events.map((e) => [e.id, e.tiers.map((t) => t.id)])).toEqual([["evt_qp_one", ["tier_a", "tier_b"]]]);
    const ids = await loadTextMatches(counted.DB, {
      match: 'city : "RIX" AND body : "rig"*',
      from: "2026-12-01",
      to: "2026-12-31",
    });
    expect(ids).toEqual(["evt_qp_one"]);
    expect(isolateTotals(true)).toMatchObject({ d1_queries: 2 });
  });
});
