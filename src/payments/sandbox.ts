import { sha256Hex } from "../lib/encoding";
import type { PaymentOutcome, PaymentProvider } from "./provider";
import { parseStripeStyleEvent } from "./webhook-event";

/**
 * The default provider: no network, deterministic outcomes chosen by the payment token, in the
 * spirit of Stripe's test cards. Provider references derive from the idempotency key, so a
 * retried charge returns the same reference, as a real provider's idempotent replay would.
 */
const TIMEOUT_ATTEMPTS = 2;

export const SANDBOX_TOKENS = {
  tok_success: "always succeeds",
  tok_decline: "declined: card_declined",
  tok_insufficient_funds: "declined: insufficient_funds",
  tok_timeout: `times out on the first ${TIMEOUT_ATTEMPTS} attempts, then succeeds`,
  tok_error: "provider 5xx on every attempt (the job ends in the dead-letter queue)",
  tok_pending: "accepted but processing: settled by a payment_intent.succeeded webhook",
} as const;

export type SandboxToken = keyof typeof SANDBOX_TOKENS;

export function createSandboxProvider(): PaymentProvider {
  return {
    name: "sandbox",
    async charge(request) {
      const ref = `sbx_pi_${await shortHash(request.idempotencyKey)}`;
      return chargeOutcome(request.token, request.attempt, ref);
    },
    async refund(request) {
      return { status: "succeeded", providerRef: `sbx_re_${await shortHash(request.idempotencyKey)}` };
    },
    parseWebhook: parseStripeStyleEvent,
  };
}

function chargeOutcome(token: string, attempt: number, ref: string): PaymentOutcome {
  switch (token) {
    case "tok_success":
      return { status: "succeeded", providerRef: ref };
    case "tok_decline":
      return { status: "declined", code: "card_declined", message: "The card was declined." };
    case "tok_insufficient_funds":
      return { status: "declined", code: "insufficient_funds", message: "The card has insufficient funds." };
    case "tok_timeout":
      return attempt <= TIMEOUT_ATTEMPTS
        ? { status: "retryable", reason: "timeout" }
        : { status: "succeeded", providerRef: ref };
    case "tok_error":
      return { status: "retryable", reason: "provider answered 500" };
    case "tok_pending":
      return { status: "pending", providerRef: ref };
    default:
      return { status: "declined", code: "invalid_token", message: "Unknown sandbox payment token." };
  }
}

async function shortHash(value: string): Promise<string> {
  return (await sha256Hex(value)).slice(0, 24);
}
