import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { recordUnitCancellation } from "../src/bookings/operator-cancel";
import { reconcileBookings } from "../src/bookings/reconcile";
import { inventoryStub } from "../src/inventory/stub";
import { refundJob } from "../src/payments/messages";
import { appClient } from "./support/app-client";
import {
  book,
  bookingRow,
  chargeJobFor,
  deliver,
  outboxKinds,
  placeHold,
  refundOf,
  testDeps,
  timelineKinds,
} from "./support/bookings";
import { seedDeparture } from "./support/inventory";

const ADMIN = { authorization: "Bearer test-admin-key", "content-type": "application/json" };

async function soldAndHeld(label: string) {
  const departureId = await seedDeparture(label, { fares: [{ cabin: "economy", capacity: 6, priceMinor: 9900 }] });
  const sold = await placeHold(departureId, 1);
  const booking = await book(sold.id);
  await deliver([await chargeJobFor(booking.id)]);
  const held = await placeHold(departureId, 1);
  return { departureId, booking, soldHold: sold.id, heldHold: held.id };
}

describe("an operator cancels a departure with sold seats", () => {
  it("cancels and refunds every confirmed booking, emails it and gives every seat back", async () => {
    const s = await soldAndHeld("opcancel");
    const res = await appClient(env)(`/v1/admin/departures/${s.departureId}`, {
      method: "PATCH",
      headers: ADMIN,
      body: JSON.stringify({ status: "cancelled", reason: "storm" }),
    });
    expect(res.status).toBe(200);

    expect(await bookingRow(s.booking.id)).toMatchObject({ status: "cancelled", payment_state: "refund_pending" });
    expect(await timelineKinds(s.booking.id)).toEqual(["created", "confirmed", "cancelled"]);
    expect(await outboxKinds(s.booking.id)).toEqual(["booking_cancelled", "booking_confirmed"]);
    const inventory = inventoryStub(env, s.departureId);
    expect(await inventory.getHold(s.soldHold)).toMatchObject({ status: "cancelled" });
    expect(await inventory.getHold(s.heldHold)).toMatchObject({ status: "released" });
    expect(await inventory.strandedHolds()).toEqual([]);
    expect((await inventory.audit()).ok).toBe(true);

    const refund = await refundOf(s.booking.id);
    expect(refund).toMatchObject({ status: "pending", amount_minor: 9900 });
    await deliver([refundJob(s.booking.id, refund?.id ?? "")]);
    expect(await bookingRow(s.booking.id)).toMatchObject({ status: "refunded", payment_state: "refunded" });
  });

  it("leaves what the request did not finish to the reconcile cron", async () => {
    const s = await soldAndHeld("opcancel-cron");
    // As if the Worker died right after the engine recorded the cancellation: object, D1 and the
    // engine's record say cancelled, bookings untouched.
    const cancelled = await inventoryStub(env, s.departureId).applyOperatorChanges({
      cancelUnit: true,
      reason: "crash",
    });
    expect(cancelled.ok).toBe(true);
    await env.DB.prepare("UPDATE departures SET status = 'cancelled' WHERE id = ?").bind(s.departureId).run();
    await recordUnitCancellation(testDeps(), { unitId: s.departureId, product: "departures", reason: "crash" });

    const counts = await reconcileBookings({ deps: testDeps(), now: Date.now() });
    expect(counts.operatorCancelled).toBeGreaterThanOrEqual(1);
    expect(await bookingRow(s.booking.id)).toMatchObject({ status: "cancelled", payment_state: "refund_pending" });
    expect(await inventoryStub(env, s.departureId).strandedHolds()).toEqual([]);
    const again = await reconcileBookings({ deps: testDeps(), now: Date.now() });
    expect(again.operatorCancelled).toBe(0);
  });

  it("is recorded by the unit's object, so a Worker that dies before recording it leaves nothing to an operator", async () => {
    const s = await soldAndHeld("opcancel-died");
    // The product's cancellation reached the object and the Worker died at once: neither its D1
    // row nor the engine's record was written by the Worker.
    const cancelled = await inventoryStub(env, s.departureId).applyOperatorChanges({
      cancelUnit: true,
      reason: "engine failure",
    });
    expect(cancelled.ok).toBe(true);
    expect(
      await env.DB.prepare("SELECT unit_id, product, reason FROM unit_cancellations WHERE unit_id = ?")
        .bind(s.departureId)
        .first(),
    ).toEqual({ unit_id: s.departureId, product: "departures", reason: "engine failure" });

    await reconcileBookings({ deps: testDeps(), now: Date.now() });
    expect(await bookingRow(s.booking.id)).toMatchObject({ status: "cancelled", payment_state: "refund_pending" });
    expect(await refundOf(s.booking.id)).toMatchObject({ status: "pending", amount_minor: 9900 });
    expect(await inventoryStub(env, s.departureId).strandedHolds()).toEqual([]);
  });
});
