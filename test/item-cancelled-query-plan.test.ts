import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { overdueItemsQuery } from "../src/bookings/item-cancelled";
import { createDb } from "../src/db/client";

describe("the five-minute sweep of unannounced cancelled items", () => {
  it("reads only the partial index of cancelled items whose product has not heard, not every item", async () => {
    const query = overdueItemsQuery(createDb(env.DB), 1_900_000_000).toSQL();
    const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${query.sql}`)
      .bind(...query.params)
      .all<{ detail: string }>();
    expect(plan.results.map((r) => r.detail)).toEqual([
      expect.stringMatching(/^SEARCH booking_items USING INDEX booking_items_unannounced_idx \(cancelled_at<\?\)$/),
    ]);
  });
});
