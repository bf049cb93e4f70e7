import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { REMINDER_DUE_SQL } from "../src/cron/reminders";

describe("the hourly reminder query", () => {
  it("starts from the items starting in the window, not from every confirmed booking", async () => {
    const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${REMINDER_DUE_SQL}`)
      .bind(0, 86_400, 100, "reminder:")
      .all<{ detail: string }>();
    const details = plan.results.map((r) => r.detail);
    expect(details[0]).toMatch(/^SEARCH i USING INDEX booking_items_starts_at_idx \(starts_at>\? AND starts_at<\?\)$/);
    expect(details).toContainEqual(
      expect.stringMatching(/^SEARCH b USING INDEX sqlite_autoindex_bookings_1 \(id=\?\)$/),
    );
  });
});
