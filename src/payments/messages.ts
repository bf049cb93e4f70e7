import { z } from "zod";

/**
 * PAYMENT_JOBS message bodies. Versioned so a deploy can change the shape while old messages
 * are still queued. Each names rows, not amounts: the consumer re-reads the truth from D1.
 */
export const PaymentJobSchema = z.discriminatedUnion("type", [
  z.object({ v: z.literal(1), type: z.literal("charge"), bookingId: z.string().min(1), paymentId: z.string().min(1) }),
  z.object({ v: z.literal(1), type: z.literal("refund"), bookingId: z.string().min(1), paymentId: z.string().min(1) }),
]);

export type PaymentJob = z.infer<typeof PaymentJobSchema>;

export const chargeJob = (bookingId: string, paymentId: string): PaymentJob => ({
  v: 1,
  type: "charge",
  bookingId,
  paymentId,
});

export const refundJob = (bookingId: string, paymentId: string): PaymentJob => ({
  v: 1,
  type: "refund",
  bookingId,
  paymentId,
});

/** Provider idempotency keys: derived from the booking, so every retry of a job sends the same one. */
export const chargeIdempotencyKey = (bookingId: string) => `charge:${bookingId}`;
export const refundIdempotencyKey = (bookingId: string) => `refund:${bookingId}`;
