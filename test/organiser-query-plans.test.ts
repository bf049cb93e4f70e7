import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createDb } from "../src/db/client";
import { unitBookingsQuery } from "../src/organiser/unit-bookings";
import { ownedUnitsQuery } from "../src/organiser/units";

const db = createDb(env.DB);

async function plan(query: { toSQL(): { sql: string; params: unknown[] } }): Promise<string[]> {
  const { sql, params } = query.toSQL();
  const rows = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params)
    .all<{ detail: string }>();
  return rows.results.map((r) => r.detail);
}

describe("the organiser console's queries", () => {
  it("an organiser's units start from their own rows, never a scan of every owner", async () => {
    const details = await plan(ownedUnitsQuery(db, { ownerId: "acc_x", prefix: "evt", after: null, size: 26 }));
    // The sort is over one organiser's units of one product: bounded by what they own.
    expect(details).toEqual([
      "SEARCH inventory_owners USING INDEX inventory_owners_account_idx (account_id=?)",
      "USE TEMP B-TREE FOR ORDER BY",
    ]);
  });

  it("a unit's bookings start from its items, then each booking by key", async () => {
    const details = await plan(unitBookingsQuery(db, { unitId: "dep_x", after: null, size: 26 }));
    expect(details).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^SEARCH booking_items USING INDEX booking_items_unit_idx \(unit_id=\?\)$/),
        expect.stringMatching(/^SEARCH bookings USING INDEX sqlite_autoindex_bookings_1 \(id=\?\)$/),
      ]),
    );
    expect(details.join("\n")).not.toMatch(/^SCAN/m);
  });
});
