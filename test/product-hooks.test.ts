import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { cancelBooking, cancelBookingItem } from "../src/bookings/cancel-booking";
import { type BookingItem, itemsOf } from "../src/bookings/items";
import { cancelBookingsOfCancelledUnits, recordUnitCancellation } from "../src/bookings/operator-cancel";
import { RECONCILE_POLICY } from "../src/bookings/reconcile";
import { settleChargeSucceeded } from "../src/bookings/settle-charge";
import { bookingById, paymentById } from "../src/bookings/store";
import { engineCronTasks } from "../src/cron/table";
import { createDb } from "../src/db/client";
import { productHooks } from "../src/http/product-hooks";
import { jsonLogger } from "../src/lib/logger";
import { bookingRow, chargeOf, deliver, outboxEmail, pendingBooking, twoItemBooking } from "./support/bookings";
import { chargeOutlivingTheHold, spiedDepartures } from "./support/product-spies";

/** Departures' hooks spied: every onItemCancelled call recorded, a boarding code in every confirmation. */
const spied = () =>
  spiedDepartures({
    confirmationExtras: async (_deps, item) => ({ details: [["Boarding code", `BC-${item.id}`]], attachments: [] }),
  });

/** Two departures (objects on clocks the test moves), one seat each, booked together, hooks spied. */
async function spiedTwoItemBooking(label: string) {
  const spy = spied();
  const s = await twoItemBooking(label, { products: spy.products });
  const items = await itemsOf(s.deps, s.booking.id);
  const credentials = { reference: s.booking.reference, familyName: "Lovelace" };
  return { ...s, items, calls: spy.calls, credentials };
}

async function confirmed(label: string) {
  const s = await spiedTwoItemBooking(label);
  await deliver(s.payments.sent, 1, s.deps);
  expect(await bookingRow(s.booking.id)).toMatchObject({ status: "confirmed" });
  return s;
}

/** Who was told, as [item id, status, refund] in call order. */
const told = (calls: BookingItem[]) => calls.map((item) => [item.id, item.status, item.refundMinor]);

describe("ProductModule.onItemCancelled", () => {
  it("is called once for the item a traveller cancels, after its row says cancelled", async () => {
    const s = await confirmed("hook-item");
    const [first] = s.items;
    const input = { ...s.credentials, itemId: first?.id ?? "" };
    expect((await cancelBookingItem({ deps: s.deps, input })).ok).toBe(true);
    expect((await cancelBookingItem({ deps: s.deps, input })).ok).toBe(true);

    expect(told(s.calls)).toEqual([[first?.id, "cancelled", 10_000]]);
    expect(s.calls[0]?.cancelledAt).toEqual(expect.any(Number));
  });

  it("is called once for each active item when the traveller cancels the whole booking", async () => {
    const s = await confirmed("hook-whole");
    const [first, second] = s.items;
    expect((await cancelBookingItem({ deps: s.deps, input: { ...s.credentials, itemId: first?.id ?? "" } })).ok).toBe(
      true,
    );
    expect((await cancelBooking({ deps: s.deps, input: s.credentials })).ok).toBe(true);
    expect((await cancelBooking({ deps: s.deps, input: s.credentials })).ok).toBe(true);

    expect(told(s.calls)).toEqual([
      [first?.id, "cancelled", 10_000],
      [second?.id, "cancelled", 10_000],
    ]);
    expect(await bookingRow(s.booking.id)).toMatchObject({ status: "cancelled" });
  });

  it("is called once for the item on a unit the operator cancelled, however often the sweep runs", async () => {
    const s = await confirmed("hook-operator");
    const [first] = s.items;
    await recordUnitCancellation(s.deps, { unitId: s.first.departureId, product: "departures", reason: "strike" });
    expect(await cancelBookingsOfCancelledUnits({ deps: s.deps, unitId: s.first.departureId })).toEqual({
      cancelled: 1,
      failed: 0,
    });
    expect(await cancelBookingsOfCancelledUnits({ deps: s.deps })).toEqual({ cancelled: 0, failed: 0 });

    expect(told(s.calls)).toEqual([[first?.id, "cancelled", 10_000]]);
    expect(await bookingRow(s.booking.id)).toMatchObject({ status: "confirmed" });
  });

  it("is called once for every item when the all-or-nothing confirmation fails, even if the success is delivered again", async () => {
    const s = await spiedTwoItemBooking("hook-lapse");
    const provider = chargeOutlivingTheHold(s.second.clock);
    await deliver(s.payments.sent, 1, { ...s.deps, provider });
    expect(await bookingRow(s.booking.id)).toMatchObject({ status: "expired", payment_state: "refund_pending" });
    const booking = await bookingById(s.deps, s.booking.id);
    const charge = await paymentById(s.deps, (await chargeOf(s.booking.id)).id);
    if (!booking || !charge) throw new Error("missing rows");
    await settleChargeSucceeded(s.deps, booking, charge, charge.providerRef ?? "");

    const [first, second] = s.items;
    expect(told(s.calls)).toEqual([
      [first?.id, "cancelled", 10_000],
      [second?.id, "cancelled", 10_000],
    ]);
    expect((await itemsOf(s.deps, s.booking.id)).map((item) => item.status)).toEqual(["cancelled", "cancelled"]);
  });

  it("is called once for every item sold by a success that lands after the booking was closed", async () => {
    const s = await spiedTwoItemBooking("hook-closed");
    const booking = await bookingById(s.deps, s.booking.id);
    const charge = await paymentById(s.deps, (await chargeOf(s.booking.id)).id);
    if (!booking || !charge) throw new Error("missing rows");
    // The booking is closed (declined, say) while a consumer's success for it is on its way.
    await env.DB.prepare("UPDATE bookings SET status = 'payment_failed', payment_state = 'failed' WHERE id = ?")
      .bind(s.booking.id)
      .run();
    await settleChargeSucceeded(s.deps, booking, charge, "sbx_pi_late");
    await settleChargeSucceeded(s.deps, booking, charge, "sbx_pi_late");

    expect(told(s.calls)).toEqual(s.items.map((item) => [item.id, "cancelled", 10_000]));
    for (const side of [s.first, s.second]) {
      const pools = await side.inventory.availability();
      expect(pools.find((p) => p.pool === "economy")).toMatchObject({ sold: 0, held: 0 });
    }
  });
});

describe("ProductModule.confirmationExtras", () => {
  it("is in the confirmation the stuck rule sends when its last ask finds the money taken", async () => {
    const { booking, deps } = await pendingBooking("hook-stuck-paid", "tok_success");
    await env.DB.prepare("UPDATE payments SET attempts = ?, updated_at = updated_at - 3600 WHERE booking_id = ?")
      .bind(RECONCILE_POLICY.maxAttempts, booking.id)
      .run();
    const { modules } = spied();
    const [reconcile] = engineCronTasks((e, now) => productHooks(e, now, modules)).reconcile ?? [];
    if (!reconcile) throw new Error("no reconcile task");
    const now = booking.createdAt * 1000 + 60_000;
    expect(await reconcile.run({ env, db: createDb(env.DB), log: jsonLogger({ test: true }), now })).toMatchObject({
      resolved: 1,
    });

    expect(await bookingRow(booking.id)).toMatchObject({ status: "confirmed" });
    const [item] = await itemsOf(deps, booking.id);
    expect((await outboxEmail(booking.id, "booking_confirmed")).text).toContain(`BC-${item?.id}`);
  });
});
