import { randomId } from "../lib/ids";
import { enqueueOutboxEmails } from "../notifications/outbox";
import type { BookingDeps } from "./deps";
import { amountOf, bookingEmail } from "./emails";
import { sendRefundJob } from "./refund-job";
import { type BookingRow, insertRefund, type PaymentRow } from "./store";

const seconds = (ms: number) => Math.floor(ms / 1000);

/**
 * Money that moved after the booking was already closed without it: a charge we had recorded as
 * failed (declined, or given up on with no answer) that a late webhook says succeeded, or a
 * charge that succeeded while another path closed the booking. The seats are gone, so the money
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
  const { d1 } = deps;
  const email = await bookingEmail(deps, booking, {
    kind: "late_charge_refunded",
    money: { state: "refunding", amount: amountOf(charge) },
  });
  const ours = "EXISTS (SELECT 1 FROM payments WHERE id = ?)";
  const results = await d1.batch([
    d1
      .prepare(
        `UPDATE payments SET status = 'succeeded', provider_ref = ?, updated_at = ?
         WHERE id = ? AND status IN ('pending', 'failed')`,
      )
      .bind(providerRef, seconds(now), charge.id),
    insertRefund(d1, charge, refundId, now),
    d1
      .prepare(`UPDATE bookings SET payment_state = 'refund_pending', updated_at = ? WHERE id = ? AND ${ours}`)
      .bind(seconds(now), booking.id, refundId),
    d1
      .prepare(
        `INSERT INTO booking_events (booking_id, at, kind, detail, request_id) SELECT ?, ?, 'late_charge_refunded', ?, ?
         WHERE ${ours}`,
      )
      .bind(
        booking.id,
        seconds(now),
        JSON.stringify({ provider_ref: providerRef, amount_minor: charge.amountMinor, currency: charge.currency }),
        deps.requestId,
        refundId,
      ),
    email.statement,
    d1.prepare(`DELETE FROM email_outbox WHERE id = ? AND NOT ${ours}`).bind(email.outboxId, refundId),
  ]);
  const inserted = results[1]?.meta.changes === 1;
  if (inserted) {
    await enqueueOutboxEmails(deps.emailJobs, [email.outboxId], deps.log);
    await sendRefundJob(deps, booking.id, refundId);
  }
  return inserted;
}
