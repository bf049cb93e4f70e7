import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { REMINDER_DUE_SQL } from "../src/cron/reminders";

describe("the hourly reminder query", () => {
  it("starts from the departures leaving in the window, not from every confirmed booking", async () => {
    const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${REMINDER_DUE_SQL}`)
      .bind(0, 86_400, 100, "reminder:")
      .all<{ detail: string }>();
    const details = plan.results.map((r) => r.detail);
    expect(details[0]).toMatch(/^SEARCH d USING INDEX departures_departs_at_idx \(departs_at>\? AND departs_at<\?\)$/);
    expect(details).toContainEqual(
      expect.stringMatching(/^SEARCH b USING INDEX bookings_departure_idx \(departure_id=\?\)$/),
    );
  });
});
