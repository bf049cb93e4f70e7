import { runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { RECONCILE_POLICY, reconcileBookings, stalledSeconds } from "../src/bookings/reconcile";
import type { PaymentOutcome } from "../src/payments/provider";
import {
  bookingRow,
  chargeOf,
  deliver,
  heldQueue,
  outboxKinds,
  pendingBooking,
  refundOf,
  timelineKinds,
} from "./support/bookings";
import { interceptProvider, loseAnswerOnce } from "./support/faults";
import { inventoryObject } from "./support/inventory";
import { expectSeats, postWebhook, providerEvent } from "./support/payment-events";
import { witnessedStripe } from "./support/stripe-witness";

/** Past the hold's deadline even after its one extension, made when the first answer was lost. */
const PAST_EXTENDED_HOLD = 21 * 60_000;
const economy = (held: number, sold: number) => ({ economy: { capacity: 10, held, sold } });

/** The provider's own event for the charge it just answered, sent before the consumer sees that answer. */
function overtakingWebhook(type: string, status: string, onSent: (res: Response) => void) {
  return async (kind: string, request: { bookingId: string; paymentId: string }, outcome: PaymentOutcome) => {
    if (kind !== "charge" || !("providerRef" in outcome) || !outcome.providerRef) return undefined;
    const body = providerEvent(type, {
      id: outcome.providerRef,
      status,
      metadata: { booking_id: request.bookingId, payment_id: request.paymentId },
    });
    onSent(await postWebhook(body));
    return undefined;
  };
}

describe("a webhook that overtakes the charge call", () => {
  it("confirms once on success; the call's own answer, arriving after, changes nothing", async () => {
    const { booking, deps, payments, inventory } = await pendingBooking("pf-overtake-ok", "pm_card_visa");
    const stripe = witnessedStripe();
    const hookAnswers: unknown[] = [];
    const provider = interceptProvider(
      stripe.provider,
      overtakingWebhook("payment_intent.succeeded", "succeeded", (res) => hookAnswers.push(res.json())),
    );
    const result = await deliver(payments.sent, 1, { ...deps, provider });
    expect(result.explicitAcks).toHaveLength(1);
    expect(await Promise.all(hookAnswers)).toEqual([{ received: true, result: "processed" }]);

    expect(await bookingRow(booking.id)).toMatchObject({ status: "confirmed", payment_state: "succeeded" });
    expect(await timelineKinds(booking.id)).toEqual(["created", "confirmed"]);
    expect(await outboxKinds(booking.id)).toEqual(["booking_confirmed"]);
    expect(stripe.charges(booking.id)).toHaveLength(1);
    await expectSeats(inventory, economy(0, 1));
  });

  it("fails the booking once on a decline and gives the seat back once", async () => {
    const { booking, hold, deps, payments, inventory } = await pendingBooking(
      "pf-overtake-no",
      "pm_card_chargeDeclined",
    );
    const stripe = witnessedStripe();
    const hookAnswers: unknown[] = [];
    const provider = interceptProvider(
      stripe.provider,
      overtakingWebhook("payment_intent.payment_failed", "requires_payment_method", (res) =>
        hookAnswers.push(res.json()),
      ),
    );
    await deliver(payments.sent, 1, { ...deps, provider });
    expect(await Promise.all(hookAnswers)).toEqual([{ received: true, result: "processed" }]);

    expect(await bookingRow(booking.id)).toMatchObject({ status: "payment_failed", payment_state: "failed" });
    expect(await timelineKinds(booking.id)).toEqual(["created", "payment_failed"]);
    expect(await outboxKinds(booking.id)).toEqual(["payment_failed"]);
    expect(stripe.charges(booking.id)).toEqual([]);
    const releases = (await inventory.ledger(0, 500)).filter((e) => e.kind === "hold_released" && e.holdId === hold.id);
    expect(releases).toHaveLength(1);
    await expectSeats(inventory, economy(0, 0));
  });

  // The provider settled the charge and said so first; then the call's own answer is "processing"
  // (the fake's answer for that card) or never arrives (a timeout). Neither may reopen the booking.
  it.each([
    ["answers 'processing'", "pm_card_processing", false],
    ["is lost (a timeout)", "pm_card_visa", true],
  ])("keeps the booking confirmed, with a clean timeline, when the call then %s", async (_, token, lose) => {
    const { booking, deps, payments, inventory } = await pendingBooking("pf-overtake-late", token);
    const stripe = witnessedStripe();
    const hookAnswers: unknown[] = [];
    const overtaken = interceptProvider(
      stripe.provider,
      overtakingWebhook("payment_intent.succeeded", "succeeded", (res) => hookAnswers.push(res.json())),
    );
    const provider = lose ? interceptProvider(overtaken, loseAnswerOnce()) : overtaken;
    await deliver(payments.sent, 1, { ...deps, provider });
    await deliver(payments.sent, 2, { ...deps, provider });
    expect(await Promise.all(hookAnswers)).toEqual([{ received: true, result: "processed" }]);
    expect(await bookingRow(booking.id)).toMatchObject({ status: "confirmed", payment_state: "succeeded" });
    expect(await chargeOf(booking.id)).toMatchObject({ status: "succeeded" });
    expect(await timelineKinds(booking.id)).toEqual(["created", "confirmed"]);
    expect(stripe.created.filter((o) => o.object === "payment_intent")).toHaveLength(1);
    await expectSeats(inventory, economy(0, 1));
  });
});

describe("a provider whose answer is lost after it took the money (a timeout on our side)", () => {
  it("confirms on the retry from the provider's idempotent replay: one PaymentIntent", async () => {
    const { booking, deps, payments, inventory } = await pendingBooking("pf-lost", "pm_card_visa");
    const stripe = witnessedStripe();
    const paid = { ...deps, provider: interceptProvider(stripe.provider, loseAnswerOnce()) };
    expect((await deliver(payments.sent, 1, paid)).retryMessages).toHaveLength(1);
    expect(await bookingRow(booking.id)).toMatchObject({ status: "pending_payment" });
    expect((await deliver(payments.sent, 2, paid)).explicitAcks).toHaveLength(1);

    expect(await bookingRow(booking.id)).toMatchObject({ status: "confirmed", payment_state: "succeeded" });
    expect(await chargeOf(booking.id)).toMatchObject({ attempts: 2, provider_ref: stripe.charges(booking.id)[0]?.id });
    expect(stripe.charges(booking.id)).toHaveLength(1);
    await expectSeats(inventory, economy(0, 1));
  });

  it("expires and refunds exactly once when the hold lapsed before the retry", async () => {
    const { booking, deps, payments, clock, inventory } = await pendingBooking("pf-lost-lapse", "pm_card_visa");
    const stripe = witnessedStripe();
    const paid = { ...deps, provider: interceptProvider(stripe.provider, loseAnswerOnce()) };
    const [charge] = payments.sent;
    await deliver([charge], 1, paid);
    clock.advance(PAST_EXTENDED_HOLD);
    await deliver([charge], 2, paid);
    const refundJob = payments.sent.at(-1);
    expect(refundJob).toMatchObject({ type: "refund", bookingId: booking.id });
    await deliver([refundJob, refundJob], 1, paid);

    expect(await bookingRow(booking.id)).toMatchObject({ status: "expired", payment_state: "refunded" });
    expect(stripe.charges(booking.id)).toHaveLength(1);
    expect(stripe.refunds(booking.id).map((r) => r.amount)).toEqual([booking.totalMinor]);
    await expectSeats(inventory, economy(0, 0));
  });
});

describe("two consumers charging the same booking at once", () => {
  it("make one PaymentIntent and one confirmation", async () => {
    const { booking, deps, payments, inventory } = await pendingBooking("pf-race", "pm_card_visa");
    const stripe = witnessedStripe();
    const paid = { ...deps, provider: stripe.provider };
    const [a, b] = await Promise.all([deliver(payments.sent, 1, paid), deliver(payments.sent, 1, paid)]);
    expect([...a.explicitAcks, ...b.explicitAcks]).toHaveLength(2);
    expect(stripe.charges(booking.id)).toHaveLength(1);
    expect(await timelineKinds(booking.id)).toEqual(["created", "confirmed"]);
    expect(await outboxKinds(booking.id)).toEqual(["booking_confirmed"]);
    await expectSeats(inventory, economy(0, 1));
  });
});

describe("a provider that errors on every attempt", () => {
  it("takes no money, keeps re-driving while it may, then closes the booking with the money stated as unknown", async () => {
    const { booking, deps, payments, clock, inventory, departureId } = await pendingBooking("pf-down", "tok_error");
    const jobs = heldQueue();
    const sweepDeps = { ...deps, paymentJobs: jobs.queue };
    for (let attempt = 1; attempt <= 6; attempt++) await deliver(payments.sent, attempt, deps);
    clock.advance(PAST_EXTENDED_HOLD);
    expect(await runDurableObjectAlarm(inventoryObject(departureId))).toBe(true);
    await expectSeats(inventory, economy(0, 0));

    // The sweep hands the charge back, one stall period at a time, until the stuck rule applies
    // (maxAttempts, or resolveAfterSeconds past the deadline): then it asks once more and resolves.
    const deadline = (await bookingRow(booking.id))?.hold_expires_at ?? 0;
    let now = (deadline + RECONCILE_POLICY.graceSeconds + 1) * 1000;
    for (;;) {
      const counts = await reconcileBookings({ deps: sweepDeps, now });
      if (counts.resolved === 1) break;
      expect(counts.chargesResent).toBe(1);
      await deliver(jobs.sent.slice(-1), 1, deps);
      now += (stalledSeconds(1) + 1) * 1000;
    }
    expect(now).toBeLessThanOrEqual((deadline + RECONCILE_POLICY.resolveAfterSeconds + stalledSeconds(1) + 1) * 1000);
    expect(await bookingRow(booking.id)).toMatchObject({ status: "payment_failed", payment_state: "unknown" });
    expect(await chargeOf(booking.id)).toMatchObject({
      status: "failed",
      last_error: "unresolved: provider answered 500",
    });
    expect(await refundOf(booking.id)).toBeNull();
    expect(await outboxKinds(booking.id)).toEqual(["payment_unresolved"]);
    expect((await timelineKinds(booking.id)).slice(-2)).toEqual(["payment_failed", "stuck_resolved"]);
    await expectSeats(inventory, economy(0, 0));
    // Terminal: the next sweep finds nothing to do for it.
    expect(await reconcileBookings({ deps: sweepDeps, now: now + 3_600_000 })).toMatchObject({
      overdue: 0,
      chargesResent: 0,
      resolved: 0,
    });
  });
});
