/**
 * One interface for every payment provider. Outcomes are values: a decline is an answer, not
 * an exception; `retryable` means "we do not know yet, ask again with the same key".
 */
export interface ChargeRequest {
  amountMinor: number;
  currency: string;
  /** What the client sent as payment.token (a Stripe PaymentMethod id, or a sandbox token). */
  token: string;
  /** Stable across retries of the same booking's charge: the provider must not charge twice. */
  idempotencyKey: string;
  bookingId: string;
  paymentId: string;
  /** 1 for the first try; lets the sandbox script "fails twice, then succeeds". */
  attempt: number;
}

export interface RefundRequest {
  /** The provider's id of the charge being refunded. */
  chargeRef: string;
  amountMinor: number;
  currency: string;
  idempotencyKey: string;
  bookingId: string;
  paymentId: string;
  attempt: number;
}

export type PaymentOutcome =
  | { status: "succeeded"; providerRef: string }
  /** Final: the card or the provider said no. `code` is the provider's decline code. */
  | { status: "declined"; code: string; message: string; providerRef?: string }
  /** Accepted but not settled (Stripe's "processing"): a webhook or the reconcile job finishes it. */
  | { status: "pending"; providerRef: string }
  /** Timeout, 5xx, rate limit, network: try again later with the same idempotency key. */
  | { status: "retryable"; reason: string };

/** A provider's webhook, normalised. Unknown event types come back as `ignored`. */
export type WebhookEvent =
  | {
      id: string;
      type: "payment.succeeded" | "payment.failed" | "refund.succeeded";
      providerRef: string;
      paymentId: string | null;
      bookingId: string | null;
    }
  | { id: string; type: "ignored"; providerType: string };

export interface PaymentProvider {
  readonly name: "sandbox" | "stripe";
  charge(request: ChargeRequest): Promise<PaymentOutcome>;
  refund(request: RefundRequest): Promise<PaymentOutcome>;
  /** Shape check only: the signature is verified before, by verifyWebhookSignature. */
  parseWebhook(body: string): WebhookEvent | null;
}
