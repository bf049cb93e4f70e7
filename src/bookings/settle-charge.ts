import { and, eq } from "drizzle-orm";
import { payments } from "../db/schema";
import { randomId } from "../lib/ids";
import { returnUnits } from "./cancel-booking";
import { commitTransition } from "./commit";
import type { BookingDeps } from "./deps";
import { amountOf, NOT_CHARGED } from "./emails";
import { cancelItemsOfClosedBooking, closeItemsStatement } from "./item-cancelled";
import { confirmItemHolds, releaseItemHolds } from "./item-holds";
import { activeItems, itemsOf } from "./items";
import { refundLateCharge } from "./late-charge";
import { sendRefundJob } from "./refund-job";
import { type BookingRow, bookingById, insertRefund, type PaymentRow, settlePayment } from "./store";

/**
 * What happens to a booking once its charge has an answer. Shared by the queue consumer, the
 * webhook and the reconcile job, so the same answer arriving twice, or from two places, lands
 * once: every statement is conditional and every side row (timeline, email, refund) is unique.
 */

/**
 * Money taken: sell every item's hold, each in its unit's object, or, if any one is gone, none of
 * them, and give all the money back (all or nothing, docs/bookings-and-payments.md).
 */
export async function settleChargeSucceeded(
  deps: BookingDeps,
  booking: BookingRow,
  charge: PaymentRow,
  providerRef: string,
) {
  const refused = await confirmItemHolds(deps, booking.id, activeItems(await itemsOf(deps, booking.id)));
  if (refused) return expireAndRefund(deps, booking, charge, providerRef, refused);
  const now = deps.clock.now();
  const { won } = await commitTransition(deps, booking, {
    event: "payment_succeeded",
    paymentState: "succeeded",
    detail: { provider_ref: providerRef },
    email: { kind: "booking_confirmed", money: { state: "charged", amount: amountOf(charge) } },
    extra: [settlePayment(deps.db, { paymentId: charge.id, from: "pending", to: "succeeded", providerRef, now })],
  });
  if (!won) await undoIfClosedMeanwhile(deps, booking, charge, providerRef);
  return won;
}

/** The closed statuses a booking whose confirmation failed can be in (its items are then cancelled). */
const UNCONFIRMED = ["expired", "payment_failed"] as const;

/**
 * The units were sold in the objects but the booking had been closed (declined, or given up on
 * with no answer) while this charge was in flight: sold units nobody holds, and money taken for
 * nothing. Both go back, and the items are cancelled (a product may have issued something for
 * them while the confirmation was written: events' tickets). A duplicate settlement finds the
 * booking confirmed and does nothing.
 */
async function undoIfClosedMeanwhile(deps: BookingDeps, booking: BookingRow, charge: PaymentRow, providerRef: string) {
  const now = await bookingById(deps, booking.id);
  if (!now || now.status === "confirmed") return;
  deps.log.warn("charge_succeeded_after_close", { booking_id: booking.id, status: now.status });
  await cancelItemsOfClosedBooking(deps, booking.id, UNCONFIRMED);
  await returnUnits(deps, now, "paid after the booking was closed");
  await refundLateCharge(deps, now, charge, providerRef);
}

/** The provider said no: the units go back on sale now rather than when the hold times out. */
export async function settleChargeDeclined(
  deps: BookingDeps,
  booking: BookingRow,
  charge: PaymentRow,
  decline: { code: string; providerRef?: string | undefined },
) {
  await releaseHolds(deps, booking, "payment declined");
  const now = deps.clock.now();
  const { won } = await commitTransition(deps, booking, {
    event: "payment_declined",
    paymentState: "failed",
    detail: { decline_code: decline.code },
    email: { kind: "payment_failed", money: NOT_CHARGED },
    extra: [
      settlePayment(deps.db, {
        paymentId: charge.id,
        from: "pending",
        to: "failed",
        providerRef: decline.providerRef ?? null,
        error: decline.code,
        now,
      }),
      closeItemsStatement(deps.db, booking.id, "payment_failed", now),
    ],
  });
  return won;
}

