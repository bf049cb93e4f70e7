import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { type BookingItem, itemsOf } from "../../src/bookings/items";
import { createDb } from "../../src/db/client";
import { events } from "../../src/products/events";
import { problemOf } from "../support/accounts";
import { api } from "../support/app-client";
import { API, chargeJobFor, deliver } from "../support/bookings";
import { insertEventUnit } from "../support/event-units";
import { uniqueCaller } from "../support/limited-app";

/**
 * A cancelled booking item's tickets are void (ProductModule.onItemCancelled), and the door
 * refuses them with TICKET_VOID. The engine's call of the hook on every cancellation path is the
 * bookings engine's (test/product-hooks.test.ts); the first test goes through it end to end, the
 * others call the hook as the engine does, after a real cancellation over HTTP.
 */
function send(method: string, path: string, body?: object, headers: Record<string, string> = {}) {
  return api(`${API}${path}`, {
    method,
    headers: { "content-type": "application/json", "cf-connecting-ip": uniqueCaller().ip, ...headers },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

const db = () => createDb(env.DB);

/** A confirmed booking of `quantity` tickets to a fresh event, and its tickets' codes as the confirmation sends them. */
async function bookedTickets(quantity: number) {
  const fx = await insertEventUnit(env.DB, {
    tiers: [{ id: "tier_ga", capacity: 20, maxPerOrder: 4, refund: [{ hours_before: 24, refund_bps: 10_000 }] }],
  });
  const held = await (await send("POST", "/v1/holds", { event_id: fx.id, tier_id: "tier_ga", quantity })).json<{
    id: string;
  }>();
  const res = await send("POST", "/v1/bookings", {
    hold_id: held.id,
    passengers: [{ given_name: "Ada", family_name: "Lovelace" }],
    contact: { email: "ada@example.com" },
    payment: { method: "card", token: "tok_success" },
  });
  expect(res.status).toBe(202);
  const booking = await res.json<{ id: string; reference: string; owner_token: string }>();
  await deliver([await chargeJobFor(booking.id)]);
  const item = await onlyItem(booking.id);
  const extras = await events.confirmationExtras?.({ db: db(), env, now: () => Date.now() }, item, {
    id: booking.id,
    reference: booking.reference,
    leadTraveller: "Ada Lovelace",
  });
  const codes = (extras?.details ?? []).map(([, code]) => code);
  expect(codes).toHaveLength(quantity);
  return { eventId: fx.id, booking, codes };
}

async function onlyItem(bookingId: string): Promise<BookingItem> {
  const [item] = await itemsOf({ db: db() }, bookingId);
  if (!item) throw new Error(`booking ${bookingId} has no item`);
  return item;
}

const cancel = (booking: { reference: string; owner_token: string }) =>
  send("POST", `/v1/bookings/${booking.reference}/cancel`, undefined, {
    authorization: `Bearer ${booking.owner_token}`,
  });

const checkIn = (eventId: string, code: string) =>
  send(
    "POST",
    `/v1/events/${eventId}/check-ins`,
    { code, gate: "north-1" },
    { authorization: "Bearer test-admin-key" },
  );

const onItemCancelled = (item: BookingItem) => {
  const hook = events.onItemCancelled;
  if (!hook) throw new Error("events has no onItemCancelled");
  return hook({ db: db(), env, now: () => Date.now() }, item);
};

const ticketsOf = (reference: string) =>
  env.DB.prepare("SELECT status, voided_at FROM event_tickets WHERE booking_reference = ? ORDER BY position")
    .bind(reference)
    .all<{ status: string; voided_at: number | null }>()
    .then((r) => r.results);

const voidProblem = async (res: Response) => {
  const body = await problemOf(res);
  expect(body).toEqual({
    status: 409,
    code: "TICKET_VOID",
    detail: "This ticket was voided: its booking was cancelled.",
    ticket_id: expect.stringMatching(/^tkt_/),
  });
};

describe("tickets of a cancelled booking item", () => {
  it("are voided by the engine's own cancellation, with no direct call of the hook", async () => {
    const { eventId, booking, codes } = await bookedTickets(2);
    expect((await cancel(booking)).status).toBe(200);
    await expect
      .poll(() => ticketsOf(booking.reference))
      .toEqual([
        { status: "void", voided_at: expect.any(Number) },
        { status: "void", voided_at: expect.any(Number) },
      ]);
    await voidProblem(await checkIn(eventId, codes[0] ?? ""));
  });

  it("are voided by onItemCancelled, once, and refused at the door with TICKET_VOID, admitted or not", async () => {
    const { eventId, booking, codes } = await bookedTickets(2);
    const [admitted = "", unused = ""] = codes;
    expect((await checkIn(eventId, admitted)).status).toBe(201);
    expect((await cancel(booking)).status).toBe(200);
    const item = await onlyItem(booking.id);
    expect(item.status).toBe("cancelled");

    await onItemCancelled(item);
    const voided = await ticketsOf(booking.reference);
    expect(voided).toEqual([
      { status: "void", voided_at: expect.any(Number) },
      { status: "void", voided_at: expect.any(Number) },
    ]);
    // Idempotent: the engine may call it again (a retried cancellation); nothing changes.
    await onItemCancelled(item);
    expect(await ticketsOf(booking.reference)).toEqual(voided);

    await voidProblem(await checkIn(eventId, unused));
    await voidProblem(await checkIn(eventId, admitted));
  });

  it("stay valid when the hook is called for an item whose row is still active (a stale or mistaken call)", async () => {
    const { eventId, booking, codes } = await bookedTickets(1);
    const item = await onlyItem(booking.id);
    await onItemCancelled({ ...item, status: "cancelled" });
    expect(await ticketsOf(booking.reference)).toEqual([{ status: "valid", voided_at: null }]);
    expect((await checkIn(eventId, codes[0] ?? "")).status).toBe(201);
  });

  it("are refused at the door as soon as the item is cancelled, before the hook has voided them", async () => {
    const { eventId, booking, codes } = await bookedTickets(1);
    expect((await cancel(booking)).status).toBe(200);
    await voidProblem(await checkIn(eventId, codes[0] ?? ""));
  });
});
