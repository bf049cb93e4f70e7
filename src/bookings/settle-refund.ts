import type { BookingDeps } from "./deps";
import { type BookingRow, noteEvent, type PaymentRow, settlePayment, transitionEvent, updateStatus } from "./store";

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
  const results = await d1.batch([
    settlePayment(d1, { paymentId: refund.id, from: "pending", to: "succeeded", providerRef, now }),
    d1
      .prepare(
        "UPDATE bookings SET payment_state = 'refunded', updated_at = ? WHERE id = ? AND payment_state = 'refund_pending'",
      )
      .bind(seconds(now), booking.id),
    updateStatus(d1, { bookingId: booking.id, from: "cancelled", to: "refunded", now }),
    // Cancelled bookings enter `refunded`; for the others the entry is gated on the money moving now.
    transitionEvent(d1, {
      bookingId: booking.id,
      status: booking.status === "cancelled" ? "refunded" : booking.status,
      kind: "refunded",
      now,
      detail: { provider_ref: providerRef, amount_minor: refund.amountMinor, currency: refund.currency },
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
