import { and, eq } from "drizzle-orm";
import { bookings, payments, webhookEvents } from "../db/schema";
import type { WebhookEvent } from "../payments/provider";
import { refundLateCharge } from "./late-charge";
import type { PaymentDeps } from "./payment-deps";
import { settleChargeDeclined, settleChargeSucceeded } from "./settle-charge";
import { settleRefundSucceeded } from "./settle-refund";
import { bookingById, type PaymentRow, paymentById } from "./store";

export type WebhookResult = "processed" | "duplicate" | "ignored";

/**
 * A verified provider event. Claimed in webhook_events first, so a replay (same event id) is
 * acknowledged without effect; if processing throws, the claim is dropped and the provider's
 * redelivery tries again. Order does not matter: each event only moves a payment that is still
 * pending, so a `payment.succeeded` after the consumer confirmed is a no-op, and before it, it
 * confirms (the consumer then finds nothing pending).
 */
export async function handlePaymentWebhook({
  deps,
  input,
}: {
  deps: PaymentDeps;
  input: { event: WebhookEvent };
}): Promise<WebhookResult> {
  const { event } = input;
  const claimed = await deps.db
    .insert(webhookEvents)
    .values({
      id: event.id,
      provider: deps.provider.name,
      type: event.type === "ignored" ? event.providerType : event.type,
      receivedAt: Math.floor(deps.clock.now() / 1000),
    })
    .onConflictDoNothing()
    .run();
  if (claimed.meta.changes !== 1) return "duplicate";
  try {
    return await apply(deps, event);
  } catch (error) {
    await deps.db.delete(webhookEvents).where(eq(webhookEvents.id, event.id)).run();
    throw error;
  }
}

async function apply(deps: PaymentDeps, event: WebhookEvent): Promise<WebhookResult> {
  if (event.type === "ignored") return "ignored";
  const payment = await findPayment(deps, event.paymentId, event.providerRef);
  const booking = payment ? await bookingById(deps, payment.bookingId) : null;
  if (!payment || !booking) {
    deps.log.warn("webhook_payment_unknown", { event_id: event.id, provider_ref: event.providerRef });
    return "ignored";
  }
  const isCharge = payment.kind === "charge";
  if (event.type === "payment.succeeded" && isCharge) {
    if (payment.status === "pending" && booking.status === "pending_payment") {
      await settleChargeSucceeded(deps, booking, payment, event.providerRef);
      return "processed";
    }
    if (payment.status === "failed") {
      await refundLateCharge(deps, booking, payment, event.providerRef);
      return "processed";
    }
    return "ignored";
  }
  if (
    event.type === "payment.failed" &&
    isCharge &&
    payment.status === "pending" &&
    booking.status === "pending_payment"
  ) {
    await settleChargeDeclined(deps, booking, payment, { code: "payment_failed", providerRef: event.providerRef });
    return "processed";
  }
  if (event.type === "payment.failed" && isCharge && booking.paymentState === "unknown") {
    // The provider's answer to a charge the stuck rule gave up on: now we know no money moved.
    await deps.db
      .update(bookings)
      .set({ paymentState: "failed", updatedAt: Math.floor(deps.clock.now() / 1000) })
      .where(and(eq(bookings.id, booking.id), eq(bookings.paymentState, "unknown")))
      .run();
    return "processed";
  }
  if (event.type === "refund.succeeded" && !isCharge && payment.status === "pending") {
    await settleRefundSucceeded(deps, booking, payment, event.providerRef);
    return "processed";
  }
  return "ignored";
}

/** By our own id from the metadata when present, else by the provider's reference. */
async function findPayment(
  deps: PaymentDeps,
  paymentId: string | null,
  providerRef: string,
): Promise<PaymentRow | null> {
  if (paymentId) {
    const row = await paymentById(deps, paymentId);
    if (row && (row.providerRef === null || row.providerRef === providerRef)) return row;
  }
  return (await deps.db.select().from(payments).where(eq(payments.providerRef, providerRef)).get()) ?? null;
}
