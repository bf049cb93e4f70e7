import type { ChargeRequest, PaymentOutcome, PaymentProvider, RefundRequest } from "./provider";
import { parseStripeStyleEvent } from "./webhook-event";

/**
 * Stripe over its REST API with plain `fetch` and form encoding: two endpoints do not justify
 * the SDK's weight in a Worker bundle. Every POST carries an Idempotency-Key derived from the
 * booking, so a retried job replays Stripe's first answer instead of charging again.
 */
export const STRIPE_API_VERSION = "2024-06-20";
const DEFAULT_BASE = "https://api.stripe.com";

export interface StripeConfig {
  secretKey: string;
  /** STRIPE_API_BASE: a local fake in tests, Stripe otherwise. */
  apiBase?: string;
  fetch?: (request: Request) => Promise<Response>;
  timeoutMs?: number;
}

interface StripeObject {
  id?: string;
  status?: string;
  last_payment_error?: { code?: string; decline_code?: string; message?: string };
  error?: { type?: string; code?: string; decline_code?: string; message?: string; payment_intent?: { id?: string } };
}

export function createStripeProvider(config: StripeConfig): PaymentProvider {
  const base = (config.apiBase ?? DEFAULT_BASE).replace(/\/+$/, "");
  const send = config.fetch ?? ((request: Request) => fetch(request));
  const timeoutMs = config.timeoutMs ?? 10_000;

  async function post(path: string, idempotencyKey: string, form: Record<string, string>) {
    const request = new Request(`${base}${path}`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${config.secretKey}`,
        "content-type": "application/x-www-form-urlencoded",
        "idempotency-key": idempotencyKey,
        "stripe-version": STRIPE_API_VERSION,
      },
      body: new URLSearchParams(form).toString(),
      signal: AbortSignal.timeout(timeoutMs),
    });
    try {
      const response = await send(request);
      const body = (await response.json().catch(() => ({}))) as StripeObject;
      return { status: response.status, body };
    } catch (error) {
      return {
        status: 0,
        body: {},
        failure: error instanceof Error && error.name === "TimeoutError" ? "timeout" : "network",
      };
    }
  }

  return {
    name: "stripe",
    async charge(request: ChargeRequest) {
      const res = await post("/v1/payment_intents", request.idempotencyKey, {
        amount: String(request.amountMinor),
        currency: request.currency.toLowerCase(),
        payment_method: request.token,
        confirm: "true",
        "automatic_payment_methods[enabled]": "true",
        "automatic_payment_methods[allow_redirects]": "never",
        "metadata[booking_id]": request.bookingId,
        "metadata[payment_id]": request.paymentId,
      });
      return toOutcome(res, "payment");
    },
    async refund(request: RefundRequest) {
      const res = await post("/v1/refunds", request.idempotencyKey, {
        payment_intent: request.chargeRef,
        amount: String(request.amountMinor),
        "metadata[booking_id]": request.bookingId,
        "metadata[payment_id]": request.paymentId,
      });
      return toOutcome(res, "refund");
    },
    parseWebhook: parseStripeStyleEvent,
  };
}

function toOutcome(
  res: { status: number; body: StripeObject; failure?: string },
  kind: "payment" | "refund",
): PaymentOutcome {
  const { status, body } = res;
  if (status === 0) return { status: "retryable", reason: res.failure ?? "network" };
  // 401/403 mean our key is wrong: an operator fixes the secret and replays, the card is not at fault.
  if (status === 409 || status === 429 || status >= 500 || status === 401 || status === 403) {
    return {
      status: "retryable",
      reason: `stripe answered ${status}${body.error?.code ? ` (${body.error.code})` : ""}`,
    };
  }
  if (status >= 400) {
    const e = body.error ?? {};
    const ref = e.payment_intent?.id;
    return {
      status: "declined",
      code: e.decline_code ?? e.code ?? e.type ?? `http_${status}`,
      message: e.message ?? "Stripe refused the request.",
      ...(ref ? { providerRef: ref } : {}),
    };
  }
  const id = body.id ?? "";
  if (body.status === "succeeded") return { status: "succeeded", providerRef: id };
  if (
    body.status === "processing" ||
    body.status === "pending" ||
    (kind === "refund" && body.status === "requires_action")
  ) {
    return { status: "pending", providerRef: id };
  }
  const last = body.last_payment_error;
  return {
    status: "declined",
    code: last?.decline_code ?? last?.code ?? body.status ?? "unknown",
    message: last?.message ?? `The ${kind} ended in status ${body.status ?? "unknown"}.`,
    providerRef: id,
  };
}
