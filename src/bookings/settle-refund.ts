import type { BookingDeps } from "./deps";
import { type BookingRow, noteEvent, type PaymentRow, settlePayment, transitionEvent } from "./store";

const seconds = (ms: number) => Math.floor(ms / 1000);

/**
 * The refund went through. A cancelled booking becomes refunded; an expired one stays expired
 * with its money back. Either way the booking's payment_state says so, once.
 */
export async function settleRefundSucceeded(
  deps: BookingDeps,
  booking: BookingRow,
  refund: PaymentRow,
  providerRef: string,
) {
  const now = deps.clock.now();
  const { d1 } = deps;
  // Several refunds per booking (one per cancelled item): the booking's money is settled when none is pending.
  const nonePending =
    "NOT EXISTS (SELECT 1 FROM payments WHERE booking_id = ? AND kind = 'refund' AND status = 'pending')";
  const detail = { provider_ref: providerRef, amount_minor: refund.amountMinor, currency: refund.currency };
  const results = await d1.batch([
    settlePayment(d1, { paymentId: refund.id, from: "pending", to: "succeeded", providerRef, now }),
    // A confirmed booking keeps its other items paid for: its money is `succeeded` again.
    d1
      .prepare(
        `UPDATE bookings SET payment_state = CASE WHEN status = 'confirmed' THEN 'succeeded' ELSE 'refunded' END,
         updated_at = ? WHERE id = ? AND payment_state = 'refund_pending' AND ${nonePending}`,
      )
      .bind(seconds(now), booking.id, booking.id),
    // The state machine's refund_settled edge (cancelled → refunded), once the last refund settled;
    // updateStatus cannot carry that second condition.
    d1
      .prepare(
        `UPDATE bookings SET status = 'refunded', updated_at = ? WHERE id = ? AND status = 'cancelled' AND ${nonePending}`,
      )
      .bind(seconds(now), booking.id, booking.id),
    booking.status === "confirmed"
      ? noteEvent(d1, { bookingId: booking.id, kind: "item_refunded", now, detail, requestId: deps.requestId })
      : // Cancelled bookings enter `refunded`; for the others the entry is gated on the money moving now.
        transitionEvent(d1, {
          bookingId: booking.id,
          status: booking.status === "cancelled" ? "refunded" : booking.status,
          kind: "refunded",
          now,
          detail,
          requestId: deps.requestId,
        }),
  ]);
  return results[0]?.meta.changes === 1;
}

/** The provider refused the refund: an operator has to act; the booking keeps refund_pending. */
export async function settleRefundFailed(deps: BookingDeps, booking: BookingRow, refund: PaymentRow, code: string) {
  const now = deps.clock.now();
  deps.log.error("refund_failed", { booking_id: booking.id, payment_id: refund.id, code });
  await deps.d1.batch([
    settlePayment(deps.d1, { paymentId: refund.id, from: "pending", to: "failed", error: code, now }),
    noteEvent(deps.d1, {
      bookingId: booking.id,
      kind: "refund_failed",
      now,
      detail: { code },
      requestId: deps.requestId,
    }),
  ]);
}
