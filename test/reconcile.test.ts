import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { cancelBooking } from "../src/bookings/cancel-booking";
import { createBooking } from "../src/bookings/create-booking";
import { RECONCILE_POLICY, reconcileBookings, stalledSeconds } from "../src/bookings/reconcile";
import { chargeJob, refundJob } from "../src/payments/messages";
import {
  bookingRow,
  chargeOf,
  deliver,
  heldQueue,
  outboxKinds,
  pendingBooking,
  placeHold,
  refundOf,
  testDeps,
} from "./support/bookings";
import { openInventory } from "./support/inventory";
import { expectSeats } from "./support/payment-events";

const lostQueue = {
  send: async () => {
    throw new Error("queue unavailable");
  },
  sendBatch: async () => {
    throw new Error("queue unavailable");
  },
} as unknown as Queue;

const MINUTE = 60_000;
const zero = {
  overdue: 0,
  expired: 0,
  chargesResent: 0,
  refundsResent: 0,
  resolved: 0,
  stuck: 0,
  operatorCancelled: 0,
};
const economy = (held: number, sold: number) => ({ economy: { capacity: 10, held, sold } });

describe("reconcileBookings", () => {
  // The sweep looks at every booking; storage is per test file, not per test, so each test
  // starts from empty tables to count only its own.
  beforeEach(async () => {
    await env.DB.batch([env.DB.prepare("DELETE FROM payments"), env.DB.prepare("DELETE FROM bookings")]);
  });

  it("re-sends a charge whose enqueue was lost, once per stall period", async () => {
    const { booking, deps } = await pendingBooking("rec-lost", "tok_success", 1, lostQueue);
    const created = booking.createdAt * 1000;
    const jobs = heldQueue();
    const sweep = (now: number) => reconcileBookings({ deps: { ...deps, paymentJobs: jobs.queue }, now });

    expect(await sweep(created + MINUTE)).toEqual(zero);
    expect(await sweep(created + 3 * MINUTE)).toEqual({ ...zero, chargesResent: 1 });
    expect(await sweep(created + 3 * MINUTE + 30_000)).toEqual(zero);
    expect(jobs.sent).toEqual([chargeJob(booking.id, (await chargeOf(booking.id)).id)]);

    await deliver(jobs.sent, 1, deps);
    expect(await bookingRow(booking.id)).toMatchObject({ status: "confirmed" });
    expect(await sweep(created + 10 * MINUTE)).toEqual(zero);
  });

  it("expires an unpaid booking past its hold: seats back, nothing charged, the traveller told", async () => {
    const { booking, hold, deps, payments, clock, inventory } = await pendingBooking("rec-expire", "tok_success");
    clock.advance(11 * MINUTE);
    const after = (booking.holdExpiresAt + RECONCILE_POLICY.graceSeconds + 1) * 1000;
    expect(await reconcileBookings({ deps, now: after })).toEqual({ ...zero, overdue: 1, expired: 1 });

    expect(await bookingRow(booking.id)).toMatchObject({ status: "expired", payment_state: "failed" });
    expect(await chargeOf(booking.id)).toMatchObject({ status: "failed", attempts: 0 });
    expect(await inventory.getHold(hold.id)).toMatchObject({ status: "expired" });
    expect(await outboxKinds(booking.id)).toEqual(["hold_expired"]);
    // The original job, delivered late, finds nothing left to do.
    const late = await deliver(payments.sent, 1, deps);
    expect(late.explicitAcks).toHaveLength(1);
    expect(await chargeOf(booking.id)).toMatchObject({ attempts: 0 });
  });

  it("re-drives a charge whose retry was lost with a restart, before the hold lapses: the traveller keeps the seat", async () => {
    const { booking, deps, payments, clock, inventory } = await pendingBooking("rec-redrive", "tok_timeout");
    const created = booking.createdAt * 1000;
    // The first attempt times out and asks the queue for a retry; then the stack restarts and the
    // queue's messages are gone: that retry is never delivered.
    expect((await deliver(payments.sent, 1, deps)).retryMessages).toHaveLength(1);
    const jobs = heldQueue();
    const sweep = (now: number) => reconcileBookings({ deps: { ...deps, paymentJobs: jobs.queue }, now });

    // While the retry could still be waiting in the queue, the sweep leaves it alone.
    expect(await sweep(created + 2 * MINUTE)).toEqual(zero);
    // Past the longest delay it could wait, the charge is presumed lost and re-driven, hold still live.
    clock.advance(5 * MINUTE);
    expect(await sweep(created + 5 * MINUTE)).toEqual({ ...zero, chargesResent: 1 });
    expect(jobs.sent).toEqual([chargeJob(booking.id, (await chargeOf(booking.id)).id)]);
    await deliver(jobs.sent, 1, deps);
    await deliver(jobs.sent, 2, deps);

    expect(await bookingRow(booking.id)).toMatchObject({ status: "confirmed", payment_state: "succeeded" });
    expect(await refundOf(booking.id)).toBeNull();
    expect(await outboxKinds(booking.id)).toEqual(["booking_confirmed"]);
    await expectSeats(inventory, economy(0, 1));
  });

  it("keeps the seat of a booking made late in its hold while the charge is in doubt, then re-drives it", async () => {
    const { departureId, clock, inventory } = await openInventory("rec-late");
    const hold = await placeHold(departureId);
    clock.advance(9 * MINUTE);
    const payments = heldQueue();
    const deps = testDeps({ clock, paymentJobs: payments.queue, emailJobs: heldQueue().queue });
    const created = await createBooking({
      deps,
      input: {
        holdId: hold.id,
        passengers: [{ givenName: "Ada", familyName: "Tester" }],
        contactEmail: "t@example.com",
        payment: { method: "card", token: "tok_timeout" },
        provider: "sandbox",
      },
    });
    if (!created.ok) throw new Error(created.error.detail);
    const booking = created.value.booking;
    // One minute left when the first attempt times out: the hold is extended once, and the
    // booking's deadline with it.
    await deliver(payments.sent, 1, deps);
    expect(await bookingRow(booking.id)).toMatchObject({ hold_expires_at: booking.holdExpiresAt + 600 });

    // The retry is lost; by the time the sweep presumes so, the original deadline has passed.
    clock.advance(5 * MINUTE);
    const jobs = heldQueue();
    expect(await reconcileBookings({ deps: { ...deps, paymentJobs: jobs.queue }, now: clock.now() })).toEqual({
      ...zero,
      chargesResent: 1,
    });
    await deliver(jobs.sent, 1, deps);
    await deliver(jobs.sent, 2, deps);
    expect(await bookingRow(booking.id)).toMatchObject({ status: "confirmed", payment_state: "succeeded" });
    await expectSeats(inventory, economy(0, 1));
  });

  it("hands an attempted charge past its hold back to the consumer, which refunds if money moved", async () => {
    const { booking, deps, payments, clock } = await pendingBooking("rec-attempted", "tok_timeout");
    await deliver(payments.sent, 1, deps);
    // Past the hold's deadline, even after the extension the timeout earned it.
    clock.advance(21 * MINUTE);
    const jobs = heldQueue();
    const extendedDeadline = booking.holdExpiresAt + 600;
    const after = (extendedDeadline + RECONCILE_POLICY.graceSeconds + 1) * 1000;
    expect(await reconcileBookings({ deps: { ...deps, paymentJobs: jobs.queue }, now: after })).toEqual({
      ...zero,
      overdue: 1,
      chargesResent: 1,
    });
    await deliver(jobs.sent, 1, deps);
    await deliver(jobs.sent, 2, deps);
    expect(await bookingRow(booking.id)).toMatchObject({ status: "expired", payment_state: "refund_pending" });
    expect(await refundOf(booking.id)).toMatchObject({ status: "pending" });
  });

  it("leaves a charge alone while a job may still be working on it", async () => {
    const { booking, deps, payments } = await pendingBooking("rec-live", "tok_error");
    await deliver(payments.sent, 1, deps);
    const jobs = heldQueue();
    const sweep = (now: number) => reconcileBookings({ deps: { ...deps, paymentJobs: jobs.queue }, now });
    const touched = await env.DB.prepare("SELECT updated_at FROM payments WHERE booking_id = ?")
      .bind(booking.id)
      .first<{ updated_at: number }>();
    const lastPossibleRetry = ((touched?.updated_at ?? 0) + stalledSeconds(1)) * 1000;
    expect(await sweep(lastPossibleRetry)).toEqual(zero);
    expect(await sweep(lastPossibleRetry + 2_000)).toEqual({ ...zero, chargesResent: 1 });
  });

  it("re-sends a refund whose job was lost", async () => {
    const { booking, deps, payments } = await pendingBooking("rec-refund", "tok_success");
    await deliver(payments.sent, 1, deps);
    const cancelled = await cancelBooking({
      deps: { ...deps, paymentJobs: lostQueue },
      input: { reference: booking.reference, familyName: "tester" },
    });
    expect(cancelled.ok).toBe(true);
    const refund = await refundOf(booking.id);
    expect(refund).toMatchObject({ status: "pending", attempts: 0 });

    const jobs = heldQueue();
    const now = Date.now() + 3 * MINUTE;
    expect(await reconcileBookings({ deps: { ...deps, paymentJobs: jobs.queue }, now })).toEqual({
      ...zero,
      refundsResent: 1,
    });
    expect(jobs.sent).toEqual([refundJob(booking.id, refund?.id ?? "")]);
    await deliver(jobs.sent, 1, deps);
    expect(await bookingRow(booking.id)).toMatchObject({ status: "refunded", payment_state: "refunded" });
  });
});
