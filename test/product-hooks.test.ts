import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { cancelBooking, cancelBookingItem } from "../src/bookings/cancel-booking";
import { createBooking } from "../src/bookings/create-booking";
import { type BookingItem, itemsOf } from "../src/bookings/items";
import { cancelBookingsOfCancelledUnits, recordUnitCancellation } from "../src/bookings/operator-cancel";
import { RECONCILE_POLICY } from "../src/bookings/reconcile";
import { settleChargeSucceeded } from "../src/bookings/settle-charge";
import { bookingById, paymentById } from "../src/bookings/store";
import { engineCronTasks } from "../src/cron/table";
import { createDb } from "../src/db/client";
import { productHooks } from "../src/http/product-hooks";
import { jsonLogger } from "../src/lib/logger";
import type { PaymentProvider } from "../src/payments/provider";
import { createSandboxProvider } from "../src/payments/sandbox";
import type { ProductModule } from "../src/products/module";
import { PRODUCTS } from "../src/products/registry";
import {
  bookingRow,
  chargeOf,
  deliver,
  heldQueue,
  outboxEmail,
  pendingBooking,
  placeHold,
  testDeps,
} from "./support/bookings";
import { openInventory } from "./support/inventory";

const ELEVEN_MINUTES = 11 * 60_000;

/**
 * The registry with departures' module replaced by one that records every onItemCancelled call,
 * routed the way production routes it (productHooks, by the item's unit prefix).
 */
function spiedModules() {
  const calls: BookingItem[] = [];
  const modules = PRODUCTS.map(
    (product): ProductModule =>
      product.id === "departures"
        ? {
            ...product,
            onItemCancelled: async (_deps, item) => {
              calls.push(item);
            },
            confirmationExtras: async (_deps, item) => ({
              details: [["Boarding code", `BC-${item.id}`]],
              attachments: [],
            }),
          }
        : product,
  );
  return { calls, modules };
}

function spiedProducts() {
  const { calls, modules } = spiedModules();
  return { calls, products: productHooks(env, () => Date.now(), modules) };
}

/** Two departures (objects on clocks the test moves), one seat each, booked together, hooks spied. */
async function twoItemBooking(label: string) {
  const first = await openInventory(`${label}-a`);
  const second = await openInventory(`${label}-b`);
  const holds = [await placeHold(first.departureId), await placeHold(second.departureId)];
  const spy = spiedProducts();
  const payments = heldQueue();
  const deps = testDeps({ paymentJobs: payments.queue, emailJobs: heldQueue().queue, products: spy.products });
  const created = await createBooking({
    deps,
    input: {
      holdIds: holds.map((h) => h.id),
      passengers: [{ givenName: "Ada", familyName: "Lovelace" }],
      contactEmail: "ada@example.com",
      payment: { method: "card", token: "tok_success" },
      provider: "sandbox",
    },
  });
  if (!created.ok) throw new Error(created.error.detail);
  const booking = created.value.booking;
  const items = await itemsOf(deps, booking.id);
  const credentials = { reference: booking.reference, familyName: "Lovelace" };
  return { booking, items, first, second, payments, deps, calls: spy.calls, credentials };
}

async function confirmed(label: string) {
  const s = await twoItemBooking(label);
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
    const s = await twoItemBooking("hook-lapse");
    const sandbox = createSandboxProvider();
    const provider: PaymentProvider = {
      ...sandbox,
      charge: async (request) => {
        s.second.clock.advance(ELEVEN_MINUTES);
        return sandbox.charge(request);
      },
    };
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
    const s = await twoItemBooking("hook-closed");
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
    const { modules } = spiedModules();
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
