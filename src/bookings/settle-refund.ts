import { and, eq, notExists, sql } from "drizzle-orm";
import { bookings, payments } from "../db/schema";
import { changesOf } from "./commit";
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
  const { db } = deps;
  // Several refunds per booking (one per cancelled item): the booking's money is settled when none is pending.
  const nonePending = notExists(
    db
      .select({ id: payments.id })
      .from(payments)
      .where(and(eq(payments.bookingId, booking.id), eq(payments.kind, "refund"), eq(payments.status, "pending"))),
  );
  const detail = { provider_ref: providerRef, amount_minor: refund.amountMinor, currency: refund.currency };
  const results = await db.batch([
    settlePayment(db, { paymentId: refund.id, from: "pending", to: "succeeded", providerRef, now }),
    // A confirmed booking keeps its other items paid for: its money is `succeeded` again.
    db
      .update(bookings)
      .set({
        paymentState: sql`CASE WHEN ${bookings.status} = 'confirmed' THEN 'succeeded' ELSE 'refunded' END`,
        updatedAt: seconds(now),
      })
      .where(and(eq(bookings.id, booking.id), eq(bookings.paymentState, "refund_pending"), nonePending)),
    // The state machine's refund_settled edge (cancelled → refunded), once the last refund settled;
    // updateStatus cannot carry that second condition.
    db
      .update(bookings)
      .set({ status: "refunded", updatedAt: seconds(now) })
      .where(and(eq(bookings.id, booking.id), eq(bookings.status, "cancelled"), nonePending)),
    booking.status === "confirmed"
      ? noteEvent(db, { bookingId: booking.id, kind: "item_refunded", now, detail, requestId: deps.requestId })
      : // Cancelled bookings enter `refunded`; for the others the entry is gated on the money moving now.
        transitionEvent(db, {
          bookingId: booking.id,
          status: booking.status === "cancelled" ? "refunded" : booking.status,
          kind: "refunded",
          now,
          detail,
          requestId: deps.requestId,
        }),
  ]);
  return changesOf(results[0]) === 1;
}

/** The provider refused the refund: an operator has to act; the booking keeps refund_pending. */
export async function settleRefundFailed(deps: BookingDeps, booking: BookingRow, refund: PaymentRow, code: string) {
  const now = deps.clock.now();
  deps.log.error("refund_failed", { booking_id: booking.id, payment_id: refund.id, code });
  await deps.db.batch([
    settlePayment(deps.db, { paymentId: refund.id, from: "pending", to: "failed", error: code, now }),
    noteEvent(deps.db, {
      bookingId: booking.id,
      kind: "refund_failed",
      now,
      detail: { code },
      requestId: deps.requestId,
    }),
  ]);
}
