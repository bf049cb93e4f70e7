import { fixedClock } from "../lib/clock";
import { chargeJob, type PaymentJob, refundJob } from "../payments/messages";
import { holdUsable } from "../payments/process-charge";
import type { PaymentProvider } from "../payments/provider";
import { resolveStuckCharge } from "../payments/resolve-stuck";
import { LONGEST_PENDING_RETRY_SECONDS } from "../payments/retry-policy";
import type { BookingDeps } from "./deps";
import { repairHoldDeadline } from "./hold-deadline";
import { cancelBookingsOfCancelledDepartures } from "./operator-cancel";
import { expireUncharged } from "./settle-charge";
import { type BookingRow, bookingById, type PaymentRow, paymentById } from "./store";

export const RECONCILE_POLICY = {
  /** After the hold's deadline, the consumer gets this long before the sweep steps in. */
  graceSeconds: 120,
  /** Added to the longest delay a live job could be waiting for: queue delivery is not instant. */
  deliverySlackSeconds: 120,
  /** The stuck rule: a charge with this many provider attempts, or still pending this long after
   *  the hold's deadline, is asked once more and then given a terminal outcome. */
  maxAttempts: 18,
  resolveAfterSeconds: 1800,
  batchSize: 100,
} as const;

/**
 * How long a payment row must have gone untouched before the sweep presumes it has no live job.
 * Queues cannot be asked whether a message is still queued; but every attempt touches the row,
 * and a job never waits longer than its next delay: none for a job never attempted (only its
 * first delivery can be pending), the longest retry delay otherwise (src/payments/retry-policy.ts).
 */
export function stalledSeconds(attempts: number): number {
  return (attempts === 0 ? 0 : LONGEST_PENDING_RETRY_SECONDS) + RECONCILE_POLICY.deliverySlackSeconds;
}

export interface ReconcileCounts {
  overdue: number;
  expired: number;
  chargesResent: number;
  refundsResent: number;
  /** Charges the stuck rule gave a terminal outcome (confirmed, refunded, declined or unresolved). */
  resolved: number;
  /** Refunds past maxAttempts (an operator must act: money is owed), or charges due for the stuck
   *  rule while no payment provider is configured. */
  stuck: number;
  /** Confirmed bookings of departures an operator cancelled, now cancelled and being refunded. */
  operatorCancelled: number;
}

/** The provider is only needed by the stuck rule; null when payments are not configured. */
export type ReconcileDeps = BookingDeps & { provider: PaymentProvider | null };

/**
 * The safety net under the payment flow, run by cron. It repairs what a crash, a restart or a
 * lost message leaves behind, always by handing work back to the same idempotent paths:
 * 1. charges of pending bookings whose hold can still be confirmed and whose job is presumed
 *    lost (row untouched for stalledSeconds): re-sent, whether attempted or not, so a retry lost
 *    with a restart is re-driven while the traveller still has the seat;
 * 2. bookings still pending_payment past their hold deadline (+ grace): never attempted → expire
 *    with no charge; attempted and no live job → re-sent (the provider's idempotent answer tells
 *    whether money moved: success → refund); past the stuck rule → resolved (resolveStuckCharge);
 * 3. refunds pending with no live job: re-sent, up to maxAttempts, then reported stuck;
 * 4. confirmed bookings of departures an operator cancelled: cancelled and refunded.
 */
export async function reconcileBookings({ deps, now }: { deps: ReconcileDeps; now: number }): Promise<ReconcileCounts> {
  const d = { ...deps, clock: fixedClock(now) };
  const nowSec = Math.floor(now / 1000);
  const counts: ReconcileCounts = {
    overdue: 0,
    expired: 0,
    chargesResent: 0,
    refundsResent: 0,
    resolved: 0,
    stuck: 0,
    operatorCancelled: 0,
  };
  const each = async (payment: { id: string }, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      d.log.error("reconcile_item_failed", { payment_id: payment.id, error: String(error) });
    }
  };

  for (const { booking, charge } of await chargesToRedrive(d, nowSec)) {
    await each(charge, () => driveCharge(d, booking, charge, nowSec, counts));
  }
  for (const pair of await overdueBookings(d, nowSec - RECONCILE_POLICY.graceSeconds)) {
    await each(pair.charge, async () => {
      const hold = await d.inventory(pair.booking.departureId).getHold(pair.booking.holdId);
      // The object's deadline wins: a copy that fell behind an extension is repaired, not acted on.
      const booking = await repairHoldDeadline(d, pair.booking, hold);
      if (booking.holdExpiresAt >= nowSec - RECONCILE_POLICY.graceSeconds) return;
      counts.overdue++;
      if (pair.charge.attempts === 0 && !holdUsable(hold, booking, now)) {
        const reason = hold ? `hold ${hold.status}` : "hold not found";
        if (await expireUncharged(d, booking, pair.charge, reason)) counts.expired++;
        return;
      }
      await driveCharge(d, booking, pair.charge, nowSec, counts);
    });
  }
  for (const refund of await stalledRefunds(d, nowSec)) {
    await each(refund, async () => {
      if (refund.attempts >= RECONCILE_POLICY.maxAttempts) {
        counts.stuck++;
        d.log.error("refund_stuck", {
          booking_id: refund.booking_id,
          payment_id: refund.id,
          attempts: refund.attempts,
        });
        return;
      }
      if (await resend(d, refund.id, refundJob(refund.booking_id, refund.id), nowSec)) counts.refundsResent++;
    });
  }
  counts.operatorCancelled = (await cancelBookingsOfCancelledDepartures({ deps: d })).cancelled;
  return counts;
}

