import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ChargeRequest } from "../src/payments/provider";
import { createStripeProvider, STRIPE_API_VERSION, type StripeConfig } from "../src/payments/stripe";
import { bookingRow, chargeOf, deliver, pendingBooking } from "./support/bookings";
import type { RecordedRequest } from "./support/fake-stripe";

/** Each test talks to its own namespace of the fake, so it sees only its own requests. */
function fakeStripe(over: Partial<StripeConfig> = {}) {
  const base = `https://fake-stripe.test/ns_${crypto.randomUUID().slice(0, 8)}`;
  const provider = createStripeProvider({
    secretKey: "sk_test_edgefare",
    apiBase: base,
    fetch: (request) => env.FAKE_STRIPE.fetch(request),
    ...over,
  });
  const requests = async () => (await env.FAKE_STRIPE.fetch(`${base}/__requests`)).json<RecordedRequest[]>();
  return { provider, requests };
}

const charge = (token: string, attempt = 1): ChargeRequest => ({
  amountMinor: 12900,
  currency: "EUR",
  token,
  idempotencyKey: "charge:bkg_test",
  bookingId: "bkg_test",
  paymentId: "pay_test",
  attempt,
});

describe("Stripe provider against the fake Stripe API", () => {
  it("creates and confirms a PaymentIntent, form-encoded, with the booking's idempotency key", async () => {
    const { provider, requests } = fakeStripe();
    expect(await provider.charge(charge("pm_card_visa"))).toEqual({ status: "succeeded", providerRef: "pi_fake1" });
    expect(await requests()).toEqual([
      {
        method: "POST",
        path: "/v1/payment_intents",
        authorization: "Bearer sk_test_edgefare",
        idempotencyKey: "charge:bkg_test",
        contentType: "application/x-www-form-urlencoded",
        stripeVersion: STRIPE_API_VERSION,
        form: {
          amount: "12900",
          currency: "eur",
          payment_method: "pm_card_visa",
          confirm: "true",
          "automatic_payment_methods[enabled]": "true",
          "automatic_payment_methods[allow_redirects]": "never",
          "metadata[booking_id]": "bkg_test",
          "metadata[payment_id]": "pay_test",
        },
        status: 200,
      },
    ]);
  });

  it("retries after Stripe errors with the same key, and a replay never charges twice", async () => {
    const { provider, requests } = fakeStripe();
    expect(await provider.charge(charge("pm_card_flaky", 1))).toEqual({
      status: "retryable",
      reason: "stripe answered 500 (internal)",
    });
    expect(await provider.charge(charge("pm_card_flaky", 2))).toEqual({
      status: "retryable",
      reason: "stripe answered 500 (internal)",
    });
    expect(await provider.charge(charge("pm_card_flaky", 3))).toEqual({ status: "succeeded", providerRef: "pi_fake1" });
    expect(await provider.charge(charge("pm_card_flaky", 4))).toEqual({ status: "succeeded", providerRef: "pi_fake1" });
    const seen = await requests();
    expect(seen.map((r) => [r.idempotencyKey, r.status])).toEqual([
      ["charge:bkg_test", 500],
      ["charge:bkg_test", 500],
      ["charge:bkg_test", 200],
      ["charge:bkg_test", 200],
    ]);
  });

  it("reports a declined card with Stripe's decline code", async () => {
    const { provider } = fakeStripe();
    expect(await provider.charge(charge("pm_card_chargeDeclined"))).toEqual({
      status: "declined",
      code: "generic_decline",
      message: "Your card was declined.",
      providerRef: "pi_fake1",
    });
  });

  it("gives up on a slow answer as a timeout, and the retry succeeds", async () => {
    const { provider } = fakeStripe({ timeoutMs: 200 });
    expect(await provider.charge(charge("pm_card_slow", 1))).toEqual({ status: "retryable", reason: "timeout" });
    expect(await provider.charge(charge("pm_card_slow", 2))).toEqual({ status: "succeeded", providerRef: "pi_fake1" });
  });

  it("reports processing payments as pending, for the webhook to settle", async () => {
    const { provider } = fakeStripe();
    expect(await provider.charge(charge("pm_card_processing"))).toEqual({ status: "pending", providerRef: "pi_fake1" });
  });

  it("refunds a PaymentIntent with its own idempotency key", async () => {
    const { provider, requests } = fakeStripe();
    await provider.charge(charge("pm_card_visa"));
    const refund = await provider.refund({
      chargeRef: "pi_fake1",
      amountMinor: 12900,
      currency: "EUR",
      idempotencyKey: "refund:bkg_test",
      bookingId: "bkg_test",
      paymentId: "pay_refund",
      attempt: 1,
    });
    expect(refund).toEqual({ status: "succeeded", providerRef: "re_fake2" });
    expect((await requests())[1]).toMatchObject({
      path: "/v1/refunds",
      idempotencyKey: "refund:bkg_test",
      form: {
        payment_intent: "pi_fake1",
        amount: "12900",
        "metadata[booking_id]": "bkg_test",
        "metadata[payment_id]": "pay_refund",
      },
    });
  });

  it("treats a rejected secret key as something to retry once an operator fixes it, not as a decline", async () => {
    const { provider } = fakeStripe({ secretKey: "sk_live_wrong" });
    expect(await provider.charge(charge("pm_card_visa"))).toEqual({
      status: "retryable",
      reason: "stripe answered 401 (api_key_invalid)",
    });
  });

  it("carries a booking from pending to confirmed through the consumer, one PaymentIntent for all retries", async () => {
    const { booking, deps, payments } = await pendingBooking("stripe-e2e", "pm_card_flaky");
    const { provider, requests } = fakeStripe();
    const stripeDeps = { ...deps, provider };
    for (let attempt = 1; attempt <= 3; attempt++) await deliver(payments.sent, attempt, stripeDeps);
    expect(await bookingRow(booking.id)).toMatchObject({ status: "confirmed", payment_state: "succeeded" });
    expect(await chargeOf(booking.id)).toMatchObject({ status: "succeeded", provider_ref: "pi_fake1", attempts: 3 });
    const keys = new Set((await requests()).map((r) => r.idempotencyKey));
    expect([...keys]).toEqual([`charge:${booking.id}`]);
  });
});
