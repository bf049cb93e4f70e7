import { env } from "cloudflare:test";
import { createStripeProvider, type StripeConfig } from "../../src/payments/stripe";

/** One object the fake Stripe created (never counted twice: replays carry Idempotent-Replayed). */
export interface CreatedObject {
  id: string;
  object: "payment_intent" | "refund";
  status: string;
  amount: number;
  bookingId: string | undefined;
}

/**
 * The Stripe provider against the fake Stripe (test/support/fake-stripe.ts) in a namespace of its
 * own, with a witness on the wire: every object the fake really created, as opposed to replayed
 * for an Idempotency-Key it had seen. "No double charge" is then a count of succeeded
 * PaymentIntents per booking, read from what Stripe answered rather than from our own rows.
 */
export function witnessedStripe(over: Partial<StripeConfig> = {}) {
  const base = `https://fake-stripe.test/ns_${crypto.randomUUID().slice(0, 8)}`;
  const created: CreatedObject[] = [];
  const provider = createStripeProvider({
    secretKey: "sk_test_faults",
    apiBase: base,
    fetch: async (request) => {
      const res = await env.FAKE_STRIPE.fetch(request);
      if (res.headers.get("idempotent-replayed") !== "true") {
        const body = await res.clone().json<Record<string, unknown>>();
        const object = (body.object ? body : (body.error as { payment_intent?: unknown })?.payment_intent) as
          | { id: string; object?: string; status: string; amount: number; metadata?: Record<string, string> }
          | undefined;
        if (object?.id) {
          created.push({
            id: object.id,
            object: object.id.startsWith("re_") ? "refund" : "payment_intent",
            status: object.status,
            amount: object.amount,
            bookingId: object.metadata?.booking_id,
          });
        }
      }
      return res;
    },
    ...over,
  });
  const charges = (bookingId: string) =>
    created.filter((o) => o.object === "payment_intent" && o.status === "succeeded" && o.bookingId === bookingId);
  const refunds = (bookingId: string) =>
    created.filter((o) => o.object === "refund" && o.status === "succeeded" && o.bookingId === bookingId);
  return { provider, created, charges, refunds };
}
