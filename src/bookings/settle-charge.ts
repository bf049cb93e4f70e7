import { randomId } from "../lib/ids";
import { refundJob } from "../payments/messages";
import { commitTransition } from "./commit";
import type { BookingDeps } from "./deps";
import { type BookingRow, insertRefund, type PaymentRow, settlePayment } from "./store";

/**
 * What happens to a booking once its charge has an answer. Shared by the queue consumer, the
 * webhook and the reconcile job, so the same answer arriving twice, or from two places, lands
 * once: every statement is conditional and every side row (timeline, email, refund) is unique.
 */

/** Money taken: sell the seats in the object or, if the hold is gone, give the money back. */
export async function settleChargeSucceeded(
  deps: BookingDeps,
  booking: BookingRow,
  charge: PaymentRow,
  providerRef: string,
) {
  const confirmed = await deps.inventory(booking.departureId).confirmHold(booking.holdId, booking.id);
  if (!confirmed.ok) return expireAndRefund(deps, booking, charge, providerRef, confirmed.error.code);
  const now = deps.clock.now();
  const { won } = await commitTransition(deps, booking, {
    event: "payment_succeeded",
    paymentState: "succeeded",
    detail: { provider_ref: providerRef },
    email: "booking_confirmed",
    extra: [settlePayment(deps.d1, { paymentId: charge.id, from: "pending", to: "succeeded", providerRef, now })],
  });
  return won;
}

/** The provider said no: the seats go back on sale now rather than when the hold times out. */
export async function settleChargeDeclined(
  deps: BookingDeps,
  booking: BookingRow,
  charge: PaymentRow,
  decline: { code: string; providerRef?: string | undefined },
) {
  await deps.inventory(booking.departureId).releaseHold(booking.holdId, "payment declined");
  const now = deps.clock.now();
  const { won } = await commitTransition(deps, booking, {
    event: "payment_declined",
    paymentState: "failed",
    detail: { decline_code: decline.code },
    email: "payment_failed",
    extra: [
      settlePayment(deps.d1, {
        paymentId: charge.id,
        from: "pending",
        to: "failed",
        providerRef: decline.providerRef ?? null,
        error: decline.code,
        now,
      }),
    ],
  });
  return won;
}

/**
 * Charged, but the object would not sell (hold expired or released, departure cancelled).
 * Never oversell: the booking expires and the refund is created with it. The refund row is
 * written even if another worker expired the booking first: the money still has to go back.
 */
async function expireAndRefund(
  deps: BookingDeps,
  booking: BookingRow,
  charge: PaymentRow,
  providerRef: string,
  reason: string,
) {
  const now = deps.clock.now();
  const refundId = randomId("pay");
  const { won, extraChanges } = await commitTransition(deps, booking, {
    event: "hold_lost",
    paymentState: "refund_pending",
    detail: { reason, refund: true },
    email: "hold_expired",
    extra: [
      settlePayment(deps.d1, { paymentId: charge.id, from: "pending", to: "succeeded", providerRef, now }),
      insertRefund(deps.d1, charge, refundId, now),
    ],
  });
  if (extraChanges[1] === 1) await sendRefundJob(deps, booking.id, refundId);
  return won;
}

/** Nothing was charged and the hold is gone: the booking lapses, no money moves. */
export async function expireUncharged(deps: BookingDeps, booking: BookingRow, charge: PaymentRow, reason: string) {
  const now = Math.floor(deps.clock.now() / 1000);
  const { won } = await commitTransition(deps, booking, {
    event: "hold_lost",
    paymentState: "failed",
    detail: { reason, refund: false },
    email: "hold_expired",
    // Both conditional on attempts = 0: a consumer that started charging meanwhile wins, and
    // its outcome decides (confirm, decline, or expire with a refund).
    uncharged: charge.id,
    extra: [
      deps.d1
        .prepare(
          `UPDATE payments SET status = 'failed', last_error = ?, updated_at = ?
           WHERE id = ? AND status = 'pending' AND attempts = 0`,
        )
        .bind(`not charged: ${reason}`, now, charge.id),
    ],
  });
  // Only the winner gives the seats back, so a charge that started meanwhile keeps its hold.
  if (won) await deps.inventory(booking.departureId).releaseHold(booking.holdId, "booking expired unpaid");
  return won;
}

/** A lost enqueue leaves a pending refund row, which reconcileBookings re-sends. */
export async function sendRefundJob(deps: BookingDeps, bookingId: string, refundId: string): Promise<void> {
  try {
    await deps.paymentJobs.send(refundJob(bookingId, refundId), { contentType: "json" });
  } catch (error) {
    deps.log.warn("refund_enqueue_failed", { booking_id: bookingId, error: String(error) });
  }
}