/**
 * Charged, but an object would not sell (hold expired or released, unit cancelled): all or
 * nothing, so the other items' units went back too (confirmItemHolds). Never oversell: the
 * booking expires and the refund is created with it, in one batch; then its items are cancelled
 * (each refunding its total) and their products told. If another path closed the booking first
 * (declined, given up on), the money still goes back, as a late charge.
 */
async function expireAndRefund(
  deps: BookingDeps,
  booking: BookingRow,
  charge: PaymentRow,
  providerRef: string,
  refused: { code: string; itemId: string },
) {
  const now = deps.clock.now();
  const refundId = randomId("pay");
  const { won, extraChanges } = await commitTransition(deps, booking, {
    event: "hold_lost",
    paymentState: "refund_pending",
    detail: { reason: refused.code, item_id: refused.itemId, refund: true },
    email: { kind: "hold_expired", money: { state: "refunding", amount: amountOf(charge) } },
    extra: [
      settlePayment(deps.db, { paymentId: charge.id, from: "pending", to: "succeeded", providerRef, now }),
      insertRefund(deps.db, charge, refundId, now, { onlyIf: "expired" }),
    ],
  });
  if (extraChanges[1] === 1) await sendRefundJob(deps, booking.id, refundId);
  await cancelItemsOfClosedBooking(deps, booking.id, UNCONFIRMED);
  if (!won) {
    const after = await bookingById(deps, booking.id);
    if (after && after.status !== "expired") await refundLateCharge(deps, after, charge, providerRef);
  }
  return won;
}

/**
 * The provider never gave a final answer, even when asked once more by the stuck rule
 * (src/bookings/resolve-stuck.ts): the booking is closed (payment_failed, payment_state
 * `unknown`), the units go back and the traveller is told we do not know whether money moved.
 * The charge is recorded as failed, so a late success (webhook) is refunded as a late charge and
 * the traveller told; a late success from an attempt still in flight is undone the same way.
 */
export async function settleChargeUnanswered(
  deps: BookingDeps,
  booking: BookingRow,
  charge: PaymentRow,
  detail: { reason: string; attempts: number },
) {
  const now = deps.clock.now();
  const { won } = await commitTransition(deps, booking, {
    event: "payment_unresolved",
    paymentState: "unknown",
    detail: { ...detail, unresolved: true },
    email: { kind: "payment_unresolved", money: { state: "unknown", amount: amountOf(charge) } },
    extra: [
      settlePayment(deps.db, {
        paymentId: charge.id,
        from: "pending",
        to: "failed",
        error: `unresolved: ${detail.reason}`,
        now,
      }),
      closeItemsStatement(deps.db, booking.id, "payment_failed", now),
    ],
  });
  // Best effort: a hold the object cannot release now lapses at its deadline, and one a late
  // success sold meanwhile is given back by that success (undoIfClosedMeanwhile).
  if (won) await releaseHolds(deps, booking, "payment unresolved");
  return won;
}

/** Nothing was charged and the hold is gone: the booking lapses, no money moves. */
export async function expireUncharged(deps: BookingDeps, booking: BookingRow, charge: PaymentRow, reason: string) {
  const now = Math.floor(deps.clock.now() / 1000);
  const { won } = await commitTransition(deps, booking, {
    event: "hold_lost",
    paymentState: "failed",
    detail: { reason, refund: false },
    email: { kind: "hold_expired", money: NOT_CHARGED },
    // Both conditional on attempts = 0: a consumer that started charging meanwhile wins, and
    // its outcome decides (confirm, decline, or expire with a refund).
    uncharged: charge.id,
    extra: [
      deps.db
        .update(payments)
        .set({ status: "failed", lastError: `not charged: ${reason}`, updatedAt: now })
        .where(and(eq(payments.id, charge.id), eq(payments.status, "pending"), eq(payments.attempts, 0))),
      closeItemsStatement(deps.db, booking.id, "expired", deps.clock.now()),
    ],
  });
  // Only the winner gives the units back, so a charge that started meanwhile keeps its hold.
  if (won) await releaseHolds(deps, booking, "booking expired unpaid");
  return won;
}

/** Every item's hold: the booking closes unconfirmed, so its items end (or have ended) with it. */
async function releaseHolds(deps: BookingDeps, booking: BookingRow, reason: string): Promise<void> {
  await releaseItemHolds(deps, booking.id, await itemsOf(deps, booking.id), reason);
}
