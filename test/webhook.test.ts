import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { cancelBooking } from "../src/bookings/cancel-booking";
import { createApp } from "../src/http/app";
import { signWebhook } from "../src/payments/webhook-signature";
import { appClient } from "./support/app-client";
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

const SECRET = "whsec_edgefare_test";
const app = createApp();
const nowSeconds = () => Math.floor(Date.now() / 1000);

async function send(
  body: string,
  signature: string | null,
  bindings: typeof env = { ...env, PAYMENT_WEBHOOK_SECRET: SECRET },
) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (signature !== null) headers["stripe-signature"] = signature;
  return appClient(bindings, app)("/v1/webhooks/payments", { method: "POST", headers, body });
}

async function signed(body: string, t = nowSeconds()) {
  return send(body, await signWebhook(SECRET, body, t));
}

function event(
  type: string,
  object: { id: string; status: string; metadata: Record<string, string> },
  id = `evt_${crypto.randomUUID()}`,
) {
  return JSON.stringify({ id, object: "event", type, data: { object } });
}

async function chargeEvent(bookingId: string, type = "payment_intent.succeeded", id?: string) {
  const charge = await chargeOf(bookingId);
  const ref = charge.provider_ref ?? "pi_unknown";
  return event(type, { id: ref, status: "succeeded", metadata: { booking_id: bookingId, payment_id: charge.id } }, id);
}

