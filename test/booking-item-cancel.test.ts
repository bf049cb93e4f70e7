import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { cancelBookingsOfCancelledUnits, recordUnitCancellation } from "../src/bookings/operator-cancel";
import { inventoryStub } from "../src/inventory/stub";
import { refundJob } from "../src/payments/messages";
import { api } from "./support/app-client";
import {
  API,
  bookingRow,
  chargeJobFor,
  deliver,
  outboxEmail,
  placeHold,
  post,
  testDeps,
  timelineKinds,
} from "./support/bookings";
import { seedDeparture } from "./support/inventory";

interface ItemBody {
  id: string;
  unit_id: string;
  status: string;
  refund: { amount_minor: number; currency: string } | null;
}
interface BookingBody {
  status: string;
  departure_id?: string;
  items: ItemBody[];
  payment: { state: string; refunded: { amount_minor: number } | null };
}

/** A confirmed booking of one seat on each of two departures, €100 each. */
async function confirmedTwoItems(label: string) {
  const units = [await seedDeparture(`${label}-a`), await seedDeparture(`${label}-b`)];
  const holds = [await placeHold(units[0] ?? ""), await placeHold(units[1] ?? "")];
  const res = await post("/v1/bookings", {
    hold_ids: holds.map((h) => h.id),
    passengers: [{ given_name: "Ada", family_name: "Lovelace" }],
    contact: { email: "ada@example.com" },
    payment: { method: "card", token: "tok_success" },
  });
  if (res.status !== 202) throw new Error(`booking failed: ${res.status} ${await res.text()}`);
  const created = await res.json<{ id: string; reference: string }>();
  await deliver([await chargeJobFor(created.id)]);
  const booking = await view(created.reference);
  expect(booking.status).toBe("confirmed");
  return { ...created, units, holds, items: booking.items };
}

async function view(reference: string) {
  const res = await api(`${API}/v1/bookings/${reference}?family_name=Lovelace`);
  return res.json<BookingBody>();
}

function cancelItem(reference: string, itemId: string) {
  return post(`/v1/bookings/${reference}/items/${itemId}/cancel?family_name=Lovelace`, {});
}

async function refunds(bookingId: string) {
  const { results } = await env.DB.prepare(
    "SELECT id, amount_minor, status, idempotency_key FROM payments WHERE booking_id = ? AND kind = 'refund' ORDER BY idempotency_key",
  )
    .bind(bookingId)
    .all<{ id: string; amount_minor: number; status: string; idempotency_key: string }>();
  return results;
}

/** Replaces an item's locked refund policy, as a product with fare rules would have locked it. */
async function lockPolicy(itemId: string, policy: { before: number; refundBps: number }[]) {
  await env.DB.prepare(
    `UPDATE booking_items SET lines = json_set(lines, '$[0].refundPolicy', json(?)), refund_policy = ? WHERE id = ?`,
  )
    .bind(JSON.stringify(policy), JSON.stringify(policy), itemId)
    .run();
}