/** A pending charge with no live job: re-sent, or, once the stuck rule applies, resolved. */
async function driveCharge(
  deps: ReconcileDeps,
  booking: BookingRow,
  charge: PaymentRow,
  nowSec: number,
  counts: ReconcileCounts,
): Promise<void> {
  const quietSince = nowSec - stalledSeconds(charge.attempts);
  if (charge.updatedAt >= quietSince) return;
  const due =
    charge.attempts >= RECONCILE_POLICY.maxAttempts ||
    nowSec >= booking.holdExpiresAt + RECONCILE_POLICY.resolveAfterSeconds;
  if (!due) {
    if (await resend(deps, charge.id, chargeJob(booking.id, charge.id), nowSec)) counts.chargesResent++;
    return;
  }
  if (!deps.provider) {
    counts.stuck++;
    deps.log.error("booking_stuck", { booking_id: booking.id, payment_id: charge.id, reason: "no payment provider" });
    return;
  }
  const resolution = await resolveStuckCharge({ ...deps, provider: deps.provider }, booking, charge, quietSince);
  if (resolution !== "busy") counts.resolved++;
}

type Pair = { booking: BookingRow; charge: PaymentRow };

async function pairs(deps: BookingDeps, rows: { booking_id: string; payment_id: string }[]): Promise<Pair[]> {
  const found = await Promise.all(
    rows.map(async (r) => ({
      booking: await bookingById(deps, r.booking_id),
      charge: await paymentById(deps, r.payment_id),
    })),
  );
  return found.filter((p): p is Pair => p.booking !== null && p.charge !== null);
}

/** Pending bookings whose hold has not lapsed, with a pending charge untouched long enough to
 *  have no live job. The deadline copy is the object's (src/bookings/hold-deadline.ts). */
async function chargesToRedrive(deps: BookingDeps, nowSec: number): Promise<Pair[]> {
  const { results } = await deps.d1
    .prepare(
      `SELECT b.id AS booking_id, p.id AS payment_id FROM bookings b
       JOIN payments p ON p.booking_id = b.id AND p.kind = 'charge' AND p.status = 'pending'
       WHERE b.status = 'pending_payment' AND b.hold_expires_at > ?
         AND p.updated_at < ? - CASE WHEN p.attempts = 0 THEN ? ELSE ? END
       ORDER BY p.updated_at LIMIT ?`,
    )
    .bind(nowSec, nowSec, stalledSeconds(0), stalledSeconds(1), RECONCILE_POLICY.batchSize)
    .all<{ booking_id: string; payment_id: string }>();
  return pairs(deps, results);
}

async function overdueBookings(deps: BookingDeps, deadline: number): Promise<Pair[]> {
  const { results } = await deps.d1
    .prepare(
      `SELECT b.id AS booking_id, p.id AS payment_id FROM bookings b
       JOIN payments p ON p.booking_id = b.id AND p.kind = 'charge' AND p.status = 'pending'
       WHERE b.status = 'pending_payment' AND b.hold_expires_at < ?
       ORDER BY b.hold_expires_at LIMIT ?`,
    )
    .bind(deadline, RECONCILE_POLICY.batchSize)
    .all<{ booking_id: string; payment_id: string }>();
  return pairs(deps, results);
}

interface StalledRefund {
  id: string;
  booking_id: string;
  attempts: number;
}

async function stalledRefunds(deps: BookingDeps, nowSec: number): Promise<StalledRefund[]> {
  const { results } = await deps.d1
    .prepare(
      `SELECT id, booking_id, attempts FROM payments
       WHERE kind = 'refund' AND status = 'pending' AND updated_at < ? - CASE WHEN attempts = 0 THEN ? ELSE ? END
       ORDER BY updated_at LIMIT ?`,
    )
    .bind(nowSec, stalledSeconds(0), stalledSeconds(1), RECONCILE_POLICY.batchSize)
    .all<StalledRefund>();
  return results;
}

/** Re-sends a job and touches the row, so the next sweep waits another stall period for it. */
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
