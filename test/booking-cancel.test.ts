import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { inventoryStub } from "../src/inventory/stub";
import { refundJob } from "../src/payments/messages";
import { api } from "./support/app-client";
import { API, book, bookingRow, chargeJobFor, deliver, outboxKinds, placeHold, refundOf } from "./support/bookings";
import { seedDeparture } from "./support/inventory";

function cancel(reference: string, headers: Record<string, string>, query = "") {
  return api(`${API}/v1/bookings/${reference}/cancel${query}`, { method: "POST", headers });
}

async function confirmedBooking(label: string) {
  const departureId = await seedDeparture(label, { fares: [{ cabin: "economy", capacity: 4, priceMinor: 9900 }] });
  const hold = await placeHold(departureId, 1);
  const created = await book(hold.id);
  await deliver([await chargeJobFor(created.id)]);
  return { ...created, departureId, holdId: hold.id, auth: { authorization: `Bearer ${created.owner_token}` } };
}

describe("POST /v1/bookings/{reference}/cancel", () => {
  it("cancels a confirmed booking, gives the seats back and refunds it in the background", async () => {
    const b = await confirmedBooking("cancel-ok");
    const res = await cancel(b.reference, b.auth);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: "cancelled",
      payment: { state: "refund_pending", refunded: null },
    });
    expect(await inventoryStub(env, b.departureId).getHold(b.holdId)).toMatchObject({ status: "cancelled" });
    const fares = await inventoryStub(env, b.departureId).availability();
    expect(fares.find((f) => f.pool === "economy")).toMatchObject({ sold: 0, available: 4 });
    expect(await outboxKinds(b.id)).toEqual(["booking_cancelled", "booking_confirmed"]);

    const refund = await refundOf(b.id);
    expect(refund).toMatchObject({ status: "pending", amount_minor: 9900 });
    await deliver([refundJob(b.id, refund?.id ?? "")]);

    const read = await api(`${API}/v1/bookings/${b.reference}`, { headers: b.auth });
    const booking = await read.json<{ status: string; payment: unknown; timeline: { kind: string }[] }>();
    expect(booking.status).toBe("refunded");
    expect(booking.payment).toEqual({
      method: "card",
      state: "refunded",
      refunded: { amount_minor: 9900, currency: "EUR" },
    });
    expect(booking.timeline.map((e) => e.kind)).toEqual(["created", "confirmed", "cancelled", "refunded"]);
  });

  it("answers a repeated cancellation with the booking as it is: one refund, one email", async () => {
    const b = await confirmedBooking("cancel-twice");
    expect((await cancel(b.reference, b.auth)).status).toBe(200);
    const again = await cancel(b.reference, b.auth);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { status: string }).status).toBe("cancelled");
    const refunds = await env.DB.prepare("SELECT COUNT(*) AS n FROM payments WHERE booking_id = ? AND kind = 'refund'")
      .bind(b.id)
      .first<{ n: number }>();
    expect(refunds?.n).toBe(1);
    expect((await outboxKinds(b.id)).filter((k) => k === "booking_cancelled")).toHaveLength(1);
  });

  it("refuses to cancel a booking still waiting for its payment", async () => {
    const hold = await placeHold(await seedDeparture("cancel-pending"));
    // A processing payment stays pending even if the queue's own consumer picks the job up.
    const created = await book(hold.id, "tok_pending");
    const res = await cancel(created.reference, { authorization: `Bearer ${created.owner_token}` });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      type: "https://edgefare.dev/problems/booking-not-cancellable",
      title: "The booking cannot be cancelled in its current status",
      status: 409,
      code: "BOOKING_NOT_CANCELLABLE",
      detail: "A booking that is pending_payment cannot be cancelled.",
      booking_status: "pending_payment",
      instance: `/v1/bookings/${created.reference}/cancel`,
      request_id: res.headers.get("x-request-id"),
    });
    expect(await bookingRow(created.id)).toMatchObject({ status: "pending_payment" });
  });

  it("needs the same credentials as reading the booking", async () => {
    const b = await confirmedBooking("cancel-auth");
    const wrong = await cancel(b.reference, {}, "?family_name=Nobody");
    expect(wrong.status).toBe(404);
    expect(await bookingRow(b.id)).toMatchObject({ status: "confirmed" });
    const byName = await cancel(b.reference, {}, "?family_name=lovelace");
    expect(byName.status).toBe(200);
  });

  it("replays a cancellation retried with the same Idempotency-Key", async () => {
    const b = await confirmedBooking("cancel-idem");
    const key = { ...b.auth, "idempotency-key": `cancel-${crypto.randomUUID()}` };
    const first = await cancel(b.reference, key);
    const second = await cancel(b.reference, key);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(await second.json()).toEqual(await first.json());
  });
});
