import { env } from "cloudflare:test";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import { myTripsQuery } from "../src/accounts/my-trips";
import { expiredGuestBookings } from "../src/accounts/retention";
import { salesQuery } from "../src/accounts/sales";
import { poolSalesQuery } from "../src/accounts/sales-pools";
import { createDb } from "../src/db/client";

const db = createDb(env.DB);

async function plan(query: { toSQL(): { sql: string; params: unknown[] } }): Promise<string[]> {
  const { sql, params } = query.toSQL();
  const rows = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params)
    .all<{ detail: string }>();
  return rows.results.map((r) => r.detail);
}

describe("the accounts' nightly and organiser queries", () => {
  it("retention reads only guest bookings not yet anonymised, through the partial index", async () => {
    const details = await plan(expiredGuestBookings(db, 1_700_000_000, 50));
    expect(details[0]).toMatch(/^SEARCH bookings USING INDEX bookings_guest_retention_idx \(created_at<\?\)$/);
  });

  it("sales start from the organiser's units, then their items, then each booking by key", async () => {
    const details = await plan(salesQuery(db, { ownerId: "acc_x", start: 0, end: 86_400, after: null, size: 101 }));
    expect(details).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^SEARCH inventory_owners USING (COVERING )?INDEX inventory_owners_account_idx \(account_id=\?\)$/,
        ),
        expect.stringMatching(/^SEARCH booking_items USING INDEX booking_items_unit_idx \(unit_id=\?\)$/),
        expect.stringMatching(/^SEARCH bookings USING INDEX sqlite_autoindex_bookings_1 \(id=\?\)$/),
      ]),
    );
  });

  it("sales per pool take the same path, then unpack each item's lines", async () => {
    const query = poolSalesQuery({
      ownerId: "acc_x",
      start: 0,
      end: 86_400,
      after: ["dep_a", "economy", "2026-01-01", "EUR"],
      size: 101,
    });
    const details = await plan({ toSQL: () => new SQLiteAsyncDialect().sqlToQuery(query) });
    expect(details).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^SEARCH inventory_owners USING (COVERING )?INDEX inventory_owners_account_idx \(account_id=\?\)$/,
        ),
        expect.stringMatching(/^SEARCH booking_items USING INDEX booking_items_unit_idx \(unit_id=\?\)$/),
        expect.stringMatching(/^SEARCH bookings USING INDEX sqlite_autoindex_bookings_1 \(id=\?\)$/),
      ]),
    );
  });

  it("the account's trips are one range of their index, newest first, with no sort", async () => {
    const details = await plan(
      myTripsQuery(db, { accountId: "acc_x", since: 0, after: { c: 1_800_000_000, i: "trp_x" }, size: 11 }),
    );
    expect(details).toEqual([
      expect.stringMatching(
        /^SEARCH account_trips USING (COVERING )?INDEX account_trips_account_created_idx \(account_id=\? AND created_at>\?\)$/,
      ),
    ]);
  });
});
