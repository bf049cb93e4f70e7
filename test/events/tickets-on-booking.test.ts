import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { itemsOf } from "../../src/bookings/items";
import { createDb } from "../../src/db/client";
import { events } from "../../src/products/events";
import { verifyTicketCode } from "../../src/products/events/tickets/code";
import { ticketJwks } from "../../src/products/events/tickets/keys";
import { problemOf, signIn } from "../support/accounts";
import { api } from "../support/app-client";
import { API, chargeJobFor, deliver } from "../support/bookings";
import { insertEventUnit } from "../support/event-units";
import { uniqueCaller } from "../support/limited-app";

function send(method: string, path: string, body?: object, headers: Record<string, string> = {}) {
  return api(`${API}${path}`, {
    method,
    headers: { "content-type": "application/json", "cf-connecting-ip": uniqueCaller().ip, ...headers },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

/** A confirmed booking of `quantity` tickets to a fresh event, made over HTTP as a traveller would. */
async function confirmedTickets(quantity: number, contact = "ada@example.com") {
  const fx = await insertEventUnit(env.DB, { tiers: [{ id: "tier_ga", capacity: 20, maxPerOrder: 4 }] });
  const held = await send("POST", "/v1/holds", { event_id: fx.id, tier_id: "tier_ga", quantity });
  const hold = await held.json<{ id: string }>();
  const res = await send("POST", "/v1/bookings", {
    hold_id: hold.id,
    // One name per ticket works before and after interface 2 (events: 1..tickets travellers).
    passengers: Array.from({ length: quantity }, () => ({ given_name: "Ada", family_name: "Lovelace" })),
    contact: { email: contact },
    payment: { method: "card", token: "tok_success" },
  });
  expect(res.status).toBe(202);
  const booking = await res.json<{ id: string; reference: string; owner_token: string }>();
  await deliver([await chargeJobFor(booking.id)]);
  const [item] = await itemsOf({ db: createDb(env.DB) }, booking.id);
  if (!item) throw new Error("no item");
  return { fx, booking, item };
}

const extras = (item: Parameters<NonNullable<typeof events.confirmationExtras>>[1], reference: string) => {
  const confirmationExtras = events.confirmationExtras;
  if (!confirmationExtras) throw new Error("events has no confirmationExtras");
  return confirmationExtras({ db: createDb(env.DB), env, now: () => Date.now() }, item, {
    id: "bkg_x",
    reference,
    leadTraveller: "Ada Lovelace",
  });
};

describe("an event booking's confirmation extras", () => {
  it("issue one signed ticket per ticket bought, once: the codes as details and an inline QR image each", async () => {
    const { fx, booking, item } = await confirmedTickets(3);
    const first = await extras(item, booking.reference);
    expect(first.details.map(([label]) => label)).toEqual(["Ticket 1 of 3", "Ticket 2 of 3", "Ticket 3 of 3"]);
    expect(first.attachments.map((a) => [a.contentType, a.disposition, a.filename])).toEqual([
      ["image/png", "inline", "ticket-1.png"],
      ["image/png", "inline", "ticket-2.png"],
      ["image/png", "inline", "ticket-3.png"],
    ]);
    for (const [, code] of first.details) {
      const verified = await verifyTicketCode(code, ticketJwks(env));
      expect(verified).toMatchObject({
        ok: true,
        claims: { eventId: fx.id, tierId: "tier_ga", bookingReference: booking.reference, holderInitials: "AL" },
      });
    }
    // A retried confirmation finds the same tickets: nothing new is written.
    const again = await extras(item, booking.reference);
    expect(again.details).toEqual(first.details);
    const count = await env.DB.prepare("SELECT count(*) AS n FROM event_tickets WHERE item_id = ?")
      .bind(item.id)
      .first<{ n: number }>();
    expect(count).toEqual({ n: 3 });
  });

  it("have nothing for a cancelled item", async () => {
    const { booking, item } = await confirmedTickets(1);
    expect(await extras({ ...item, status: "cancelled" }, booking.reference)).toEqual({ details: [], attachments: [] });
  });
});

describe("GET /v1/events/tickets/{id}/qr.svg", () => {
  it("answers the ticket's QR image to its booking's owner token or a session of the booking's address, and 404 to anyone else", async () => {
    const contact = `owner.${crypto.randomUUID().slice(0, 6)}@example.com`;
    const { booking, item } = await confirmedTickets(1, contact.replace("owner", "Owner"));
    const [[, code] = ["", ""]] = (await extras(item, booking.reference)).details;
    const ticket = await env.DB.prepare("SELECT id FROM event_tickets WHERE code = ?")
      .bind(code)
      .first<{ id: string }>();
    const path = `/v1/events/tickets/${ticket?.id}/qr.svg`;

    const byToken = await send("GET", path, undefined, { authorization: `Bearer ${booking.owner_token}` });
    expect(byToken.status).toBe(200);
    expect(byToken.headers.get("content-type")).toBe("image/svg+xml");
    expect(await byToken.text()).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);

    const owner = await signIn(contact);
    expect((await send("GET", path, undefined, { authorization: owner.bearer })).status).toBe(200);

    const notFound = {
      status: 404,
      code: "TICKET_NOT_FOUND",
      detail: `No ticket '${ticket?.id}' in a booking of yours.`,
    };
    const stranger = await signIn();
    expect(await problemOf(await send("GET", path, undefined, { authorization: stranger.bearer }))).toEqual(notFound);
    const wrongToken = `Bearer own_${"x".repeat(43)}`;
    expect(await problemOf(await send("GET", path, undefined, { authorization: wrongToken }))).toEqual(notFound);
    expect(await problemOf(await send("GET", path))).toEqual({
      status: 401,
      code: "UNAUTHENTICATED",
      detail:
        "Send the booking's owner token as Authorization: Bearer <owner_token>, or sign in with the booking's address.",
    });
  });
});

describe("GET /v1/events/bookings/{reference}/tickets", () => {
  const list = (reference: string, authorization?: string) =>
    send("GET", `/v1/events/bookings/${reference}/tickets`, undefined, authorization ? { authorization } : {});

  it("lists a confirmed booking's tickets to its owner, issued on first ask, the same codes the confirmation sends", async () => {
    const contact = `lister.${crypto.randomUUID().slice(0, 6)}@example.com`;
    const { fx, booking, item } = await confirmedTickets(2, contact);
    const res = await list(booking.reference.toLowerCase(), `Bearer ${booking.owner_token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const { data } = await res.json<{ data: { id: string; code: string }[] }>();
    expect(data).toEqual(
      [1, 2].map((position) => ({
        id: expect.stringMatching(/^tkt_/),
        event_id: fx.id,
        tier_id: "tier_ga",
        position,
        status: "valid",
        code: expect.any(String),
        holder_initials: "AL",
        qr_svg: `/v1/events/tickets/${data[position - 1]?.id}/qr.svg`,
      })),
    );
    const emailed = await extras(item, booking.reference);
    expect(emailed.details.map(([, code]) => code)).toEqual(data.map((t) => t.code));
    const owner = await signIn(contact);
    expect((await list(booking.reference, owner.bearer)).status).toBe(200);
  });

  it("answers 404 to anyone but the owner, 401 without a credential, and lists a cancelled booking's tickets as void", async () => {
    const { booking } = await confirmedTickets(1);
    const notFound = { status: 404, code: "BOOKING_NOT_FOUND", detail: `No booking '${booking.reference}' of yours.` };
    const stranger = await signIn();
    expect(await problemOf(await list(booking.reference, stranger.bearer))).toEqual(notFound);
    expect(await problemOf(await list(booking.reference, `Bearer own_${"x".repeat(43)}`))).toEqual(notFound);
    expect(await problemOf(await list(booking.reference))).toMatchObject({ status: 401, code: "UNAUTHENTICATED" });
    const owner = `Bearer ${booking.owner_token}`;
    expect((await list(booking.reference, owner)).status).toBe(200);
    const cancelled = await send("POST", `/v1/bookings/${booking.reference}/cancel`, undefined, {
      authorization: owner,
    });
    expect(cancelled.status).toBe(200);
    const { data } = await (await list(booking.reference, owner)).json<{ data: { status: string }[] }>();
    expect(data.map((t) => t.status)).toEqual(["void"]);
  });
});

describe("check-in at the event's doors", () => {
  it("is for the event's organiser and admins, not another organiser", async () => {
    const { fx, booking, item } = await confirmedTickets(2);
    const [[, first = ""] = [], [, second = ""] = []] = (await extras(item, booking.reference)).details;
    const organiser = await signIn(undefined, "organiser");
    const other = await signIn(undefined, "organiser");
    await env.DB.prepare("INSERT INTO inventory_owners (unit_id, account_id, created_at) VALUES (?, ?, 0)")
      .bind(fx.id, organiser.accountId)
      .run();
    const checkIn = (code: string, authorization: string) =>
      send("POST", `/v1/events/${fx.id}/check-ins`, { code, gate: "north-1" }, { authorization });
    expect(await problemOf(await checkIn(first, other.bearer))).toEqual({
      status: 403,
      code: "FORBIDDEN",
      detail: "Organisers may change only the inventory assigned to them.",
    });
    expect((await checkIn(first, organiser.bearer)).status).toBe(201);
    expect((await checkIn(second, "Bearer test-admin-key")).status).toBe(201);
  });
});
