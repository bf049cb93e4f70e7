import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { itemsOf } from "../src/bookings/items";
import { RECONCILE_POLICY, reconcileBookings } from "../src/bookings/reconcile";
import { settleChargeSucceeded } from "../src/bookings/settle-charge";
import { bookingById, paymentById } from "../src/bookings/store";
import { api } from "./support/app-client";
import {
  bookingRow,
  chargeOf,
  heldQueue,
  outboxEmail,
  outboxKinds,
  pendingBooking,
  refundOf,
  timelineKinds,
} from "./support/bookings";
import { expectSeats, postWebhook, providerEvent } from "./support/payment-events";

const MINUTE = 60_000;
const economy = (held: number, sold: number) => ({ economy: { capacity: 10, held, sold } });
const ADMIN = { authorization: "Bearer test-admin-key" };

/**
 * A pending booking whose charge has used every attempt the sweep allows, its last one long ago,
 * and (unless `holdLive`) whose hold has lapsed: what the stuck rule exists for.
 */
async function stuckBooking(label: string, token: string, { holdLive = false } = {}) {
  const setup = await pendingBooking(label, token);
  await env.DB.prepare("UPDATE payments SET attempts = ?, updated_at = updated_at - 3600 WHERE booking_id = ?")
    .bind(RECONCILE_POLICY.maxAttempts, setup.booking.id)
    .run();
  if (!holdLive) setup.clock.advance(11 * MINUTE);
  const now = holdLive
    ? setup.booking.createdAt * 1000 + MINUTE
    : (setup.booking.holdExpiresAt + RECONCILE_POLICY.graceSeconds + 1) * 1000;
  const jobs = heldQueue();
  const sweep = (at = now) => reconcileBookings({ deps: { ...setup.deps, paymentJobs: jobs.queue }, now: at });
  return { ...setup, now, jobs, sweep };
}

async function lastEvent(bookingId: string) {
  const row = await env.DB.prepare("SELECT kind, detail FROM booking_events WHERE booking_id = ? ORDER BY id DESC")
    .bind(bookingId)
    .first<{ kind: string; detail: string }>();
  return row && { kind: row.kind, detail: JSON.parse(row.detail) as unknown };
}

