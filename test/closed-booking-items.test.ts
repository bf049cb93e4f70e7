import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { itemsOf } from "../src/bookings/items";
import { RECONCILE_POLICY, reconcileBookings } from "../src/bookings/reconcile";
import { settleChargeSucceeded } from "../src/bookings/settle-charge";
import { bookingById, paymentById } from "../src/bookings/store";
import { bookingRow, chargeOf, deliver, pendingBooking } from "./support/bookings";
import { spiedDepartures } from "./support/product-spies";

const MINUTE = 60_000;

const itemRows = (bookingId: string) =>
  env.DB.prepare("SELECT status, refund_minor, cancelled_at FROM booking_items WHERE booking_id = ? ORDER BY position")
    .bind(bookingId)
    .all<{ status: string; refund_minor: number | null; cancelled_at: number | null }>()
    .then((r) => r.results);

describe("the items of a booking that ends unconfirmed", () => {
  it("end with the booking when it expires unpaid: cancelled, nothing refunded, units back, nobody told", async () => {
    const s = await pendingBooking("closed-expire", "tok_success");
    const spy = spiedDepartures();
    const deps = { ...s.deps, products: spy.products };
    s.clock.advance(11 * MINUTE);
    const after = (s.booking.holdExpiresAt + RECONCILE_POLICY.graceSeconds + 1) * 1000;
    expect(await reconcileBookings({ deps, now: after })).toMatchObject({ expired: 1 });

    expect(await bookingRow(s.booking.id)).toMatchObject({ status: "expired" });
    expect(await itemRows(s.booking.id)).toEqual([
      { status: "cancelled", refund_minor: 0, cancelled_at: expect.any(Number) },
    ]);
    expect(await s.inventory.getHold(s.hold.id)).toMatchObject({ status: "expired" });
    // Never confirmed: its product issued nothing for it, so there is nothing to undo.
    expect(spy.calls).toEqual([]);
  });

  it("end with the booking when its payment is declined: cancelled, nothing refunded, units back, nobody told", async () => {
    const s = await pendingBooking("closed-decline", "tok_decline");
    const spy = spiedDepartures();
    await deliver(s.payments.sent, 1, { ...s.deps, products: spy.products });

    expect(await bookingRow(s.booking.id)).toMatchObject({ status: "payment_failed" });
    expect(await itemRows(s.booking.id)).toEqual([
      { status: "cancelled", refund_minor: 0, cancelled_at: expect.any(Number) },
    ]);
    expect(await s.inventory.getHold(s.hold.id)).toMatchObject({ status: "released" });
    expect(spy.calls).toEqual([]);
  });

  it("end with the booking when the provider never answers and it is given up on: cancelled, nothing refunded, nobody told", async () => {
    const s = await pendingBooking("closed-unresolved", "tok_error");
    await env.DB.prepare("UPDATE payments SET attempts = ?, updated_at = updated_at - 3600 WHERE booking_id = ?")
      .bind(RECONCILE_POLICY.maxAttempts, s.booking.id)
      .run();
    const spy = spiedDepartures();
    const now = s.booking.createdAt * 1000 + MINUTE;
    expect(await reconcileBookings({ deps: { ...s.deps, products: spy.products }, now })).toMatchObject({
      resolved: 1,
    });

    expect(await bookingRow(s.booking.id)).toMatchObject({ status: "payment_failed", payment_state: "unknown" });
    expect(await itemRows(s.booking.id)).toEqual([
      { status: "cancelled", refund_minor: 0, cancelled_at: expect.any(Number) },
    ]);
    expect(await s.inventory.getHold(s.hold.id)).toMatchObject({ status: "released" });
    expect(spy.calls).toEqual([]);
  });

  it("refund their total and are announced once when a charge succeeds after the decline closed the booking", async () => {
    const s = await pendingBooking("closed-late", "tok_decline");
    await deliver(s.payments.sent, 1, s.deps);
    const spy = spiedDepartures();
    const deps = { ...s.deps, products: spy.products };
    const booking = await bookingById(deps, s.booking.id);
    const charge = await paymentById(deps, (await chargeOf(s.booking.id)).id);
    if (!booking || !charge) throw new Error("missing rows");
    await settleChargeSucceeded(deps, booking, charge, "sbx_pi_late");
    await settleChargeSucceeded(deps, booking, charge, "sbx_pi_late");

    const [item] = await itemsOf(deps, s.booking.id);
    expect(item).toMatchObject({ status: "cancelled", refundMinor: item?.totalMinor });
    expect(spy.calls.map((i) => [i.id, i.status, i.refundMinor])).toEqual([[item?.id, "cancelled", item?.totalMinor]]);
    expect(await s.inventory.getHold(s.hold.id)).toMatchObject({ status: "released" });
  });
});
