import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { createBooking } from "../../src/bookings/create-booking";
import type { BookingDeps } from "../../src/bookings/deps";
import { bookingDepsFromEnv } from "../../src/bookings/env-deps";
import type { PaymentDeps } from "../../src/bookings/payment-deps";
import { QUEUES } from "../../src/config";
import { bookableProducts } from "../../src/http/describe-holds";
import { productHooks } from "../../src/http/product-hooks";
import { type Clock, systemClock } from "../../src/lib/clock";
import { jsonLogger } from "../../src/lib/logger";
import { chargeJob, type PaymentJob } from "../../src/payments/messages";
import type { PaymentProvider } from "../../src/payments/provider";
import { createSandboxProvider } from "../../src/payments/sandbox";
import { consumePaymentBatch, handlePaymentBatch } from "../../workers/payment-consumer";
import { api } from "./app-client";
import { openInventory } from "./inventory";

export const API = "https://edgefare.test";

export function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return api(`${API}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

export async function placeHold(departureId: string, passengers = 1, cabin = "economy") {
  const res = await post("/v1/holds", { departure_id: departureId, cabin, passengers });
  if (res.status !== 201) throw new Error(`hold failed: ${res.status} ${await res.text()}`);
  return res.json<{ id: string; expires_at: string; total_price: { amount_minor: number; currency: string } }>();
}

export function bookingBody(
  holdId: string,
  token = "tok_success",
  passengers = [{ given_name: "Ada", family_name: "Lovelace" }],
) {
  return {
    hold_id: holdId,
    passengers,
    contact: { email: "ada@example.com" },
    payment: { method: "card", token },
  };
}

export interface CreatedBody {
  id: string;
  reference: string;
  status: string;
  owner_token: string;
  total_price: { amount_minor: number; currency: string };
  hold_expires_at: string;
  links: { self: string; cancel: string };
}

export async function book(holdId: string, token = "tok_success", headers: Record<string, string> = {}) {
  const res = await post("/v1/bookings", bookingBody(holdId, token), headers);
  if (res.status !== 202) throw new Error(`booking failed: ${res.status} ${await res.text()}`);
  return res.json<CreatedBody>();
}

/** A producer that keeps what it is given: the test then plays the queue's delivery itself,
 *  so attempts and their order are decided by the test, not by a background consumer. */
export function heldQueue() {
  const sent: unknown[] = [];
  const queue = {
    send: async (body: unknown) => {
      sent.push(body);
    },
    sendBatch: async (messages: Iterable<MessageSendRequest>) => {
      for (const m of messages) sent.push(m.body);
    },
  } as unknown as Queue;
  return { queue, sent };
}

export function testDeps(over: Partial<PaymentDeps> & { clock?: Clock } = {}) {
  const clock = over.clock ?? systemClock;
  const base: BookingDeps = bookingDepsFromEnv(env, {
    clock,
    log: jsonLogger({ test: true }),
    products: productHooks(env, () => clock.now()),
  });
  return { ...base, provider: createSandboxProvider(), ...bookableProducts(base.db), ...over };
}

export async function chargeOf(bookingId: string) {
  const row = await env.DB.prepare("SELECT * FROM payments WHERE booking_id = ? AND kind = 'charge'")
    .bind(bookingId)
    .first<{ id: string; status: string; attempts: number; provider_ref: string | null; last_error: string | null }>();
  if (!row) throw new Error(`no charge for ${bookingId}`);
  return row;
}

export async function refundOf(bookingId: string) {
  return env.DB.prepare("SELECT * FROM payments WHERE booking_id = ? AND kind = 'refund'")
    .bind(bookingId)
    .first<{ id: string; status: string; amount_minor: number; provider_ref: string | null; attempts: number }>();
}

export async function bookingRow(bookingId: string) {
  return env.DB.prepare("SELECT * FROM bookings WHERE id = ?")
    .bind(bookingId)
    .first<{ status: string; payment_state: string; reference: string; hold_expires_at: number }>();
}

/**
 * Which emails a booking has in the outbox, by kind. Not by time: `created_at` has second
 * precision, so two emails written a moment apart sort either way depending on the clock.
 */
export async function outboxKinds(bookingId: string): Promise<string[]> {
  const { results } = await env.DB.prepare("SELECT kind FROM email_outbox WHERE booking_id = ? ORDER BY kind")
    .bind(bookingId)
    .all<{ kind: string }>();
  return results.map((r) => r.kind);
}

/** The email a booking got of one kind, as the traveller will read it. */
export async function outboxEmail(bookingId: string, kind: string) {
  const row = await env.DB.prepare(
    "SELECT subject, text_body AS text, html_body AS html FROM email_outbox WHERE booking_id = ? AND kind = ?",
  )
    .bind(bookingId, kind)
    .first<{ subject: string; text: string; html: string }>();
  if (!row) throw new Error(`no ${kind} email for ${bookingId}`);
  return row;
}

export async function timelineKinds(bookingId: string): Promise<string[]> {
  const { results } = await env.DB.prepare("SELECT kind FROM booking_events WHERE booking_id = ? ORDER BY at, id")
    .bind(bookingId)
    .all<{ kind: string }>();
  return results.map((r) => r.kind);
}

let messageCounter = 0;

/**
 * Delivers jobs to the consumer as the queue would, `attempts` being the delivery count. With
 * `deps`, the consumer runs on them (a chosen clock, provider or producer); without, it builds
 * its own from env exactly as in production.
 */
export async function deliver(jobs: unknown[], attempts = 1, deps?: PaymentDeps) {
  const batch = createMessageBatch(
    QUEUES.paymentJobs,
    jobs.map((body) => ({ id: `msg_${++messageCounter}`, timestamp: new Date(), attempts, body })),
  );
  // The plugin's QueueResult lists retried messages without their delay; note the delay the
  // consumer asked for on the way through to the real retry().
  const delays: number[] = [];
  for (const message of batch.messages) {
    const retry = message.retry.bind(message);
    message.retry = (options?: QueueRetryOptions) => {
      delays.push(options?.delaySeconds ?? 0);
      retry(options);
    };
  }
  const ctx = createExecutionContext();
  if (deps) await consumePaymentBatch(batch, deps, env.DB);
  else await handlePaymentBatch(batch, env);
  return { ...(await getQueueResult(batch, ctx)), delays };
}

export async function chargeJobFor(bookingId: string): Promise<PaymentJob> {
  return chargeJob(bookingId, (await chargeOf(bookingId)).id);
}

export type { PaymentProvider };

/**
 * A pending booking made through the domain verb, with its jobs held by the test instead of
 * sent to the real queue, and a departure whose object runs on a clock the test moves.
 */
export async function pendingBooking(label: string, token: string, seats = 1, producer?: Queue) {
  const { departureId, clock, inventory } = await openInventory(label);
  const hold = await placeHold(departureId, seats);
  const payments = heldQueue();
  const emails = heldQueue();
  const deps = testDeps({ paymentJobs: payments.queue, emailJobs: emails.queue });
  const passengers = Array.from({ length: seats }, (_, i) => ({ givenName: `P${i}`, familyName: "Tester" }));
  const created = await createBooking({
    deps: producer ? { ...deps, paymentJobs: producer } : deps,
    input: {
      holdId: hold.id,
      passengers,
      contactEmail: "t@example.com",
      payment: { method: "card", token },
      provider: "sandbox",
    },
  });
  if (!created.ok) throw new Error(created.error.detail);
  return { booking: created.value.booking, hold, departureId, clock, inventory, deps, payments, emails };
}

/** Two departures whose objects run on clocks the test moves, one seat held on each, booked together. */
export async function twoItemBooking(label: string, over: Partial<PaymentDeps> = {}) {
  const first = await openInventory(`${label}-a`);
  const second = await openInventory(`${label}-b`);
  const holds = [await placeHold(first.departureId), await placeHold(second.departureId)];
  const payments = heldQueue();
  const deps = testDeps({ paymentJobs: payments.queue, emailJobs: heldQueue().queue, ...over });
  const created = await createBooking({
    deps,
    input: {
      holdIds: holds.map((h) => h.id),
      passengers: [{ givenName: "Ada", familyName: "Lovelace" }],
      contactEmail: "ada@example.com",
      payment: { method: "card", token: "tok_success" },
      provider: "sandbox",
    },
  });
  if (!created.ok) throw new Error(created.error.detail);
  return { booking: created.value.booking, holds, first, second, payments, deps };
}
