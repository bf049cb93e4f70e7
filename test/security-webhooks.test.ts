import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { signWebhook } from "../src/payments/webhook-signature";
import { bookingRow, chargeOf, deliver, pendingBooking, timelineKinds } from "./support/bookings";
import { expectSeats, postWebhook, providerEvent, WEBHOOK_SECRET } from "./support/payment-events";

const now = () => Math.floor(Date.now() / 1000);

/** A booking whose payment is processing at the provider: one genuine event would confirm it. */
async function processingBooking(label: string) {
  const setup = await pendingBooking(label, "tok_pending");
  await deliver(setup.payments.sent, 1, setup.deps);
  const charge = await chargeOf(setup.booking.id);
  expect(charge).toMatchObject({ status: "pending", provider_ref: expect.stringMatching(/^sbx_pi_/) });
  const success = (eventId = `evt_${crypto.randomUUID()}`, bookingId = setup.booking.id) =>
    providerEvent(
      "payment_intent.succeeded",
      {
        id: charge.provider_ref ?? "",
        status: "succeeded",
        metadata: { booking_id: bookingId, payment_id: charge.id },
      },
      eventId,
    );
  return { ...setup, charge, success };
}

async function refusal(res: Response) {
  const { request_id, ...body } = await res.json<Record<string, unknown>>();
  expect(request_id).toBe(res.headers.get("x-request-id"));
  return { status: res.status, body };
}

const REFUSED = {
  status: 400,
  body: {
    type: "https://edgefare.dev/problems/webhook-signature-invalid",
    title: "The webhook signature is not valid",
    status: 400,
    code: "WEBHOOK_SIGNATURE_INVALID",
    detail: "The webhook signature could not be verified.",
    instance: "/v1/webhooks/payments",
  },
};

describe("forged payment webhooks aimed at a real booking", () => {
  it("are all refused with one answer, and the booking, its seat and the event log stay as they were", async () => {
    const { booking, inventory, success } = await processingBooking("sec-hook");
    const eventIds: string[] = [];
    const body = () => {
      const id = `evt_${crypto.randomUUID()}`;
      eventIds.push(id);
      return success(id);
    };
    const genuineElsewhere = success();
    const genuineHeader = await signWebhook(WEBHOOK_SECRET, genuineElsewhere, now());
    const hex = (header: string) => header.split("v1=")[1] ?? "";

    const forgeries: [string, () => Promise<Response>][] = [
      ["unsigned", async () => postWebhook(body(), null)],
      ["signed with another secret", async () => postWebhook(body(), { secret: "whsec_attacker" })],
      ["signed with the secret's prefix", async () => postWebhook(body(), { secret: WEBHOOK_SECRET.slice(0, -1) })],
      [
        "a genuine signature moved onto another body",
        async () => postWebhook(body(), null, { "stripe-signature": genuineHeader }),
      ],
      ["an old genuine signature (replayed after 301 s)", async () => postWebhook(body(), { t: now() - 301 })],
      ["a timestamp 301 s ahead", async () => postWebhook(body(), { t: now() + 301 })],
      [
        "a fresh timestamp on an old signature",
        async () => {
          const b = body();
          const old = await signWebhook(WEBHOOK_SECRET, b, now() - 3600);
          return postWebhook(b, null, { "stripe-signature": `t=${now()},v1=${hex(old)}` });
        },
      ],
      ["v0 only", async () => postWebhook(body(), null, { "stripe-signature": `t=${now()},v0=${"0".repeat(64)}` })],
      ["garbage", async () => postWebhook(body(), null, { "stripe-signature": "t=now,v1=<script>" })],
      [
        "many wrong v1 entries",
        async () => postWebhook(body(), null, { "stripe-signature": `t=${now()},${"v1=00,".repeat(50)}v1=11` }),
      ],
      [
        "a header longer than any real one (bounds the HMAC work)",
        async () => postWebhook(body(), null, { "stripe-signature": `t=${now()},${"v1=00,".repeat(400)}v1=11` }),
      ],
    ];
    for (const [name, forge] of forgeries) {
      expect(await refusal(await forge()), name).toEqual(REFUSED);
    }

    expect(await bookingRow(booking.id)).toMatchObject({ status: "pending_payment", payment_state: "pending" });
    expect(await timelineKinds(booking.id)).toEqual(["created", "payment_processing", "hold_extended"]);
    await expectSeats(inventory, { economy: { capacity: 10, held: 1, sold: 0 } });
    const logged = await env.DB.prepare(
      `SELECT count(*) AS n FROM webhook_events WHERE id IN (${eventIds.map(() => "?").join(",")})`,
    )
      .bind(...eventIds)
      .first();
    expect(logged).toEqual({ n: 0 });

    // The control: the same event, genuinely signed, is what confirms it.
    expect(await (await postWebhook(success())).json()).toEqual({ received: true, result: "processed" });
    expect(await bookingRow(booking.id)).toMatchObject({ status: "confirmed" });
    await expectSeats(inventory, { economy: { capacity: 10, held: 0, sold: 1 } });
  });

  it("cannot move a booking by naming it in a genuine event about another payment", async () => {
    const victim = await processingBooking("sec-hook-victim");
    const attacker = await processingBooking("sec-hook-attacker");
    // A correctly signed event whose metadata disagrees with itself (the attacker's payment, the
    // victim's booking id): the payment row decides which booking moves, never the claimed id.
    const crossed = providerEvent("payment_intent.succeeded", {
      id: attacker.charge.provider_ref ?? "",
      status: "succeeded",
      metadata: { booking_id: victim.booking.id, payment_id: attacker.charge.id },
    });
    expect(await (await postWebhook(crossed)).json()).toEqual({ received: true, result: "processed" });
    expect(await bookingRow(attacker.booking.id)).toMatchObject({ status: "confirmed" });
    expect(await bookingRow(victim.booking.id)).toMatchObject({ status: "pending_payment" });
    // The victim's payment id with the attacker's PaymentIntent: the references disagree, so the
    // event is matched by the PaymentIntent, whose payment is already settled.
    const borrowed = providerEvent("payment_intent.succeeded", {
      id: attacker.charge.provider_ref ?? "",
      status: "succeeded",
      metadata: { booking_id: victim.booking.id, payment_id: victim.charge.id },
    });
    expect(await (await postWebhook(borrowed)).json()).toEqual({ received: true, result: "ignored" });
    expect(await bookingRow(victim.booking.id)).toMatchObject({ status: "pending_payment" });
    await expectSeats(victim.inventory, { economy: { capacity: 10, held: 1, sold: 0 } });
  });
});
