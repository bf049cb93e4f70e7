import { fixedClock } from "../lib/clock";
import { chargeJob, type PaymentJob, refundJob } from "../payments/messages";
import { holdUsable } from "../payments/process-charge";
import type { BookingDeps } from "./deps";
import { cancelBookingsOfCancelledDepartures } from "./operator-cancel";
import { expireUncharged } from "./settle-charge";
import { type BookingRow, bookingById, type PaymentRow, paymentById } from "./store";

export const RECONCILE_POLICY = {
  /** After the hold's deadline, the consumer gets this long before the sweep steps in. */
  graceSeconds: 120,
  /** A job that has not touched its payment row for this long was probably never delivered. */
  stalledSeconds: 120,
  /** Beyond this many provider attempts the sweep stops re-sending and leaves it to an operator
   *  (the dead-letter queue holds the history): three full rounds of queue retries. */
  maxAttempts: 18,
  batchSize: 100,
} as const;

export interface ReconcileCounts {
  overdue: number;
  expired: number;
  chargesResent: number;
  refundsResent: number;
  stuck: number;
  /** Confirmed bookings of departures an operator cancelled, now cancelled and being refunded. */
  operatorCancelled: number;
}

/**
 * The safety net under the payment flow, run by cron. It repairs what a crash or a lost enqueue
 * leaves behind, always by handing work back to the same idempotent paths:
 * 1. bookings still pending_payment past their hold deadline (+ grace): if nothing was ever
 *    attempted, they expire with no charge; otherwise the charge job is re-sent, and the
 *    consumer's idempotent retry tells whether money moved (success → confirm or refund).
 * 2. charges never attempted and not touched for a while (the enqueue after the booking
 *    batch failed): the job is re-sent.
 * 3. refunds pending and not touched for a while: the job is re-sent.
 * 4. confirmed bookings of departures an operator cancelled: cancelled and refunded.
 */
export async function reconcileBookings({ deps, now }: { deps: BookingDeps; now: number }): Promise<ReconcileCounts> {
  const d = { ...deps, clock: fixedClock(now) };
  const nowSec = Math.floor(now / 1000);
  const counts: ReconcileCounts = {
    overdue: 0,
    expired: 0,
    chargesResent: 0,
    refundsResent: 0,
    stuck: 0,
    operatorCancelled: 0,
  };

  for (const { booking, charge } of await overdueBookings(d, nowSec - RECONCILE_POLICY.graceSeconds)) {
    counts.overdue++;
    const hold = await d.inventory(booking.departureId).getHold(booking.holdId);
    if (charge.attempts === 0 && !holdUsable(hold, booking, now)) {
      if (await expireUncharged(d, booking, charge, hold ? `hold ${hold.status}` : "hold not found")) counts.expired++;
    } else if (charge.attempts < RECONCILE_POLICY.maxAttempts) {
      if (await resend(d, charge.id, chargeJob(booking.id, charge.id), nowSec)) counts.chargesResent++;
    } else {
      counts.stuck++;
      d.log.error("booking_stuck", { booking_id: booking.id, payment_id: charge.id, attempts: charge.attempts });
    }
  }

  for (const payment of await stalledPayments(d, nowSec - RECONCILE_POLICY.stalledSeconds, nowSec)) {
    if (payment.attempts >= RECONCILE_POLICY.maxAttempts) {
      counts.stuck++;
      d.log.error("payment_stuck", { booking_id: payment.booking_id, payment_id: payment.id, kind: payment.kind });
      continue;
    }
    const job =
      payment.kind === "charge" ? chargeJob(payment.booking_id, payment.id) : refundJob(payment.booking_id, payment.id);
    if (await resend(d, payment.id, job, nowSec)) {
      if (payment.kind === "charge") counts.chargesResent++;
      else counts.refundsResent++;
    }
  }
  counts.operatorCancelled = (await cancelBookingsOfCancelledDepartures({ deps: d })).cancelled;
  return counts;
}

async function overdueBookings(deps: BookingDeps, deadline: number) {
  const { results } = await deps.d1
    .prepare(
      `SELECT b.id AS booking_id, p.id AS payment_id FROM bookings b
       JOIN payments p ON p.booking_id = b.id AND p.kind = 'charge' AND p.status = 'pending'
       WHERE b.status = 'pending_payment' AND b.hold_expires_at < ?
       ORDER BY b.hold_expires_at LIMIT ?`,
    )
    .bind(deadline, RECONCILE_POLICY.batchSize)
    .all<{ booking_id: string; payment_id: string }>();
  const pairs = await Promise.all(
    results.map(async (r) => ({
      booking: await bookingById(deps, r.booking_id),
      charge: await paymentById(deps, r.payment_id),
    })),
  );
  return pairs.filter((p): p is { booking: BookingRow; charge: PaymentRow } => p.booking !== null && p.charge !== null);
}

interface StalledRow {
  id: string;
  booking_id: string;
  kind: "charge" | "refund";
  attempts: number;
}

/** Charges only while never attempted and their booking is not overdue yet (step 1 owns those). */
async function stalledPayments(deps: BookingDeps, stalledBefore: number, nowSec: number): Promise<StalledRow[]> {
  const { results } = await deps.d1
    .prepare(
      `SELECT p.id, p.booking_id, p.kind, p.attempts FROM payments p JOIN bookings b ON b.id = p.booking_id
       WHERE p.status = 'pending' AND p.updated_at < ?
         AND ((p.kind = 'charge' AND p.attempts = 0 AND b.status = 'pending_payment' AND b.hold_expires_at >= ?)
              OR p.kind = 'refund')
       ORDER BY p.updated_at LIMIT ?`,
    )
    .bind(stalledBefore, nowSec - RECONCILE_POLICY.graceSeconds, RECONCILE_POLICY.batchSize)
    .all<StalledRow>();
  return results;
}

/** Re-sends a job and touches the row, so the next sweep waits another stalledSeconds for it. */
async function resend(deps: BookingDeps, paymentId: string, job: PaymentJob, nowSec: number): Promise<boolean> {
  try {
    await deps.paymentJobs.send(job, { contentType: "json" });
  } catch (error) {
    deps.log.warn("reconcile_enqueue_failed", { payment_id: paymentId, error: String(error) });
    return false;
  }
  await deps.d1.prepare("UPDATE payments SET updated_at = ? WHERE id = ?").bind(nowSec, paymentId).run();
  return true;
}