describe("cancelling one item of a booking", () => {
  it("refunds that item alone, gives its seat back and keeps the booking confirmed; the last item cancels it", async () => {
    const s = await confirmedTwoItems("itemcx");
    const [first, second] = s.items;
    const res = await cancelItem(s.reference, first?.id ?? "");
    expect(res.status).toBe(200);
    const after = await res.json<BookingBody>();
    expect(after.status).toBe("confirmed");
    expect(after.items.map((i) => [i.status, i.refund?.amount_minor ?? null])).toEqual([
      ["cancelled", 10_000],
      ["active", null],
    ]);
    expect(await refunds(s.id)).toMatchObject([
      { amount_minor: 10_000, status: "pending", idempotency_key: `refund:${s.id}:${first?.id}` },
    ]);
    expect(await inventoryStub(env, s.units[0] ?? "").getHold(s.holds[0]?.id ?? "")).toMatchObject({
      status: "cancelled",
    });
    expect(await inventoryStub(env, s.units[1] ?? "").getHold(s.holds[1]?.id ?? "")).toMatchObject({
      status: "confirmed",
    });
    const email = await outboxEmail(s.id, "booking_cancelled");
    expect(email.text).toContain("We charged €200.00 to your payment method and are refunding €100.00 of it");
    expect(email.text).toContain("Refunded for this item: €100.00");

    // Again: the booking as it is, no second refund.
    expect((await cancelItem(s.reference, first?.id ?? "")).status).toBe(200);
    expect(await refunds(s.id)).toHaveLength(1);

    const last = await (await cancelItem(s.reference, second?.id ?? "")).json<BookingBody>();
    expect(last.status).toBe("cancelled");
    const both = await refunds(s.id);
    expect(both.map((r) => r.amount_minor)).toEqual([10_000, 10_000]);
    for (const r of both) await deliver([refundJob(s.id, r.id)]);
    expect(await bookingRow(s.id)).toMatchObject({ status: "refunded", payment_state: "refunded" });
    expect((await view(s.reference)).payment.refunded).toEqual({ amount_minor: 20_000, currency: "EUR" });
    expect(await timelineKinds(s.id)).toEqual(
      expect.arrayContaining(["created", "confirmed", "items_cancelled", "cancelled", "refunded"]),
    );
  });

  it("refunds what the quote shows under the item's policy, and cancels a non-refundable item with 0 refunded", async () => {
    const s = await confirmedTwoItems("itemcx-policy");
    const [half, none] = s.items;
    const later = Date.now() + 86_400_000;
    await lockPolicy(half?.id ?? "", [{ before: later, refundBps: 5_000 }]);
    await lockPolicy(none?.id ?? "", [{ before: 1, refundBps: 10_000 }]);

    const quote = await (await api(`${API}/v1/bookings/${s.reference}/refund-quote?family_name=Lovelace`)).json<{
      items: { item_id: string; refund: { amount_minor: number } }[];
    }>();
    expect(quote.items.map((i) => [i.item_id, i.refund.amount_minor])).toEqual([
      [half?.id, 5_000],
      [none?.id, 0],
    ]);

    await cancelItem(s.reference, half?.id ?? "");
    const res = await cancelItem(s.reference, none?.id ?? "");
    expect(res.status).toBe(200);
    const after = await res.json<BookingBody>();
    expect(after.status).toBe("cancelled");
    expect(after.items.map((i) => i.refund?.amount_minor)).toEqual([5_000, 0]);
    expect((await refunds(s.id)).map((r) => r.amount_minor)).toEqual([5_000]);
    // The seat of the non-refundable item goes back on sale all the same.
    expect(await inventoryStub(env, s.units[1] ?? "").getHold(s.holds[1]?.id ?? "")).toMatchObject({
      status: "cancelled",
    });
  });

  it("answers 404 for an item the booking does not have", async () => {
    const s = await confirmedTwoItems("itemcx-404");
    const res = await cancelItem(s.reference, "itm_nope");
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: "BOOKING_ITEM_NOT_FOUND" });
  });

  it("keeps the departure fields today's clients read, from the departure item", async () => {
    const s = await confirmedTwoItems("itemcx-compat");
    expect(await view(s.reference)).toMatchObject({ departure_id: s.units[0], items: [{ unit_id: s.units[0] }, {}] });
  });

  it("cancels only the item on a unit the operator cancelled, refunded in full, and keeps the rest", async () => {
    const s = await confirmedTwoItems("itemcx-operator");
    const [onCancelled, other] = s.items;
    // A policy that gives nothing back now: the operator's cancellation refunds in full all the same.
    await lockPolicy(onCancelled?.id ?? "", [{ before: 1, refundBps: 10_000 }]);
    const deps = testDeps();
    await recordUnitCancellation(deps, { unitId: s.units[0] ?? "", product: "departures", reason: "storm" });
    expect(await cancelBookingsOfCancelledUnits({ deps, unitId: s.units[0] ?? "" })).toEqual({
      cancelled: 1,
      failed: 0,
    });

    const after = await view(s.reference);
    expect(after.status).toBe("confirmed");
    expect(after.items.map((i) => [i.id, i.status, i.refund?.amount_minor ?? null])).toEqual([
      [onCancelled?.id, "cancelled", 10_000],
      [other?.id, "active", null],
    ]);
    expect((await refunds(s.id)).map((r) => r.amount_minor)).toEqual([10_000]);
    // Nothing left to do on a second run.
    expect(await cancelBookingsOfCancelledUnits({ deps, unitId: s.units[0] ?? "" })).toEqual({
      cancelled: 0,
      failed: 0,
    });
  });
});
