import { and, eq, lt, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { payments } from "../db/schema";
import { chargeIdempotencyKey } from "../payments/messages";
import type { PaymentOutcome } from "../payments/provider";
import type { PaymentDeps } from "./payment-deps";
import { settleChargeDeclined, settleChargeSucceeded, settleChargeUnanswered } from "./settle-charge";
import { type BookingRow, noteEvent, type PaymentRow } from "./store";

export type StuckResolution = "charged" | "declined" | "unresolved" | "busy";

/**
 * The stuck rule's last step for a charge that never got a final answer (docs: Reconcile). The
 * provider is asked once more, with the same idempotency key, because that is how we learn
 * whether money moved; then the booking gets a terminal outcome whatever the answer:
 * - succeeded: settled as any success (confirmed if the hold can still be confirmed, otherwise
 *   expired and refunded);
 * - declined: payment_failed, units back, nothing taken;
 * - no answer again (timeout, 5xx, processing): payment_failed with payment_state `unknown`,
 *   units back, and an email saying we do not know, with the promise the code keeps: a late
 *   success is refunded.
 * The attempt is claimed only while no job has touched the row since `quietSince`, so a job that
 * came back to life meanwhile is left to finish ("busy"). Every outcome leaves a
 * `stuck_resolved` entry on the timeline for the operator.
 */
export async function resolveStuckCharge(
  deps: PaymentDeps,
  booking: BookingRow,
  charge: PaymentRow,
  quietSince: number,
): Promise<StuckResolution> {
  const attempt = await claimLastAttempt(deps.db, charge.id, deps.clock.now(), quietSince);
  if (attempt === null) return "busy";
  const outcome = await askOnceMore(deps, booking, charge, attempt);
  let resolution: StuckResolution;
  switch (outcome.status) {
    case "succeeded":
      await settleChargeSucceeded(deps, booking, charge, outcome.providerRef);
      resolution = "charged";
      break;
    case "declined":
      await settleChargeDeclined(deps, booking, charge, outcome);
      resolution = "declined";
      break;
    default: {
      const reason = outcome.status === "pending" ? "still processing" : outcome.reason;
      await settleChargeUnanswered(deps, booking, charge, { reason, attempts: attempt });
      resolution = "unresolved";
    }
  }
  await noteEvent(deps.db, {
    bookingId: booking.id,
    kind: "stuck_resolved",
    now: deps.clock.now(),
    detail: { outcome: resolution, attempts: attempt, provider_answer: outcome.status },
    requestId: deps.requestId,
  }).run();
  deps.log.warn("booking_stuck_resolved", { booking_id: booking.id, outcome: resolution, attempts: attempt });
  return resolution;
}

async function askOnceMore(
  deps: PaymentDeps,
  booking: BookingRow,
  charge: PaymentRow,
  attempt: number,
): Promise<PaymentOutcome> {
  try {
    return await deps.provider.charge({
      amountMinor: charge.amountMinor,
      currency: charge.currency,
      token: booking.paymentToken,
      idempotencyKey: chargeIdempotencyKey(booking.id),
      bookingId: booking.id,
      paymentId: charge.id,
      attempt,
    });
  } catch (error) {
    return { status: "retryable", reason: String(error).slice(0, 200) };
  }
}

/** The attempt number, or null when the charge settled or a job touched it after `quietSince` (epoch s). */
async function claimLastAttempt(db: Database, paymentId: string, now: number, quietSince: number) {
  const row = await db
    .update(payments)
    .set({ attempts: sql`${payments.attempts} + 1`, updatedAt: Math.floor(now / 1000) })
    .where(and(eq(payments.id, paymentId), eq(payments.status, "pending"), lt(payments.updatedAt, quietSince)))
    .returning({ attempts: payments.attempts })
    .get();
  return row?.attempts ?? null;
}
