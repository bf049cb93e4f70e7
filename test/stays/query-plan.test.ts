import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import { listingQuery, nightQuery } from "../../src/products/stays/search/origin";

async function plan(query: { toSQL(): { sql: string; params: unknown[] } }): Promise<string[]> {
  const { sql, params } = query.toSQL();
  const rows = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params)
    .all<{ detail: string }>();
  return rows.results.map((r) => r.detail);
}

describe("the origin queries of stays search", () => {
  const db = createDb(env.DB);

  it("reads a city-night by seeking indexes only: city, property, primary key, covering changes", async () => {
    expect(await plan(nightQuery(db, "LON", "2026-12-01"))).toEqual([
      "SEARCH properties USING INDEX properties_city_idx (city_code=? AND status=?)",
      "SEARCH room_types USING INDEX room_types_property_idx (property_id=?)",
      "SEARCH room_night_availability USING INDEX sqlite_autoindex_room_night_availability_1 (room_type_id=? AND night=?) LEFT-JOIN",
      // Newest override first: the sort is over one room type's overrides that start by the night, a handful.
      "CORRELATED SCALAR SUBQUERY 1",
      "SEARCH o USING INDEX room_rate_overrides_night_idx (room_type_id=? AND from_date<?)",
      "USE TEMP B-TREE FOR ORDER BY",
      "CORRELATED SCALAR SUBQUERY 2",
      "SEARCH o USING INDEX room_rate_overrides_night_idx (room_type_id=? AND from_date<?)",
      "USE TEMP B-TREE FOR ORDER BY",
      "CORRELATED SCALAR SUBQUERY 3",
      "SEARCH c USING INDEX property_closures_night_idx (property_id=? AND from_date<?)",
      "CORRELATED SCALAR SUBQUERY 4",
      "SEARCH c USING INDEX property_closures_night_idx (property_id=? AND from_date<?)",
    ]);
  });

  it("reads a city's listing by the city index and room types by property", async () => {
    const details = await plan(listingQuery(db, "LON"));
    expect(details).toEqual([
      "SEARCH properties USING INDEX properties_city_idx (city_code=? AND status=?)",
      "SEARCH room_types USING INDEX room_types_property_idx (property_id=?)",
    ]);
  });
});
