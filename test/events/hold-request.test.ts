import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import type { HoldView } from "../../src/inventory/contract";
import { describeEventHold, lockedRefundSummary } from "../../src/products/events/describe";
import {
  EventHoldRequest,
  eventHoldTarget,
  MAX_TICKETS_PER_ORDER,
  presentEventHold,
} from "../../src/products/events/holds/request";
import { insertEventUnit } from "../support/event-units";

const issues = (body: unknown) => {
  const parsed = EventHoldRequest.safeParse(body);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("the events hold request", () => {
  it("maps one tier and a quantity to one line on the event's object", () => {
    const body = EventHoldRequest.parse({ event_id: "evt_abc123", tier_id: "tier_ga", quantity: 3 });
    expect(eventHoldTarget(body)).toEqual({ unitId: "evt_abc123", lines: [{ pool: "tier_ga", quantity: 3 }] });
  });

  it("refuses every malformed member, names the field, and refuses members of another product's body", () => {
    expect(issues({ event_id: "dep_abc123", tier_id: "tier_ga", quantity: 1 })).toEqual([
      "event_id: evt_ followed by 1 to 60 letters, digits, _ or -",
    ]);
    expect(issues({ event_id: "evt_abc", tier_id: "GA", quantity: 1 })).toEqual([
      "tier_id: tier_ followed by 1 to 59 lower-case letters, digits or _",
    ]);
    for (const quantity of [0, -1, 1.5, MAX_TICKETS_PER_ORDER + 1, "2", null]) {
      expect(issues({ event_id: "evt_abc", tier_id: "tier_ga", quantity })).toHaveLength(1);
    }
    expect(issues({ event_id: "evt_abc", tier_id: "tier_ga", quantity: 1, cabin: "economy" })).toEqual([
      ': Unrecognized key: "cabin"',
    ]);
    expect(issues({ tier_id: "tier_ga", quantity: 1 })).toHaveLength(1);
  });

  it("adds the event, tier and quantity to the Hold response", () => {
    const hold = { unitId: "evt_abc", lines: [{ pool: "tier_ga", quantity: 2 }] } as unknown as HoldView;
    expect(presentEventHold(hold)).toEqual({ event_id: "evt_abc", tier_id: "tier_ga", quantity: 2 });
  });
});

const hold = (unitId: string, before: number[]): HoldView => ({
  holdId: "hld_x",
  unitId,
  product: "events",
  lines: [
    {
      pool: "tier_ga",
      label: "General admission",
      quantity: 2,
      unitPriceMinor: 2500,
      totalMinor: 5000,
      refundPolicy: before.map((b, i) => ({ before: b, refundBps: i === 0 ? 10_000 : 5_000 })),
    },
  ],
  totalMinor: 5000,
  currency: "GBP",
  status: "held",
  expiresAt: 0,
  extended: false,
  bookingId: null,
  createdAt: 0,
  context: {},
});

describe("the booking item snapshot of an event", () => {
  // 2026-12-05 20:00 in London (GMT).
  const startsAt = Date.UTC(2026, 11, 5, 20, 0) / 1000;

  it("carries the title, performers, venue and address, local times, tickets, the locked refund rule and the calendar summary", async () => {
    const fx = await insertEventUnit(env.DB, { startsAt, salesOpenAt: startsAt - 90 * 86_400 });
    await env.DB.prepare("UPDATE events SET doors_open_at = ? WHERE id = ?")
      .bind(startsAt - 3600, fx.id)
      .run();
    const snapshot = await describeEventHold({ db: createDb(env.DB) }, hold(fx.id, [(startsAt - 7 * 86_400) * 1000]));
    expect(snapshot).toEqual({
      snapshot: {
        title: "Fixture Night",
        details: [
          ["Performers", "The Fixtures, Support Act"],
          ["Venue", "The Fixture Hall"],
          ["Address", "1 Test Street, London"],
          ["Starts", "Saturday 5 December 2026, 20:00"],
          ["Doors open", "Saturday 5 December 2026, 19:00"],
          ["Ends", "Saturday 5 December 2026, 22:00"],
          ["Tickets", "2 × General admission"],
          ["Refunds", "Full refund if cancelled before Saturday 28 November 2026, 20:00; none after."],
        ],
        location: "The Fixture Hall, 1 Test Street, London",
        startLabel: "Starts",
        calendarSummary: "Fixture Night (2 × General admission)",
      },
      startsAt,
      endsAt: startsAt + 7200,
      timezone: "Europe/London",
    });
  });

  it("says only when it starts when the organiser gave no doors time, and is null for an event D1 does not know", async () => {
    const fx = await insertEventUnit(env.DB, { startsAt, salesOpenAt: startsAt - 90 * 86_400 });
    const snapshot = await describeEventHold({ db: createDb(env.DB) }, hold(fx.id, []));
    expect(snapshot?.snapshot.details.map(([label]) => label)).not.toContain("Doors open");
    expect(snapshot?.snapshot.details.at(-1)).toEqual(["Refunds", "Not refundable."]);
    expect(await describeEventHold({ db: createDb(env.DB) }, hold("evt_gone", []))).toBeNull();
  });

  it("words refund steps in the venue's time zone", () => {
    const tokyo = Date.UTC(2026, 6, 1, 10, 0); // 19:00 in Tokyo
    expect(
      lockedRefundSummary(
        [
          { before: tokyo, refundBps: 10_000 },
          { before: tokyo + 86_400_000, refundBps: 5_000 },
        ],
        "Asia/Tokyo",
      ),
    ).toBe(
      "Full refund if cancelled before Wednesday 1 July 2026, 19:00; 50 % refund if cancelled before Thursday 2 July 2026, 19:00; none after.",
    );
  });
});
