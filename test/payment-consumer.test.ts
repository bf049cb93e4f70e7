import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { chargeJob } from "../src/payments/messages";
import {
  bookingRow,
  chargeOf,
  deliver,
  outboxEmail,
  outboxKinds,
  pendingBooking,
  refundOf,
  timelineKinds,
} from "./support/bookings";

const ELEVEN_MINUTES = 11 * 60_000;
/** Past the hold's deadline even after its one extension, made when the first attempt timed out. */
const PAST_EXTENDED_HOLD = 21 * 60_000;

describe("payment consumer", () => {
  it("retries a provider timeout with exponential backoff and confirms once it answers", async () => {
    const { booking, deps, payments } = await pendingBooking("pay-timeout", "tok_timeout");
    const [job] = payments.sent;
    const first = await deliver([job], 1, deps);
    expect(first.retryMessages).toHaveLength(1);
    expect(first.delays).toEqual([10]);
    const second = await deliver([job], 2, deps);
    expect(second.delays).toEqual([20]);
    const third = await deliver([job], 3, deps);
    expect(third.retryMessages).toEqual([]);
    expect(third.explicitAcks).toHaveLength(1);

    expect(await bookingRow(booking.id)).toMatchObject({ status: "confirmed" });
    expect(await chargeOf(booking.id)).toMatchObject({ status: "succeeded", attempts: 3, last_error: "timeout" });
    expect(await timelineKinds(booking.id)).toEqual([
      "created",
      "payment_retry_scheduled",
      "hold_extended",
      "payment_retry_scheduled",
      "confirmed",
    ]);
  });

  it("records every failed attempt and leaves the last one to the dead-letter queue", async () => {
    const { booking, deps, payments } = await pendingBooking("pay-error", "tok_error");
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 6; attempt++) {
      const result = await deliver(payments.sent, attempt, deps);
      expect(result.retryMessages).toHaveLength(1);
      delays.push(...result.delays);
    }
    // Six deliveries (max_retries = 5): the sixth retry is what moves the message to the DLQ.
    expect(delays).toEqual([10, 20, 40, 80, 160, 320]);
    expect(await chargeOf(booking.id)).toMatchObject({
      status: "pending",
      attempts: 6,
      last_error: "provider answered 500",
    });
    const kinds = await timelineKinds(booking.id);
    expect(kinds.filter((k) => k === "payment_retry_scheduled")).toHaveLength(5);
    expect(kinds.at(-1)).toBe("payment_retries_exhausted");
    expect(await bookingRow(booking.id)).toMatchObject({ status: "pending_payment" });
  });

  it("keeps the seat while a charge is in doubt: the first unanswered attempt extends the hold, once", async () => {
    const { booking, hold, deps, payments, inventory } = await pendingBooking("pay-doubt", "tok_error");
    await deliver(payments.sent, 1, deps);
    await deliver(payments.sent, 2, deps);
    expect(await inventory.getHold(hold.id)).toMatchObject({
      status: "held",
      extended: true,
      expiresAt: Date.parse(hold.expires_at) + 600_000,
    });
    expect(await bookingRow(booking.id)).toMatchObject({ hold_expires_at: booking.holdExpiresAt + 600 });
    expect(await timelineKinds(booking.id)).toEqual([
      "created",
      "payment_retry_scheduled",
      "hold_extended",
      "payment_retry_scheduled",
    ]);
  });

  it("charges once when the same job arrives twice in a batch", async () => {
    const { booking, deps, payments } = await pendingBooking("pay-dup", "tok_success");
    const result = await deliver([payments.sent[0], payments.sent[0]], 1, deps);
    expect(result.explicitAcks).toHaveLength(2);
    expect(await chargeOf(booking.id)).toMatchObject({ status: "succeeded", attempts: 1 });
    expect(await timelineKinds(booking.id)).toEqual(["created", "confirmed"]);
    expect(await outboxKinds(booking.id)).toEqual(["booking_confirmed"]);
  });

  it("never charges for a hold that lapsed before the first attempt", async () => {
    const { booking, hold, deps, payments, clock, inventory } = await pendingBooking("pay-lapsed", "tok_success");
    clock.advance(ELEVEN_MINUTES);
    const result = await deliver(payments.sent, 1, deps);
    expect(result.explicitAcks).toHaveLength(1);
    expect(await bookingRow(booking.id)).toMatchObject({ status: "expired", payment_state: "failed" });
    expect(await chargeOf(booking.id)).toMatchObject({
      status: "failed",
      attempts: 0,
      last_error: "not charged: hold expired",
    });
    expect(await refundOf(booking.id)).toBeNull();
    expect(await outboxKinds(booking.id)).toEqual(["hold_expired"]);
    expect(await inventory.getHold(hold.id)).toMatchObject({ status: "expired" });
  });

  it("refunds money taken after the hold lapsed: the seat is never sold twice", async () => {
    const { booking, deps, payments, clock, inventory } = await pendingBooking("pay-late", "tok_timeout");
    const [charge] = payments.sent;
    await deliver([charge], 1, deps);
    await deliver([charge], 2, deps);
    clock.advance(PAST_EXTENDED_HOLD);
    await deliver([charge], 3, deps);

    expect(await bookingRow(booking.id)).toMatchObject({ status: "expired", payment_state: "refund_pending" });
    expect(await chargeOf(booking.id)).toMatchObject({ status: "succeeded" });
    const refund = await refundOf(booking.id);
    expect(refund).toMatchObject({ status: "pending", amount_minor: booking.totalMinor });
    expect(payments.sent.at(-1)).toEqual({ v: 1, type: "refund", bookingId: booking.id, paymentId: refund?.id });

    await deliver([payments.sent.at(-1)], 1, deps);
    expect(await refundOf(booking.id)).toMatchObject({
      status: "succeeded",
      provider_ref: expect.stringMatching(/^sbx_re_/),
    });
    expect(await bookingRow(booking.id)).toMatchObject({ status: "expired", payment_state: "refunded" });
    expect(await timelineKinds(booking.id)).toEqual([
      "created",
      "payment_retry_scheduled",
      "hold_extended",
      "payment_retry_scheduled",
      "expired",
      "refunded",
    ]);
    expect(await outboxKinds(booking.id)).toEqual(["hold_expired"]);
    // The traveller was charged: the email says so, with the refund and when to expect it.
    const email = await outboxEmail(booking.id, "hold_expired");
    for (const part of [email.text, email.html]) {
      expect(part).toContain("We charged €100.00");
      expect(part).toContain("are refunding the full amount");
      expect(part).toContain("within 5 to 10 working days");
      expect(part).not.toContain("not been charged");
    }
    const fares = await inventory.availability();
    expect(fares.find((f) => f.pool === "economy")).toMatchObject({ sold: 0, held: 0 });
  });

  it("dead-letters a message it cannot read, at once", async () => {
    const body = { v: 2, type: "charge", bookingId: "bkg_x" };
    const result = await deliver([body], 1);
    expect(result.explicitAcks).toHaveLength(1);
    const row = await env.DB.prepare("SELECT queue, body, attempts FROM dead_letters WHERE message_id = ?")
      .bind(result.explicitAcks[0])
      .first();
    expect(row).toEqual({ queue: "edgefare-payment-jobs", body: JSON.stringify(body), attempts: 1 });
  });

  it("acknowledges a job whose booking does not exist", async () => {
    const result = await deliver([chargeJob("bkg_missing", "pay_missing")], 1);
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toEqual([]);
  });
});
