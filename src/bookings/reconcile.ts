import { eq } from "drizzle-orm";
import { payments } from "../db/schema";
import { fixedClock } from "../lib/clock";
import { chargeJob, type PaymentJob, refundJob } from "../payments/messages";
import type { PaymentProvider } from "../payments/provider";
import type { BookingDeps } from "./deps";
import { repairHoldDeadline } from "./hold-deadline";
import { holdsOf, holdsUsable, unusableReason } from "./item-holds";
import { activeItems, itemsOf } from "./items";
import { cancelBookingsOfCancelledUnits } from "./operator-cancel";
import { RECONCILE_POLICY, stalledSeconds } from "./reconcile-policy";
import { chargesToRedrive, overdueBookings, stalledRefunds } from "./reconcile-queries";
import { resolveStuckCharge } from "./resolve-stuck";
import { expireUncharged } from "./settle-charge";
import type { BookingRow, PaymentRow } from "./store";

export { RECONCILE_POLICY, stalledSeconds } from "./reconcile-policy";

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
  /** Confirmed bookings with an item on a unit an operator cancelled, now cancelled and being refunded. */
  operatorCancelled: number;
}

/** The provider is only needed by the stuck rule; null when payments are not configured. */
export type ReconcileDeps = BookingDeps & { provider: PaymentProvider | null };

/**
 * The safety net under the payment flow, run by cron. It repairs what a crash, a restart or a
 * lost message leaves behind, always by handing work back to the same idempotent paths:
 * 1. charges of pending bookings whose hold can still be confirmed and whose job is presumed
 *    lost (row untouched for stalledSeconds): re-sent, whether attempted or not, so a retry lost
 *    with a restart is re-driven while the traveller still has the units;
 * 2. bookings still pending_payment past their hold deadline (+ grace): never attempted → expire
 *    with no charge; attempted and no live job → re-sent (the provider's idempotent answer tells
 *    whether money moved: success → refund); past the stuck rule → resolved (resolveStuckCharge);
 * 3. refunds pending with no live job: re-sent, up to maxAttempts, then reported stuck;
 * 4. confirmed bookings with an item on a unit an operator cancelled: cancelled and refunded.
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
      const holds = await holdsOf(d, activeItems(await itemsOf(d, pair.booking.id)));
      // The objects' deadlines win: a copy that fell behind an extension is repaired, not acted on.
      const booking = await repairHoldDeadline(d, pair.booking, holds);
      if (booking.holdExpiresAt >= nowSec - RECONCILE_POLICY.graceSeconds) return;
      counts.overdue++;
      if (pair.charge.attempts === 0 && !holdsUsable(holds, booking.id, now)) {
        const reason = unusableReason(holds, booking.id, now);
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
  counts.operatorCancelled = (await cancelBookingsOfCancelledUnits({ deps: d })).cancelled;
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

/** Re-sends a job and touches the row, so the next sweep waits another stall period for it. */
async function resend(deps: BookingDeps, paymentId: string, job: PaymentJob, nowSec: number): Promise<boolean> {
  try {
    await deps.paymentJobs.send(job, { contentType: "json" });
  } catch (error) {
    deps.log.warn("reconcile_enqueue_failed", { payment_id: paymentId, error: String(error) });
    return false;
  }
  await deps.db.update(payments).set({ updatedAt: nowSec }).where(eq(payments.id, paymentId)).run();
  return true;
}
