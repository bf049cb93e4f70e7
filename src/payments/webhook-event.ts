import { z } from "zod";
import type { WebhookEvent } from "./provider";

/**
 * Both providers send Stripe-shaped events (`{ id, type, data: { object } }`), so one parser
 * serves both. We set `metadata.payment_id` and `metadata.booking_id` on every PaymentIntent
 * and Refund we create, which is how an event finds its row.
 */
const EventSchema = z.object({
  id: z.string().min(1).max(255),
  type: z.string().min(1).max(255),
  data: z.object({
    object: z
      .object({
        id: z.string().min(1).max(255),
        status: z.string().optional(),
        metadata: z.record(z.string(), z.string()).optional(),
      })
      .passthrough(),
  }),
});

const TYPES: Record<string, "payment.succeeded" | "payment.failed" | "refund.succeeded"> = {
  "payment_intent.succeeded": "payment.succeeded",
  "payment_intent.payment_failed": "payment.failed",
  "refund.created": "refund.succeeded",
  "refund.updated": "refund.succeeded",
};

export function parseStripeStyleEvent(body: string): WebhookEvent | null {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return null;
  }
  const parsed = EventSchema.safeParse(json);
  if (!parsed.success) return null;
  const { id, type, data } = parsed.data;
  // Own keys only: `type` is the sender's, and "__proto__" or "constructor" would find Object's members.
  const mapped = Object.hasOwn(TYPES, type) ? TYPES[type] : undefined;
  // A refund event only settles a refund that actually went through.
  if (!mapped || (mapped === "refund.succeeded" && data.object.status !== "succeeded")) {
    return { id, type: "ignored", providerType: type };
  }
  return {
    id,
    type: mapped,
    providerRef: data.object.id,
    paymentId: data.object.metadata?.payment_id ?? null,
    bookingId: data.object.metadata?.booking_id ?? null,
  };
}