describe("POST /v1/webhooks/payments", () => {
  it("confirms a booking whose payment was still processing, once, however often the event comes", async () => {
    const { booking, deps, payments } = await pendingBooking("hook-confirm", "tok_pending");
    await deliver(payments.sent, 1, deps);
    expect(await bookingRow(booking.id)).toMatchObject({ status: "pending_payment" });

    const body = await chargeEvent(booking.id);
    const first = await signed(body);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true, result: "processed" });
    const replay = await signed(body);
    expect(await replay.json()).toEqual({ received: true, result: "duplicate" });

    expect(await bookingRow(booking.id)).toMatchObject({ status: "confirmed", payment_state: "succeeded" });
    expect(await timelineKinds(booking.id)).toEqual(["created", "payment_processing", "hold_extended", "confirmed"]);
    expect(await outboxKinds(booking.id)).toEqual(["booking_confirmed"]);
    // The job delivered again later finds nothing pending.
    const again = await deliver(payments.sent, 2, deps);
    expect(again.explicitAcks).toHaveLength(1);
  });

  it("ignores a success that arrives after the consumer confirmed, and a failure that arrives after success", async () => {
    const { booking, deps, payments } = await pendingBooking("hook-late", "tok_success");
    await deliver(payments.sent, 1, deps);
    expect(await (await signed(await chargeEvent(booking.id))).json()).toEqual({ received: true, result: "ignored" });
    const failed = await chargeEvent(booking.id, "payment_intent.payment_failed");
    expect(await (await signed(failed)).json()).toEqual({ received: true, result: "ignored" });
    expect(await bookingRow(booking.id)).toMatchObject({ status: "confirmed" });
    expect(await timelineKinds(booking.id)).toEqual(["created", "confirmed"]);
  });

  it("refunds a charge that succeeds after we recorded it as declined", async () => {
    const { booking, deps, payments } = await pendingBooking("hook-after-decline", "tok_decline");
    await deliver(payments.sent, 1, deps);
    const charge = await chargeOf(booking.id);
    const body = event("payment_intent.succeeded", {
      id: "sbx_pi_late",
      status: "succeeded",
      metadata: { booking_id: booking.id, payment_id: charge.id },
    });
    expect(await (await signed(body)).json()).toEqual({ received: true, result: "processed" });
    expect(await chargeOf(booking.id)).toMatchObject({ status: "succeeded", provider_ref: "sbx_pi_late" });
    expect(await refundOf(booking.id)).toMatchObject({ status: "pending", amount_minor: booking.totalMinor });
    expect(await bookingRow(booking.id)).toMatchObject({ status: "payment_failed", payment_state: "refund_pending" });
    // The traveller was told "not charged"; now they are told the truth, once.
    expect(await (await signed(body.replace(/"evt_[^"]+"/, '"evt_again"'))).json()).toMatchObject({ received: true });
    expect(await outboxKinds(booking.id)).toEqual(["late_charge_refunded", "payment_failed"]);
    const email = await outboxEmail(booking.id, "late_charge_refunded");
    expect(email.text).toContain("We charged €100.00 to your payment method and are refunding the full amount to it.");
    expect(email.html).toContain("We charged €100.00 to your payment method and are refunding the full amount to it.");
  });

  it("settles a refund the provider reports asynchronously", async () => {
    const { booking, deps, payments } = await pendingBooking("hook-refund", "tok_success");
    await deliver(payments.sent, 1, deps);
    const cancelled = await cancelBooking({ deps, input: { reference: booking.reference, familyName: "Tester" } });
    expect(cancelled.ok).toBe(true);
    const refund = await refundOf(booking.id);
    const body = event("refund.updated", {
      id: "re_async",
      status: "succeeded",
      metadata: { booking_id: booking.id, payment_id: refund?.id ?? "" },
    });
    expect(await (await signed(body)).json()).toEqual({ received: true, result: "processed" });
    expect(await bookingRow(booking.id)).toMatchObject({ status: "refunded", payment_state: "refunded" });
    expect(await refundOf(booking.id)).toMatchObject({ status: "succeeded", provider_ref: "re_async" });
  });

  it("refuses tampered, stale, future, unsigned and wrongly signed events with one answer that explains nothing", async () => {
    const body = event("payment_intent.succeeded", { id: "pi_x", status: "succeeded", metadata: {} });
    const good = await signWebhook(SECRET, body, nowSeconds());
    const attempts = [
      await send(body.replace("pi_x", "pi_y"), good),
      await send(body, await signWebhook(SECRET, body, nowSeconds() - 301)),
      await send(body, await signWebhook(SECRET, body, nowSeconds() + 301)),
      await send(body, null),
      await send(body, "t=abc,v1=zz"),
      await send(body, await signWebhook("whsec_someone_else", body, nowSeconds())),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        type: "https://edgefare.dev/problems/webhook-signature-invalid",
        title: "The webhook signature is not valid",
        status: 400,
        code: "WEBHOOK_SIGNATURE_INVALID",
        detail: "The webhook signature could not be verified.",
        instance: "/v1/webhooks/payments",
        request_id: res.headers.get("x-request-id"),
      });
    }
    const { id } = JSON.parse(body) as { id: string };
    expect(await env.DB.prepare("SELECT id FROM webhook_events WHERE id = ?").bind(id).first()).toBeNull();
    expect((await send(body, good)).status).toBe(200);
    expect(await env.DB.prepare("SELECT id FROM webhook_events WHERE id = ?").bind(id).first()).toEqual({ id });
  });

  it("acknowledges a signed event whose type names an Object.prototype member as ignored", async () => {
    for (const type of ["__proto__", "constructor", "toString", "hasOwnProperty"]) {
      const res = await signed(event(type, { id: "pi_x", status: "succeeded", metadata: {} }));
      expect(res.status, type).toBe(200);
      expect(await res.json()).toEqual({ received: true, result: "ignored" });
    }
  });

  it("accepts a signature made with any of several v1 entries (secret rotation)", async () => {
    const body = event("customer.created", { id: "cus_1", status: "active", metadata: {} });
    const t = nowSeconds();
    const old = await signWebhook("whsec_old", body, t);
    const current = await signWebhook(SECRET, body, t);
    const res = await send(body, `${old},${current.split(",")[1]}`);
    expect(await res.json()).toEqual({ received: true, result: "ignored" });
  });

  it("answers 503 while no webhook secret is configured, so the provider retries later", async () => {
    const body = event("payment_intent.succeeded", { id: "pi_x", status: "succeeded", metadata: {} });
    const res = await send(body, await signWebhook(SECRET, body, nowSeconds()), env);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      type: "https://edgefare.dev/problems/webhooks-unavailable",
      title: "Webhooks are not configured",
      status: 503,
      code: "WEBHOOKS_UNAVAILABLE",
      detail: "Webhooks are not accepted right now. Retry later.",
      instance: "/v1/webhooks/payments",
      request_id: res.headers.get("x-request-id"),
    });
  });
});
