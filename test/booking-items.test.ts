import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { loadAttachments } from "../src/notifications/attachments";
import { refundJob } from "../src/payments/messages";
import {
  bookingRow,
  chargeOf,
  deliver,
  outboxEmail,
  outboxKinds,
  placeHold,
  post,
  refundOf,
  timelineKinds,
  twoItemBooking,
} from "./support/bookings";
import { seedDeparture } from "./support/inventory";
import { chargeOutlivingTheHold } from "./support/product-spies";

const ADA = [{ given_name: "Ada", family_name: "Lovelace" }];

function body(holdIds: string[], passengers = ADA) {
  return {
    hold_ids: holdIds,
    passengers,
    contact: { email: "ada@example.com" },
    payment: { method: "card", token: "tok_success" },
  };
}

async function itemRows(bookingId: string) {
  const { results } = await env.DB.prepare(
    "SELECT position, unit_id, hold_id, status, total_minor FROM booking_items WHERE booking_id = ? ORDER BY position",
  )
    .bind(bookingId)
    .all();
  return results;
}

describe("a booking of several holds", () => {
  it("is one booking with one item per hold and one charge for the total, and payment sells every item", async () => {
    const s = await twoItemBooking("items-ok");
    expect(s.booking.totalMinor).toBe(20_000);
    expect(await itemRows(s.booking.id)).toEqual([
      { position: 0, unit_id: s.first.departureId, hold_id: s.holds[0]?.id, status: "active", total_minor: 10_000 },
      { position: 1, unit_id: s.second.departureId, hold_id: s.holds[1]?.id, status: "active", total_minor: 10_000 },
    ]);
    expect(await chargeOf(s.booking.id)).toMatchObject({ status: "pending" });
    await deliver(s.payments.sent, 1, s.deps);

    expect(await bookingRow(s.booking.id)).toMatchObject({ status: "confirmed", payment_state: "succeeded" });
    for (const [i, side] of [s.first, s.second].entries()) {
      expect(await side.inventory.getHold(s.holds[i]?.id ?? "")).toMatchObject({ status: "confirmed" });
    }
    expect(await outboxKinds(s.booking.id)).toEqual(["booking_confirmed"]);
    // One calendar entry per item, from its snapshot, and both items in the email's rows.
    const row = await env.DB.prepare(
      "SELECT text_body, attachments FROM email_outbox WHERE booking_id = ? AND kind = 'booking_confirmed'",
    )
      .bind(s.booking.id)
      .first<{ text_body: string; attachments: string | null }>();
    const files = loadAttachments(row?.attachments ?? null);
    expect(files.map((f) => [f.filename, f.contentType])).toEqual([
      [`${s.booking.reference}-1.ics`, "text/calendar; charset=utf-8; method=PUBLISH"],
      [`${s.booking.reference}-2.ics`, "text/calendar; charset=utf-8; method=PUBLISH"],
    ]);
    const first = new TextDecoder().decode(files[0]?.content as Uint8Array);
    expect(first).toContain("SUMMARY:Flight LHR → CDG (TA 1)");
    expect(row?.text_body).toContain("Item 1: LHR → CDG");
    expect(row?.text_body).toContain("Item 2: LHR → CDG");
  });

  it("sells nothing and refunds the whole charge when the second hold expired before payment succeeded", async () => {
    const s = await twoItemBooking("items-lapse");
    const provider = chargeOutlivingTheHold(s.second.clock);
    await deliver(s.payments.sent, 1, { ...s.deps, provider });

    expect(await bookingRow(s.booking.id)).toMatchObject({ status: "expired", payment_state: "refund_pending" });
    expect(await chargeOf(s.booking.id)).toMatchObject({ status: "succeeded" });
    const refund = await refundOf(s.booking.id);
    expect(refund).toMatchObject({ status: "pending", amount_minor: 20_000 });
    for (const side of [s.first, s.second]) {
      const pools = await side.inventory.availability();
      expect(pools.find((p) => p.pool === "economy")).toMatchObject({ sold: 0, held: 0 });
      expect((await side.inventory.audit()).ok).toBe(true);
    }
    expect(await s.first.inventory.getHold(s.holds[0]?.id ?? "")).toMatchObject({ status: "cancelled" });
    expect(await outboxKinds(s.booking.id)).toEqual(["hold_expired"]);
    const email = await outboxEmail(s.booking.id, "hold_expired");
    for (const part of [email.text, email.html]) {
      expect(part).toContain("We charged €200.00");
      expect(part).toContain("are refunding the full amount");
      expect(part).not.toContain("not been charged");
    }

    await deliver([refundJob(s.booking.id, refund?.id ?? "")], 1, s.deps);
    expect(await bookingRow(s.booking.id)).toMatchObject({ status: "expired", payment_state: "refunded" });
    expect(await timelineKinds(s.booking.id)).toEqual(["created", "expired", "refunded"]);
  });
});

describe("POST /v1/bookings with hold_ids", () => {
  it("answers 202 with the total of every hold", async () => {
    const a = await placeHold(await seedDeparture("items-http-a"));
    const b = await placeHold(await seedDeparture("items-http-b"));
    const res = await post("/v1/bookings", body([a.id, b.id]));
    expect(res.status).toBe(202);
    const created = await res.json<{ id: string; total_price: unknown }>();
    expect(created.total_price).toEqual({ amount_minor: 20_000, currency: "EUR" });
    expect(await itemRows(created.id)).toHaveLength(2);
  });

  it("refuses two holds on one unit, more than eight holds, and holds in two currencies", async () => {
    const departureId = await seedDeparture("items-dup");
    const [a, b] = [await placeHold(departureId), await placeHold(departureId)];
    const dup = await post("/v1/bookings", body([a.id, b.id]));
    expect(dup.status).toBe(400);
    expect(await dup.json()).toMatchObject({ code: "DUPLICATE_UNIT", unit_id: departureId });

    const many = await post("/v1/bookings", body(Array.from({ length: 9 }, () => a.id)));
    expect(many.status).toBe(400);
    expect(await many.json()).toMatchObject({ code: "TOO_MANY_ITEMS", max_items: 8 });

    const pounds = await seedDeparture("items-gbp", {
      fares: [{ cabin: "economy", capacity: 5, priceMinor: 5000, currency: "GBP" }],
    });
    const gbp = await placeHold(pounds);
    const mixed = await post("/v1/bookings", body([a.id, gbp.id]));
    expect(mixed.status).toBe(400);
    expect(await mixed.json()).toMatchObject({ code: "CURRENCY_MISMATCH", currencies: ["EUR", "GBP"] });

    const both = await post("/v1/bookings", { ...body([a.id]), hold_id: a.id });
    expect(both.status).toBe(400);
    expect(await both.json()).toMatchObject({ code: "VALIDATION_FAILED" });
    // Nothing was booked by any refusal.
    const count = await env.DB.prepare("SELECT COUNT(*) AS n FROM booking_items WHERE hold_id IN (?, ?, ?)")
      .bind(a.id, b.id, gbp.id)
      .first<{ n: number }>();
    expect(count?.n).toBe(0);
  });

  it("needs a number of travellers that suits every item", async () => {
    const two = await placeHold(await seedDeparture("items-pax-a"), 2);
    const one = await placeHold(await seedDeparture("items-pax-b"), 1);
    const res = await post("/v1/bookings", body([two.id, one.id]));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      code: "PASSENGER_COUNT_MISMATCH",
      detail:
        "The holds are for different numbers of travellers: one party cannot travel on all of them. Book them separately.",
      min_travellers: 2,
      max_travellers: 1,
    });
  });
});
