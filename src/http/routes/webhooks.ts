import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../../api/context";
import { access } from "../../api/middleware/access";
import { ProblemError } from "../../api/problem";
import { problemResponses } from "../../api/schemas";
import { bookingDepsFromEnv } from "../../bookings/env-deps";
import { handlePaymentWebhook } from "../../bookings/payment-webhook";
import { paymentProviderFromEnv } from "../../payments/factory";
import { verifyWebhookSignature, WEBHOOK_SIGNATURE_HEADER } from "../../payments/webhook-signature";
import { productHooks } from "../product-hooks";

const Received = z
  .object({ received: z.literal(true), result: z.enum(["processed", "duplicate", "ignored"]) })
  .openapi("WebhookReceived");

/**
 * For the document only: the router does not validate it, because the signature is checked over
 * the raw bytes first and the provider's parser (src/payments/webhook-event.ts) decides what an
 * event is; an unsigned body is never parsed.
 */
const PaymentEvent = z
  .object({
    id: z.string().openapi({ example: "evt_1Q2w3E4r5T6y" }),
    type: z.string().openapi({
      description:
        "`payment_intent.succeeded`, `payment_intent.payment_failed`, `refund.created`, `refund.updated`; others are acknowledged and ignored",
    }),
    data: z.object({
      object: z
        .object({
          id: z.string(),
          status: z.string().optional(),
          metadata: z
            .record(z.string(), z.string())
            .optional()
            .openapi({ description: "`payment_id` and `booking_id`, set by edgefare when it created the object" }),
        })
        .passthrough(),
    }),
  })
  .passthrough()
  .openapi("PaymentEvent");

/** Longer than any real signature header (a few v1 entries while a secret rotates); bounds the HMAC work. */
const MAX_SIGNATURE_HEADER = 2048;

const route = createRoute({
  middleware: [access.open(null)] as const,
  method: "post",
  path: "/v1/webhooks/payments",
  operationId: "receivePaymentEvent",
  tags: ["payments"],
  summary: "Payment provider events (Stripe's format and signature)",
  description:
    "Signed with `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, t + '.' + body)>`; timestamps older or newer " +
    "than 300 s are refused. Replays and out-of-order events are acknowledged without effect.",
  security: [{ webhookSignature: [] }],
  request: {
    body: {
      required: true,
      content: { "application/json": { schema: { $ref: "#/components/schemas/PaymentEvent" } } },
    },
  },
  responses: {
    200: { description: "Event accepted", content: { "application/json": { schema: Received } } },
    ...problemResponses(400, 503),
  },
});

/** Every signature failure gets the same answer: which check failed is logged, not told. */
const badSignature = () => ProblemError.of("WEBHOOK_SIGNATURE_INVALID", "The webhook signature could not be verified.");

export function registerWebhookRoutes(app: App): void {
  app.openAPIRegistry.register("PaymentEvent", PaymentEvent);
  app.openapi(route, async (c) => {
    const { env, clock, log } = c.var.services;
    const provider = paymentProviderFromEnv(env);
    if (!env.PAYMENT_WEBHOOK_SECRET || !provider.ok) {
      log.error("webhooks_unavailable", { secret: Boolean(env.PAYMENT_WEBHOOK_SECRET), provider: provider.ok });
      throw ProblemError.of("WEBHOOKS_UNAVAILABLE", "Webhooks are not accepted right now. Retry later.");
    }
    const header = c.req.header(WEBHOOK_SIGNATURE_HEADER);
    if (header !== undefined && header.length > MAX_SIGNATURE_HEADER) {
      log.warn("webhook_signature_rejected", { reason: "too long" });
      throw badSignature();
    }
    const body = await c.req.text();
    const check = await verifyWebhookSignature({
      header,
      body,
      secret: env.PAYMENT_WEBHOOK_SECRET,
      nowMs: clock.now(),
    });
    if (!check.ok) {
      log.warn("webhook_signature_rejected", { reason: check.reason });
      throw badSignature();
    }
    const event = provider.provider.parseWebhook(body);
    if (!event) {
      log.warn("webhook_body_rejected", {});
      throw ProblemError.of("VALIDATION_FAILED", "The event body is not a payment event.");
    }
    const result = await handlePaymentWebhook({
      deps: {
        ...bookingDepsFromEnv(env, { clock, log, products: productHooks(env, () => clock.now()) }),
        requestId: c.var.requestId,
        provider: provider.provider,
      },
      input: { event },
    });
    return c.json({ received: true as const, result }, 200);
  });
}
