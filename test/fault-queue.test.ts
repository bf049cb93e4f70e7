import { env } from "cloudflare:test";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cancelBooking } from "../src/bookings/cancel-booking";
import type { PaymentDeps } from "../src/bookings/payment-deps";
import { handlePaymentWebhook } from "../src/bookings/payment-webhook";
import { createDb } from "../src/db/client";
import {
  bookingRow,
  chargeOf,
  deliver,
  outboxKinds,
  pendingBooking,
  refundOf,
  timelineKinds,
} from "./support/bookings";
import { crashAfterSuccessOnce, d1FailingBatches, interceptProvider, loseAnswerOnce } from "./support/faults";
import { expectSeats } from "./support/payment-events";
import { witnessedStripe } from "./support/stripe-witness";

/** Past the hold's deadline even after its one extension, made when the first answer was lost. */
const PAST_EXTENDED_HOLD = 21 * 60_000;
const economy = (held: number, sold: number) => ({ economy: { capacity: 10, held, sold } });

/** A confirmed booking paid through the Stripe witness, and the refund job its cancellation queued. */
async function cancelledBooking(label: string) {
  const setup = await pendingBooking(label, "pm_card_visa");
  const stripe = witnessedStripe();
  await deliver(setup.payments.sent, 1, { ...setup.deps, provider: stripe.provider });
  const cancelled = await cancelBooking({
    deps: setup.deps,
    input: { reference: setup.booking.reference, familyName: "Tester" },
  });
  expect(cancelled.ok).toBe(true);
  const refundJob = setup.payments.sent.at(-1);
  expect(refundJob).toMatchObject({ type: "refund", bookingId: setup.booking.id });
  return { ...setup, stripe, refundJob };
}

describe("a consumer that dies in the middle of a message", () => {
  it("after the provider charged and before D1 heard of it: the redelivery confirms, one PaymentIntent", async () => {
    const { booking, deps, payments, inventory } = await pendingBooking("pq-crash-charge", "pm_card_visa");
    const stripe = witnessedStripe();
    const provider = interceptProvider(stripe.provider, crashAfterSuccessOnce("charge"));
    const first = await deliver(payments.sent, 1, { ...deps, provider });
    expect(first.retryMessages).toHaveLength(1);
    expect(await bookingRow(booking.id)).toMatchObject({ status: "pending_payment" });

    await deliver(payments.sent, 2, { ...deps, provider });
    expect(await bookingRow(booking.id)).toMatchObject({ status: "confirmed", payment_state: "succeeded" });
    expect(stripe.charges(booking.id)).toHaveLength(1);
    expect(await timelineKinds(booking.id)).toEqual(["created", "confirmed"]);
    await expectSeats(inventory, economy(0, 1));
  });

  it("after the seat was sold and D1 failed to record it: the redelivery finishes without a second sale", async () => {
    const { booking, deps, payments, inventory } = await pendingBooking("pq-d1-charge", "pm_card_visa");
    const stripe = witnessedStripe();
    const broken = d1FailingBatches(env.DB.withSession("first-primary"), 1);
    const first = await deliver(payments.sent, 1, { ...deps, db: createDb(broken.d1), provider: stripe.provider });
    expect(broken.remaining()).toBe(0);
    expect(first.retryMessages).toHaveLength(1);
    // Money taken and the seat sold in the object, but D1 still says pending: nothing is lost yet.
    expect(await bookingRow(booking.id)).toMatchObject({ status: "pending_payment" });
    await expectSeats(inventory, economy(0, 1));

    await deliver(payments.sent, 2, { ...deps, provider: stripe.provider });
    expect(await bookingRow(booking.id)).toMatchObject({ status: "confirmed", payment_state: "succeeded" });
    expect(stripe.charges(booking.id)).toHaveLength(1);
    expect(await outboxKinds(booking.id)).toEqual(["booking_confirmed"]);
    await expectSeats(inventory, economy(0, 1));
  });

  it("after the provider refunded and before D1 heard of it: the redelivery settles, one refund", async () => {
    const { booking, deps, stripe, refundJob, inventory } = await cancelledBooking("pq-crash-refund");
    const provider = interceptProvider(stripe.provider, crashAfterSuccessOnce("refund"));
    expect((await deliver([refundJob], 1, { ...deps, provider })).retryMessages).toHaveLength(1);
    expect(await refundOf(booking.id)).toMatchObject({ status: "pending" });
    await deliver([refundJob], 2, { ...deps, provider });

    expect(await bookingRow(booking.id)).toMatchObject({ status: "refunded", payment_state: "refunded" });
    expect(stripe.refunds(booking.id).map((r) => r.amount)).toEqual([booking.totalMinor]);
    await expectSeats(inventory, economy(0, 0));
  });

  it("while D1 fails to record a refund: the redelivery settles it once", async () => {
    const { booking, deps, stripe, refundJob } = await cancelledBooking("pq-d1-refund");
    const broken = d1FailingBatches(env.DB.withSession("first-primary"), 1);
    await deliver([refundJob], 1, { ...deps, db: createDb(broken.d1), provider: stripe.provider });
    expect(await refundOf(booking.id)).toMatchObject({ status: "pending" });
    await deliver([refundJob], 2, { ...deps, provider: stripe.provider });
    expect(await refundOf(booking.id)).toMatchObject({ status: "succeeded" });
    expect(stripe.refunds(booking.id)).toHaveLength(1);
    expect(await timelineKinds(booking.id)).toEqual(["created", "confirmed", "cancelled", "refunded"]);
  });
});

