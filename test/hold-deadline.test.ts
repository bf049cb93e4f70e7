import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { RECONCILE_POLICY, reconcileBookings } from "../src/bookings/reconcile";
import { api } from "./support/app-client";
import { book, bookingRow, deliver, heldQueue, pendingBooking, placeHold, post } from "./support/bookings";
import { seedDeparture } from "./support/inventory";

/** A booking shows its deadline to the second; the hold to the millisecond. */
const toSecond = (iso: string) => new Date(Math.floor(Date.parse(iso) / 1000) * 1000).toISOString();

async function extend(holdId: string) {
  const res = await post(`/v1/holds/${holdId}/extend`, {});
  expect(res.status).toBe(200);
  return res.json<{ expires_at: string; extended: boolean }>();
}

describe("a hold extended while its booking waits for payment", () => {
  // The sweep counts every booking in the file's database: start each test from none.
  beforeEach(async () => {
    await env.DB.batch([env.DB.prepare("DELETE FROM payments"), env.DB.prepare("DELETE FROM bookings")]);
  });

  it("moves the booking's deadline with it", async () => {
    const hold = await placeHold(await seedDeparture("deadline-view"));
    // tok_pending: the charge stays processing, so the booking stays pending_payment.
    const created = await book(hold.id, "tok_pending");
    const extended = await extend(hold.id);
    expect(Date.parse(extended.expires_at) - Date.parse(hold.expires_at)).toBe(600_000);

    const res = await api(`/v1/bookings/${created.reference}`, {
      headers: { authorization: `Bearer ${created.owner_token}` },
    });
    expect(res.status).toBe(200);
    const booking = await res.json<{ status: string; hold_expires_at: string }>();
    expect(booking).toMatchObject({ status: "pending_payment", hold_expires_at: toSecond(extended.expires_at) });
  });

  it("is not treated as overdue by the reconcile sweep at the old deadline", async () => {
    const { booking, hold, deps } = await pendingBooking("deadline-sweep", "tok_success");
    const extended = await extend(hold.id);
    const jobs = heldQueue();
    const oldDeadlinePassed = (booking.holdExpiresAt + RECONCILE_POLICY.graceSeconds + 1) * 1000;
    const counts = await reconcileBookings({ deps: { ...deps, paymentJobs: jobs.queue }, now: oldDeadlinePassed });
    expect(counts).toMatchObject({ overdue: 0, expired: 0 });
    expect(await bookingRow(booking.id)).toMatchObject({
      status: "pending_payment",
      hold_expires_at: Math.floor(Date.parse(extended.expires_at) / 1000),
    });
  });

  it("is repaired by the payment consumer when the copy fell behind (an extension that raced the booking)", async () => {
    const { booking, hold, deps, payments, inventory } = await pendingBooking("deadline-repair", "tok_pending");
    // Extended in the object only, as when the extension lands between the booking's read of the
    // hold and its insert: the booking's copy still has the old deadline.
    const extended = await inventory.extendHold(hold.id, 600);
    if (!extended.ok) throw new Error(extended.error.detail);
    expect(await bookingRow(booking.id)).toMatchObject({ hold_expires_at: booking.holdExpiresAt });
    await deliver(payments.sent, 1, deps);
    expect(await bookingRow(booking.id)).toMatchObject({
      status: "pending_payment",
      hold_expires_at: Math.floor(extended.value.expiresAt / 1000),
    });
  });
});
