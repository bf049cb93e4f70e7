import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { cancelBooking } from "../src/bookings/cancel-booking";
import { RECONCILE_POLICY, reconcileBookings } from "../src/bookings/reconcile";
import { chargeJob, refundJob } from "../src/payments/messages";
import { bookingRow, chargeOf, deliver, heldQueue, outboxKinds, pendingBooking, refundOf } from "./support/bookings";

const lostQueue = {
  send: async () => {
    throw new Error("queue unavailable");
  },
  sendBatch: async () => {
    throw new Error("queue unavailable");
  },
} as unknown as Queue;

const MINUTE = 60_000;
const zero = { overdue: 0, expired: 0, chargesResent: 0, refundsResent: 0, stuck: 0, operatorCancelled: 0 };

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

  it("hands an attempted charge past its hold back to the consumer, which refunds if money moved", async () => {
    const { booking, deps, payments, clock } = await pendingBooking("rec-attempted", "tok_timeout");
    await deliver(payments.sent, 1, deps);
    clock.advance(11 * MINUTE);
    const jobs = heldQueue();
    const after = (booking.holdExpiresAt + RECONCILE_POLICY.graceSeconds + 1) * 1000;
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

  it("stops re-sending after too many attempts and reports the booking as stuck", async () => {
    const { booking, deps } = await pendingBooking("rec-stuck", "tok_error");
    await env.DB.prepare("UPDATE payments SET attempts = ? WHERE booking_id = ?")
      .bind(RECONCILE_POLICY.maxAttempts, booking.id)
      .run();
    const jobs = heldQueue();
    const after = (booking.holdExpiresAt + RECONCILE_POLICY.graceSeconds + 1) * 1000;
    expect(await reconcileBookings({ deps: { ...deps, paymentJobs: jobs.queue }, now: after })).toEqual({
      ...zero,
      overdue: 1,
      stuck: 1,
    });
    expect(jobs.sent).toEqual([]);
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
