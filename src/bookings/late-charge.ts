import { and, eq, exists, inArray, notExists } from "drizzle-orm";
import { bookingEvents, bookings, emailOutbox, payments } from "../db/schema";
import { randomId } from "../lib/ids";
import { enqueueOutboxEmails } from "../notifications/outbox";
import { changesOf } from "./commit";
import type { BookingDeps } from "./deps";
import { amountOf, bookingEmail } from "./emails";
import { sendRefundJob } from "./refund-job";
import { type BookingRow, eventFields, insertRefund, type PaymentRow } from "./store";

const seconds = (ms: number) => Math.floor(ms / 1000);

/**
 * Money that moved after the booking was already closed without it: a charge we had recorded as
 * failed (declined, or given up on with no answer) that a late webhook says succeeded, or a
 * charge that succeeded while another path closed the booking. The units are gone, so the money
 * goes back, and the traveller, who was told they were not charged (or that we did not know), is
 * told the truth.
 *
 * One batch. Everything after the refund insert is conditional on that insert being ours (the
 * refund row with our fresh id exists), so a second arrival of the same news changes nothing and
 * sends no second email.
 */
export async function refundLateCharge(
  deps: BookingDeps,
  booking: BookingRow,
  charge: PaymentRow,
  providerRef: string,
): Promise<boolean> {
  const now = deps.clock.now();
  const refundId = randomId("pay");
  const { db } = deps;
  const email = await bookingEmail(deps, booking, {
    kind: "late_charge_refunded",
    money: { state: "refunding", amount: amountOf(charge) },
  });
  const ours = db.select({ id: payments.id }).from(payments).where(eq(payments.id, refundId));
  const detail = { provider_ref: providerRef, amount_minor: charge.amountMinor, currency: charge.currency };
  const results = await db.batch([
    db
      .update(payments)
      .set({ status: "succeeded", providerRef, updatedAt: seconds(now) })
      .where(and(eq(payments.id, charge.id), inArray(payments.status, ["pending", "failed"]))),
    insertRefund(db, charge, refundId, now),
    db
      .update(bookings)
      .set({ paymentState: "refund_pending", updatedAt: seconds(now) })
      .where(and(eq(bookings.id, booking.id), exists(ours))),
    db.insert(bookingEvents).select(
      db
        .select(
          eventFields({ bookingId: booking.id, now, kind: "late_charge_refunded", detail, requestId: deps.requestId }),
        )
        .from(payments)
        .where(eq(payments.id, refundId)),
    ),
    email.query,
    db.delete(emailOutbox).where(and(eq(emailOutbox.id, email.outboxId), notExists(ours))),
  ]);
  const inserted = changesOf(results[1]) === 1;
  if (inserted) {
    await enqueueOutboxEmails(deps.emailJobs, [email.outboxId], deps.log);
    await sendRefundJob(deps, booking.id, refundId);
  }
  return inserted;
}