type Step = "charge" | "charge_again" | "webhook" | "webhook_replayed" | "webhook_other_id";
type Later = "refund" | "refund_again" | "stale_charge" | "stale_webhook" | "refund_webhook";

/**
 * Everything the queue and the provider may deliver for one booking, in any order and twice:
 * charge jobs, the provider's success event (replayed, or resent under a new id), then after the
 * cancellation (or the lapse) refund jobs, stale charge jobs and events, the refund's own event.
 */
describe("queue messages and webhooks in any order, delivered twice", () => {
  it("always end with one charge, one refund, the seats back and the same timeline", async () => {
    const steps = fc.shuffledSubarray<Step>(
      ["charge", "charge_again", "webhook", "webhook_replayed", "webhook_other_id"],
      {
        minLength: 5,
      },
    );
    const later = fc.shuffledSubarray<Later>(
      ["refund", "refund_again", "stale_charge", "stale_webhook", "refund_webhook"],
      {
        minLength: 5,
      },
    );
    await fc.assert(
      fc.asyncProperty(fc.boolean(), steps, later, async (lapse, first, second) => {
        const { booking, deps, payments, clock, inventory } = await pendingBooking("pq-order", "pm_card_visa");
        const stripe = witnessedStripe();
        const paid: PaymentDeps = { ...deps, provider: interceptProvider(stripe.provider, loseAnswerOnce()) };
        const [chargeJob] = payments.sent;
        // The first delivery charges but loses the answer, so a PaymentIntent exists for the events.
        await deliver([chargeJob], 1, paid);
        if (lapse) clock.advance(PAST_EXTENDED_HOLD);
        const intent = () => stripe.charges(booking.id)[0]?.id ?? "pi_missing";
        const charge = await chargeOf(booking.id);
        const event = (id: string, type: "payment.succeeded" | "refund.succeeded", ref: string, paymentId: string) =>
          handlePaymentWebhook({
            deps: paid,
            input: { event: { id, type, providerRef: ref, paymentId, bookingId: booking.id } },
          });
        const eventId = `evt_${crypto.randomUUID()}`;
        let attempt = 2;
        for (const step of first) {
          if (step === "charge" || step === "charge_again") await deliver([chargeJob], attempt++, paid);
          else if (step === "webhook_other_id")
            await event(`evt_${crypto.randomUUID()}`, "payment.succeeded", intent(), charge.id);
          else await event(eventId, "payment.succeeded", intent(), charge.id);
        }
        if (!lapse) {
          expect(await bookingRow(booking.id)).toMatchObject({ status: "confirmed" });
          const cancelled = await cancelBooking({
            deps,
            input: { reference: booking.reference, familyName: "Tester" },
          });
          expect(cancelled.ok).toBe(true);
        }
        const refundJobs = payments.sent.filter((j) => (j as { type: string }).type === "refund");
        expect(refundJobs).toHaveLength(1);
        for (const step of second) {
          if (step === "refund" || step === "refund_again") await deliver(refundJobs, 1, paid);
          else if (step === "stale_charge") await deliver([chargeJob], attempt++, paid);
          else if (step === "stale_webhook")
            await event(`evt_${crypto.randomUUID()}`, "payment.succeeded", intent(), charge.id);
          else {
            const refund = stripe.refunds(booking.id)[0];
            const row = await refundOf(booking.id);
            if (refund && row) await event(`evt_${crypto.randomUUID()}`, "refund.succeeded", refund.id, row.id);
          }
        }

        expect(stripe.charges(booking.id)).toHaveLength(1);
        expect(stripe.refunds(booking.id).map((r) => r.amount)).toEqual([booking.totalMinor]);
        expect(await bookingRow(booking.id)).toMatchObject({
          status: lapse ? "expired" : "refunded",
          payment_state: "refunded",
        });
        const settled = lapse ? ["expired", "refunded"] : ["confirmed", "cancelled", "refunded"];
        expect(await timelineKinds(booking.id)).toEqual([
          "created",
          "payment_retry_scheduled",
          "hold_extended",
          ...settled,
        ]);
        // Sorted: two emails written in the same second are listed by kind, not by time.
        expect((await outboxKinds(booking.id)).sort()).toEqual(
          lapse ? ["hold_expired"] : ["booking_cancelled", "booking_confirmed"],
        );
        await expectSeats(inventory, economy(0, 0));
      }),
      { numRuns: 12 },
    );
  });
});
