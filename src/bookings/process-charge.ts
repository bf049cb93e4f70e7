import { and, eq } from "drizzle-orm";
import { payments } from "../db/schema";
import { chargeIdempotencyKey } from "../payments/messages";
import { ACK, isLastDelivery, type JobDecision, retryAfter } from "../payments/retry-policy";
import { extendHoldWhileInDoubt, repairHoldDeadline } from "./hold-deadline";
import { holdsOf, holdsUsable, unusableReason } from "./item-holds";
import { activeItems, itemsOf } from "./items";
import type { PaymentDeps } from "./payment-deps";
import { expireUncharged, settleChargeDeclined, settleChargeSucceeded } from "./settle-charge";
import {
  type BookingRow,
  bookingById,
  noteEvent,
  type PaymentRow,
  paymentById,
  recordAttemptError,
  startAttempt,
} from "./store";

/**
 * One charge job. Safe to run any number of times: a settled payment is acknowledged, and the
 * provider sees the same idempotency key on every attempt, so it charges at most once.
 */
export async function processCharge(
  deps: PaymentDeps,
  job: { bookingId: string; paymentId: string },
  delivery: number,
): Promise<JobDecision> {
  const [booking, charge] = await Promise.all([bookingById(deps, job.bookingId), paymentById(deps, job.paymentId)]);
  if (!booking || !charge || charge.kind !== "charge" || charge.bookingId !== booking.id) {
    deps.log.warn("charge_job_orphaned", { booking_id: job.bookingId, payment_id: job.paymentId });
    return ACK;
  }
  if (charge.status !== "pending" || booking.status !== "pending_payment") return ACK;

  const items = activeItems(await itemsOf(deps, booking.id));
  const holds = await holdsOf(deps, items);
  await repairHoldDeadline(deps, booking, holds);
  // Never charge for holds of which one is already gone, unless an earlier attempt may have
  // charged: then only the provider's idempotent answer tells, and a success is refunded.
  const now = deps.clock.now();
  if (!holdsUsable(holds, booking.id, now) && charge.attempts === 0) {
    await expireUncharged(deps, booking, charge, unusableReason(holds, booking.id, now));
    return ACK;
  }
  const attempt = await startAttempt(deps.db, charge.id, deps.clock.now());
  if (attempt === null) return ACK;

  const outcome = await deps.provider.charge({
    amountMinor: charge.amountMinor,
    currency: charge.currency,
    token: booking.paymentToken,
    idempotencyKey: chargeIdempotencyKey(booking.id),
    bookingId: booking.id,
    paymentId: charge.id,
    attempt,
  });
  deps.metrics?.record({ kind: "payment", operation: "charge", outcome: outcome.status });
  switch (outcome.status) {
    case "succeeded":
      await settleChargeSucceeded(deps, booking, charge, outcome.providerRef);
      return ACK;
    case "declined":
      await settleChargeDeclined(deps, booking, charge, outcome);
      return ACK;
    case "pending":
      await notePending(deps, booking, charge, outcome.providerRef);
      await extendHoldWhileInDoubt(deps, booking, items, holds);
      return ACK;
    case "retryable":
      await noteRetry(deps, booking, charge, outcome.reason, { attempt, delivery });
      await extendHoldWhileInDoubt(deps, booking, items, holds);
      return retryAfter(delivery);
  }
}

async function notePending(deps: PaymentDeps, booking: BookingRow, charge: PaymentRow, providerRef: string) {
  const now = deps.clock.now();
  await deps.db.batch([
    deps.db
      .update(payments)
      .set({ providerRef, updatedAt: Math.floor(now / 1000) })
      .where(and(eq(payments.id, charge.id), eq(payments.status, "pending"))),
    noteEvent(deps.db, {
      bookingId: booking.id,
      kind: "payment_processing",
      now,
      detail: { provider_ref: providerRef },
      requestId: deps.requestId,
      whilePending: charge.id,
    }),
  ]);
}

async function noteRetry(
  deps: PaymentDeps,
  booking: BookingRow,
  charge: PaymentRow,
  reason: string,
  at: { attempt: number; delivery: number },
) {
  const now = deps.clock.now();
  const last = isLastDelivery(at.delivery);
  if (last) deps.log.error("charge_retries_exhausted", { booking_id: booking.id, payment_id: charge.id, reason });
  await deps.db.batch([
    recordAttemptError(deps.db, charge.id, reason, now),
    noteEvent(deps.db, {
      bookingId: booking.id,
      kind: last ? "payment_retries_exhausted" : "payment_retry_scheduled",
      now,
      detail: { attempt: at.attempt, reason },
      requestId: deps.requestId,
      whilePending: charge.id,
    }),
  ]);
}
