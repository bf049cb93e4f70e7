import { and, eq } from "drizzle-orm";
import { payments } from "../db/schema";
import { ACK, isLastDelivery, type JobDecision, retryAfter } from "../payments/retry-policy";
import { returnUnits } from "./cancel-booking";
import type { PaymentDeps } from "./payment-deps";
import { settleRefundFailed, settleRefundSucceeded } from "./settle-refund";
import { bookingById, noteEvent, paymentById, paymentsOf, recordAttemptError, startAttempt } from "./store";

/**
 * One refund job: idempotent like the charge. For a cancelled booking it first makes sure the
 * units went back (cancelHold is idempotent), so a cancellation whose object call failed
 * is completed here, with the queue's retries.
 */
export async function processRefund(
  deps: PaymentDeps,
  job: { bookingId: string; paymentId: string },
  delivery: number,
): Promise<JobDecision> {
  const [booking, refund] = await Promise.all([bookingById(deps, job.bookingId), paymentById(deps, job.paymentId)]);
  if (!booking || !refund || refund.kind !== "refund" || refund.bookingId !== booking.id) {
    deps.log.warn("refund_job_orphaned", { booking_id: job.bookingId, payment_id: job.paymentId });
    return ACK;
  }
  if (refund.status !== "pending") return ACK;
  // A cancelled booking's units, or a confirmed one's cancelled items', go back before the money does.
  const returns = booking.status === "cancelled" || booking.status === "confirmed";
  if (returns && !(await returnUnits(deps, booking))) return retryAfter(delivery);

  const charge = (await paymentsOf(deps, booking.id)).find((p) => p.kind === "charge" && p.status === "succeeded");
  if (!charge?.providerRef) {
    await settleRefundFailed(deps, booking, refund, "no settled charge to refund");
    return ACK;
  }
  const attempt = await startAttempt(deps.db, refund.id, deps.clock.now());
  if (attempt === null) return ACK;
  const outcome = await deps.provider.refund({
    chargeRef: charge.providerRef,
    amountMinor: refund.amountMinor,
    currency: refund.currency,
    // `refund:<booking>` (a whole charge, and every refund before items) or `refund:<booking>:<item>`.
    idempotencyKey: refund.idempotencyKey,
    bookingId: booking.id,
    paymentId: refund.id,
    attempt,
  });
  deps.metrics?.record({ kind: "payment", operation: "refund", outcome: outcome.status });
  switch (outcome.status) {
    case "succeeded":
      await settleRefundSucceeded(deps, booking, refund, outcome.providerRef);
      return ACK;
    case "pending":
      // Settled by the provider's refund.updated webhook, or by this job replayed from reconcile.
      await deps.db
        .update(payments)
        .set({ providerRef: outcome.providerRef })
        .where(and(eq(payments.id, refund.id), eq(payments.status, "pending")))
        .run();
      return ACK;
    case "declined":
      await settleRefundFailed(deps, booking, refund, outcome.code);
      return ACK;
    case "retryable": {
      const now = deps.clock.now();
      const kind = isLastDelivery(delivery) ? "refund_retries_exhausted" : "refund_retry_scheduled";
      if (isLastDelivery(delivery))
        deps.log.error("refund_retries_exhausted", { booking_id: booking.id, reason: outcome.reason });
      await deps.db.batch([
        recordAttemptError(deps.db, refund.id, outcome.reason, now),
        noteEvent(deps.db, {
          bookingId: booking.id,
          kind,
          now,
          detail: { attempt, reason: outcome.reason },
          requestId: deps.requestId,
          whilePending: refund.id,
        }),
      ]);
      return retryAfter(delivery);
    }
  }
}
