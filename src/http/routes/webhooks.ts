import { createRoute, z } from "@hono/zod-openapi";
import { bookingDepsFromEnv } from "../../bookings/env-deps";
import { paymentProviderFromEnv } from "../../payments/factory";
import { handlePaymentWebhook } from "../../payments/webhook";
import { verifyWebhookSignature, WEBHOOK_SIGNATURE_HEADER } from "../../payments/webhook-signature";
import type { App } from "../app";
import { ProblemError } from "../problem";
import { problemResponses } from "../schemas/common";

const Received = z
  .object({ received: z.literal(true), result: z.enum(["processed", "duplicate", "ignored"]) })
  .openapi("WebhookReceived");

const route = createRoute({
  method: "post",
  path: "/v1/webhooks/payments",
  tags: ["payments"],
  summary: "Payment provider events (Stripe's format and signature)",
  description:
    "Signed with `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, t + '.' + body)>`; timestamps older or newer " +
    "than 300 s are refused. Replays and out-of-order events are acknowledged without effect.",
  request: { headers: z.object({ "stripe-signature": z.string().max(2048).optional() }) },
  responses: {
    200: { description: "Event accepted", content: { "application/json": { schema: Received } } },
    ...problemResponses(400, 503),
  },
});

/** Every signature failure gets the same answer: which check failed is logged, not told. */
const badSignature = () => ProblemError.of("WEBHOOK_SIGNATURE_INVALID", "The webhook signature could not be verified.");

export function registerWebhookRoutes(app: App): void {
  app.openapi(route, async (c) => {
    const { env, clock, log } = c.var.services;
    const provider = paymentProviderFromEnv(env);
    if (!env.PAYMENT_WEBHOOK_SECRET || !provider.ok) {
      log.error("webhooks_unavailable", { secret: Boolean(env.PAYMENT_WEBHOOK_SECRET), provider: provider.ok });
      throw ProblemError.of("WEBHOOKS_UNAVAILABLE", "Webhooks are not accepted right now. Retry later.");
    }
    const body = await c.req.text();
    const check = await verifyWebhookSignature({
      header: c.req.header(WEBHOOK_SIGNATURE_HEADER),
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
      deps: { ...bookingDepsFromEnv(env, { clock, log }), requestId: c.var.requestId, provider: provider.provider },
      input: { event },
    });
    return c.json({ received: true as const, result }, 200);
  });
}
