import type { HoldView } from "../inventory/contract";
import { chargeIdempotencyKey } from "../payments/messages";
import { ACK, isLastDelivery, type JobDecision, retryAfter } from "../payments/retry-policy";
import { extendHoldWhileInDoubt, repairHoldDeadline } from "./hold-deadline";
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

  const hold = await deps.inventory(booking.departureId).getHold(booking.holdId);
  await repairHoldDeadline(deps, booking, hold);
  // Never charge for a hold that is already gone, unless an earlier attempt may have charged:
  // then only the provider's idempotent answer tells, and a success is refunded.
  if (!holdUsable(hold, booking, deps.clock.now()) && charge.attempts === 0) {
    await expireUncharged(deps, booking, charge, hold ? `hold ${hold.status}` : "hold not found");
    return ACK;
  }
  const attempt = await startAttempt(deps.d1, charge.id, deps.clock.now());
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
      await keepSeatWhileInDoubt(deps, booking, hold);
      return ACK;
    case "retryable":
      await noteRetry(deps, booking, charge, outcome.reason, { attempt, delivery });
      await keepSeatWhileInDoubt(deps, booking, hold);
      return retryAfter(delivery);
  }
}

/** No final answer: the money may have moved, so the seat stays the traveller's a while longer (docs). */
async function keepSeatWhileInDoubt(deps: PaymentDeps, booking: BookingRow, hold: HoldView | null) {
  if (hold?.status === "held" && !hold.extended) await extendHoldWhileInDoubt(deps, booking);
}

export function holdUsable(hold: HoldView | null, booking: BookingRow, now: number): boolean {
  if (!hold) return false;
  if (hold.status === "confirmed") return hold.bookingId === booking.id;
  return hold.status === "held" && hold.expiresAt > now;
}

async function notePending(deps: PaymentDeps, booking: BookingRow, charge: PaymentRow, providerRef: string) {
  const now = deps.clock.now();
  await deps.d1.batch([
    deps.d1
      .prepare("UPDATE payments SET provider_ref = ?, updated_at = ? WHERE id = ? AND status = 'pending'")
      .bind(providerRef, Math.floor(now / 1000), charge.id),
    noteEvent(deps.d1, {
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
  await deps.d1.batch([
    recordAttemptError(deps.d1, charge.id, reason, now),
    noteEvent(deps.d1, {
      bookingId: booking.id,
      kind: last ? "payment_retries_exhausted" : "payment_retry_scheduled",
      now,
      detail: { attempt: at.attempt, reason },
      requestId: deps.requestId,
      whilePending: charge.id,
    }),
  ]);
}