describe("the stuck rule", () => {
  beforeEach(async () => {
    await env.DB.batch([env.DB.prepare("DELETE FROM payments"), env.DB.prepare("DELETE FROM bookings")]);
  });

  it("asks once more and, still without an answer, closes the booking: seats back, the money stated as unknown", async () => {
    const { booking, sweep, jobs, inventory } = await stuckBooking("stuck-silent", "tok_error");
    expect(await sweep()).toMatchObject({ overdue: 1, resolved: 1, chargesResent: 0 });
    expect(jobs.sent).toEqual([]);

    expect(await bookingRow(booking.id)).toMatchObject({ status: "payment_failed", payment_state: "unknown" });
    expect(await chargeOf(booking.id)).toMatchObject({
      status: "failed",
      attempts: RECONCILE_POLICY.maxAttempts + 1,
      last_error: "unresolved: provider answered 500",
    });
    expect(await refundOf(booking.id)).toBeNull();
    expect(await timelineKinds(booking.id)).toEqual(["created", "payment_failed", "stuck_resolved"]);
    expect(await lastEvent(booking.id)).toEqual({
      kind: "stuck_resolved",
      detail: { outcome: "unresolved", attempts: RECONCILE_POLICY.maxAttempts + 1, provider_answer: "retryable" },
    });
    const email = await outboxEmail(booking.id, "payment_unresolved");
    for (const part of [email.text, email.html]) {
      expect(part).toContain("The payment provider never told us whether your payment of €100.00 went through.");
      expect(part).not.toContain("We charged");
    }
    await expectSeats(inventory, economy(0, 0));
    // Terminal: later sweeps leave it alone.
    expect(await sweep()).toMatchObject({ overdue: 0, resolved: 0, chargesResent: 0 });
  });

  it("shows the bookings it closed to an operator", async () => {
    const { booking, sweep } = await stuckBooking("stuck-listed", "tok_error");
    await sweep();
    const res = await api(`/v1/admin/bookings?status=payment_failed&payment_state=unknown`, {
      headers: ADMIN,
    });
    expect(res.status).toBe(200);
    const body = await res.json<{ data: Record<string, unknown>[]; meta: { count: number } }>();
    expect(body.meta.count).toBe(1);
    expect(body.data[0]).toMatchObject({
      id: booking.id,
      reference: booking.reference,
      status: "payment_failed",
      payment_state: "unknown",
      total_price: { amount_minor: booking.totalMinor, currency: booking.currency },
    });
    const none = await api(`/v1/admin/bookings?status=payment_failed&payment_state=failed`, {
      headers: ADMIN,
    });
    expect((await none.json<{ data: unknown[] }>()).data).toEqual([]);
  });

  it("refunds a success that arrives after the booking was closed, and tells the traveller", async () => {
    const { booking, sweep } = await stuckBooking("stuck-late-hook", "tok_error");
    await sweep();
    const charge = await chargeOf(booking.id);
    const event = providerEvent("payment_intent.succeeded", {
      id: "sbx_pi_late",
      status: "succeeded",
      metadata: { booking_id: booking.id, payment_id: charge.id },
    });
    expect(await (await postWebhook(event)).json()).toEqual({ received: true, result: "processed" });

    expect(await chargeOf(booking.id)).toMatchObject({ status: "succeeded", provider_ref: "sbx_pi_late" });
    expect(await refundOf(booking.id)).toMatchObject({ status: "pending", amount_minor: booking.totalMinor });
    expect(await bookingRow(booking.id)).toMatchObject({ status: "payment_failed", payment_state: "refund_pending" });
    expect(await outboxKinds(booking.id)).toEqual(["late_charge_refunded", "payment_unresolved"]);
    expect((await outboxEmail(booking.id, "late_charge_refunded")).text).toContain(
      "We charged €100.00 to your payment method and are refunding the full amount to it.",
    );
  });

  it("records that no money moved when the provider finally says the charge failed", async () => {
    const { booking, sweep } = await stuckBooking("stuck-late-fail", "tok_error");
    await sweep();
    const charge = await chargeOf(booking.id);
    const event = providerEvent("payment_intent.payment_failed", {
      id: "sbx_pi_failed",
      status: "requires_payment_method",
      metadata: { booking_id: booking.id, payment_id: charge.id },
    });
    expect(await (await postWebhook(event)).json()).toEqual({ received: true, result: "processed" });
    expect(await bookingRow(booking.id)).toMatchObject({ status: "payment_failed", payment_state: "failed" });
    expect(await refundOf(booking.id)).toBeNull();
  });

  it("gives back the seat and the money of an answer that was in flight when the booking was closed", async () => {
    const { booking, deps, sweep, inventory } = await stuckBooking("stuck-in-flight", "tok_error", { holdLive: true });
    const staleBooking = await bookingById(deps, booking.id);
    const staleCharge = await paymentById(deps, (await chargeOf(booking.id)).id);
    if (!staleBooking || !staleCharge) throw new Error("missing rows");
    // A consumer had sold the seat in the object and not yet written the confirmation when the
    // sweep closed the booking; its success then lands.
    const [item] = await itemsOf(deps, booking.id);
    expect((await inventory.confirmHold(item?.holdId ?? "", booking.id)).ok).toBe(true);
    expect(await sweep()).toMatchObject({ resolved: 1 });
    await settleChargeSucceeded(deps, staleBooking, staleCharge, "sbx_pi_in_flight");

    expect(await bookingRow(booking.id)).toMatchObject({ status: "payment_failed", payment_state: "refund_pending" });
    expect(await refundOf(booking.id)).toMatchObject({ status: "pending", amount_minor: booking.totalMinor });
    expect(await outboxKinds(booking.id)).toEqual(["late_charge_refunded", "payment_unresolved"]);
    await expectSeats(inventory, economy(0, 0));
  });

  it("refunds when the last ask finds the money moved after the hold lapsed", async () => {
    const { booking, sweep, inventory } = await stuckBooking("stuck-paid", "tok_timeout");
    expect(await sweep()).toMatchObject({ resolved: 1 });
    expect(await bookingRow(booking.id)).toMatchObject({ status: "expired", payment_state: "refund_pending" });
    expect(await refundOf(booking.id)).toMatchObject({ status: "pending", amount_minor: booking.totalMinor });
    expect(await timelineKinds(booking.id)).toEqual(["created", "expired", "stuck_resolved"]);
    expect((await outboxEmail(booking.id, "hold_expired")).text).toContain("are refunding the full amount");
    await expectSeats(inventory, economy(0, 0));
  });

  it("fails the booking, nothing charged, when the last ask is declined", async () => {
    const { booking, sweep } = await stuckBooking("stuck-declined", "tok_decline");
    expect(await sweep()).toMatchObject({ resolved: 1 });
    expect(await bookingRow(booking.id)).toMatchObject({ status: "payment_failed", payment_state: "failed" });
    expect((await outboxEmail(booking.id, "payment_failed")).text).toContain("You have not been charged");
  });

  it("applies after resolveAfterSeconds past the deadline, whatever the attempts", async () => {
    const { booking, deps, clock } = await pendingBooking("stuck-time", "tok_error");
    await env.DB.prepare("UPDATE payments SET attempts = 3 WHERE booking_id = ?").bind(booking.id).run();
    clock.advance(11 * MINUTE);
    const sweep = (at: number) => reconcileBookings({ deps: { ...deps, paymentJobs: heldQueue().queue }, now: at });
    const deadline = booking.holdExpiresAt + RECONCILE_POLICY.resolveAfterSeconds;
    expect(await sweep((deadline - 1) * 1000)).toMatchObject({ chargesResent: 1, resolved: 0 });
    await env.DB.prepare("UPDATE payments SET updated_at = updated_at - 3600 WHERE booking_id = ?")
      .bind(booking.id)
      .run();
    expect(await sweep(deadline * 1000)).toMatchObject({ resolved: 1 });
    expect(await bookingRow(booking.id)).toMatchObject({ status: "payment_failed", payment_state: "unknown" });
  });

  it("waits while a job touched the charge recently", async () => {
    const { booking, sweep, now } = await stuckBooking("stuck-busy", "tok_error");
    await env.DB.prepare("UPDATE payments SET updated_at = ? WHERE booking_id = ?")
      .bind(Math.floor(now / 1000) - 10, booking.id)
      .run();
    expect(await sweep()).toMatchObject({ overdue: 1, resolved: 0, chargesResent: 0 });
    expect(await bookingRow(booking.id)).toMatchObject({ status: "pending_payment" });
  });
});

describe("GET /v1/admin/bookings", () => {
  it("needs a status and refuses a cursor it did not issue", async () => {
    const missing = await api(`/v1/admin/bookings`, { headers: ADMIN });
    expect(missing.status).toBe(400);
    const { request_id: _r, ...body } = await missing.json<Record<string, unknown>>();
    expect(body).toMatchObject({ code: "VALIDATION_FAILED", status: 400 });
    const forged = await api(`/v1/admin/bookings?status=confirmed&cursor=bm90LWEtY3Vyc29y`, {
      headers: ADMIN,
    });
    expect(forged.status).toBe(400);
    expect(await forged.json()).toEqual({
      type: "https://edgefare.dev/problems/invalid-cursor",
      title: "The pagination cursor is not valid",
      status: 400,
      code: "INVALID_CURSOR",
      detail: "The cursor is malformed; start again without it.",
      instance: "/v1/admin/bookings",
      request_id: forged.headers.get("x-request-id"),
    });
  });

  it("needs the admin key", async () => {
    const res = await api(`/v1/admin/bookings?status=confirmed`);
    expect(res.status).toBe(401);
  });
});
