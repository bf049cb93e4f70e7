/**
 * The events journey over HTTP (issue 9): find an event on sale in the seeded catalogue, hold one
 * ticket of a tier that sells now and refunds part or all of it today, book it, see the payment
 * queue confirm it, read the confirmation email (the ticket code, its QR image, the .ics), verify
 * the code offline with the published keys, check it in as the door (admin key), see a second
 * scan refused with when and where it was first scanned, then cancel with the refund the quote
 * gave first, and wait for the refund to settle.
 */
import { inflateSync } from "node:zlib";
import { z } from "zod";
import { verifyTicketCode } from "../../src/products/events/tickets/code.ts";
import { qrPng } from "../../src/products/events/tickets/qr.ts";
import { type Api, check, poll, SmokeFailure, show } from "./client.ts";
import { type EmailPart, emailParts, waitForEmail } from "./eml.ts";
import { CreatedBooking } from "./schemas.ts";
import type { DevStack } from "./stack.ts";

const Money = z.object({ amount_minor: z.number().int(), currency: z.string() });
const Sales = z.object({ status: z.string() });
const EventPage = z.object({
  data: z.array(z.object({ id: z.string(), name: z.string(), sold_out: z.boolean(), sales: Sales })),
});
const Tier = z.object({
  id: z.string(),
  name: z.string(),
  remaining: z.number().int(),
  sales: Sales,
  price: Money,
  refund_policy: z.object({ rules: z.array(z.object({ until: z.string(), refund_bps: z.number().int() })) }),
});
type Tier = z.infer<typeof Tier>;
const EventDetails = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  starts_at: z.string(),
  tiers: z.array(Tier),
});
const TicketHold = z.object({
  id: z.string(),
  product: z.literal("events"),
  event_id: z.string(),
  tier_id: z.string(),
  quantity: z.number().int(),
  status: z.string(),
  total_price: Money,
});
const TicketBooking = z.object({
  reference: z.string(),
  status: z.string(),
  items: z.array(z.object({ id: z.string(), product: z.string(), unit_id: z.string(), status: z.string() })).min(1),
  total_price: Money,
  payment: z.object({ state: z.string(), refunded: Money.nullable() }),
});
type TicketBooking = z.infer<typeof TicketBooking>;
const Jwks = z.object({
  keys: z.array(z.object({ kty: z.literal("OKP"), crv: z.literal("Ed25519"), x: z.string(), kid: z.string() })),
});
const Admission = z.object({
  ticket_id: z.string(),
  event_id: z.string(),
  booking_reference: z.string(),
  gate: z.string(),
  checked_in_at: z.string(),
});
const AlreadyCheckedIn = z.object({
  status: z.literal(409),
  code: z.literal("TICKET_ALREADY_CHECKED_IN"),
  detail: z.string(),
  ticket_id: z.string(),
  first_checked_in_at: z.string(),
  gate: z.string(),
});
const RefundQuote = z.object({
  refund: Money,
  items: z.array(z.object({ item_id: z.string(), refund: Money })),
});

export interface EventJourneyState {
  api: Api;
  stack: DevStack;
  contact: string;
  event?: { id: string; name: string; startsAt: string; tier: Tier; refundBps: number };
  holdId?: string;
  booking?: CreatedBooking;
  itemId?: string;
  ticket?: { id: string; code: string };
  admission?: z.infer<typeof Admission>;
  quote?: number;
}

const need = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new SmokeFailure(`${what} is missing: an earlier step did not run`);
  return value;
};

/** A quote taken now still applies a few minutes later, when the cancellation runs. */
const POLICY_MARGIN_MS = 15 * 60_000;

/** The share of the price the tier's policy refunds at `at`: the first rule whose deadline is later. */
function refundBpsAt(tier: Tier, at: number): number {
  return tier.refund_policy.rules.find((r) => Date.parse(r.until) > at)?.refund_bps ?? 0;
}

/**
 * The seed's cities each have events most days: the first week from tomorrow in London has some
 * on sale with a tier that still refunds something (so the cancellation has a refund to settle).
 */
export async function findEvent(s: EventJourneyState): Promise<string> {
  const from = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const to = new Date(Date.now() + 8 * 86_400_000).toISOString().slice(0, 10);
  const { body } = await s.api.call("GET", `/v1/events/search?place=LON&from=${from}&to=${to}&limit=50`, {
    expect: 200,
    schema: EventPage,
  });
  const now = Date.now();
  // No refund deadline within the margin: the share found now is the one the cancellation gets.
  const steady = (t: Tier) =>
    t.refund_policy.rules.every((r) => Date.parse(r.until) <= now || Date.parse(r.until) > now + POLICY_MARGIN_MS);
  const sells = (t: Tier) => t.sales.status === "open" && t.remaining >= 1 && steady(t) && refundBpsAt(t, now) > 0;
  for (const card of body.data.filter((c) => !c.sold_out && c.sales.status === "open")) {
    const { body: event } = await s.api.call("GET", `/v1/events/${card.id}`, { expect: 200, schema: EventDetails });
    const tier = event.tiers.find(sells);
    if (event.status === "scheduled" && tier) {
      const refundBps = refundBpsAt(tier, now);
      s.event = { id: event.id, name: event.name, startsAt: event.starts_at, tier, refundBps };
      return `${card.name} (${event.id}), tier ${tier.name}: ${tier.remaining} left, ${refundBps / 100} % refundable now`;
    }
  }
  throw new SmokeFailure(
    `no event on sale with a refundable tier in London between ${from} and ${to}`,
    show(body.data.length),
  );
}

export async function holdTicket(s: EventJourneyState): Promise<string> {
  const event = need(s.event, "the event");
  const body = { event_id: event.id, tier_id: event.tier.id, quantity: 1 };
  const { body: hold } = await s.api.call("POST", "/v1/holds", { expect: 201, schema: TicketHold, body });
  check(hold.status === "held" && hold.quantity === 1, "the ticket hold is not held", hold);
  s.holdId = hold.id;
  return `${hold.id}: 1 × ${hold.tier_id} on ${hold.event_id}, ${hold.total_price.amount_minor} ${hold.total_price.currency}`;
}

export async function bookTicket(s: EventJourneyState): Promise<string> {
  const body = {
    hold_id: need(s.holdId, "the ticket hold"),
    passengers: [{ given_name: "Ada", family_name: "Lovelace" }],
    contact: { email: s.contact },
    payment: { method: "card", token: "tok_success" },
  };
  const { body: booking } = await s.api.call("POST", "/v1/bookings", { expect: 202, schema: CreatedBooking, body });
  s.booking = booking;
  return `${booking.reference}: 202 ${booking.status}`;
}

function readBooking(s: EventJourneyState): Promise<TicketBooking> {
  const booking = need(s.booking, "the ticket booking");
  const headers = { authorization: `Bearer ${booking.owner_token}` };
  return s.api
    .call("GET", `/v1/bookings/${booking.reference}`, { expect: 200, schema: TicketBooking, headers })
    .then((r) => r.body);
}

async function waitFor(s: EventJourneyState, from: string, to: string): Promise<TicketBooking> {
  const read = await poll(`the ticket booking leaving ${from}`, 20_000, async () => {
    const body = await readBooking(s);
    return { done: body.status !== from, value: body };
  });
  check(read.status === to, `the ticket booking went from ${from} to ${read.status}, expected ${to}`, read);
  return read;
}

export async function ticketConfirmed(s: EventJourneyState): Promise<string> {
  const read = await waitFor(s, "pending_payment", "confirmed");
  const item = read.items[0];
  check(read.items.length === 1 && item?.product === "events", "the booking is not one event item", read);
  s.itemId = item.id;
  return `${read.reference} confirmed by the payment queue consumer (item ${item.id})`;
}

/** RFC 5545 §3.1: a line continues on the next one that starts with a space or a tab. */
const unfold = (ics: string) => ics.replace(/\r?\n[ \t]/g, "");
const icsText = (value: string) => value.replace(/\\([,;\\])/g, "$1").replace(/\\n/gi, "\n");
const icsUtc = (iso: string) => `${new Date(iso).toISOString().replace(/[-:]/g, "").slice(0, 15)}Z`;

/** The image data of a PNG (its IDAT chunks, inflated): equal pictures whatever deflate wrote them. */
function pngPixels(png: Uint8Array): Buffer {
  const bytes = Buffer.from(png);
  check(bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), "not a PNG");
  const idat: Buffer[] = [];
  for (let at = 8; at + 8 <= bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    if (bytes.toString("latin1", at + 4, at + 8) === "IDAT") idat.push(bytes.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  return inflateSync(Buffer.concat(idat));
}

const partType = (p: EmailPart) => (p.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();

/**
 * The confirmation email (the .eml the local send_email binding wrote): its text names the ticket
 * code, an inline PNG shows that very code as a QR image, and a calendar file adds the event.
 */
export async function ticketEmail(s: EventJourneyState, from: number): Promise<string> {
  const booking = need(s.booking, "the ticket booking");
  const event = need(s.event, "the event");
  const query = {
    subjectStartsWith: "Booking confirmed: ",
    contains: `Booking reference: ${booking.reference}`,
    to: s.contact,
  };
  const email = await waitForEmail(s.stack, query, 15_000, from);
  const codes = [...email.text.matchAll(/^Ticket 1 of 1: ([A-Za-z0-9_-]+)\s*$/gm)].map((m) => m[1]);
  const code = codes[0];
  check(codes.length === 1 && code, "the confirmation does not name exactly one ticket code", email.text);
  const parts = emailParts(email.file);

  const images = parts.filter((p) => partType(p) === "image/png");
  check(images.length === 1, `the confirmation has ${images.length} PNG images, expected one QR code`, email.file);
  const image = images[0] as EmailPart;
  const ticketId = /^<qr-(tkt_[A-Za-z0-9]+)@tickets\.edgefare>$/.exec(image.headers.get("content-id") ?? "")?.[1];
  check(ticketId, "the QR image has no ticket Content-ID", [...image.headers]);
  check(
    pngPixels(image.bytes).equals(pngPixels(await qrPng(code))),
    "the QR image does not show the ticket code",
    email.file,
  );

  const calendars = parts.filter((p) => partType(p) === "text/calendar");
  check(calendars.length === 1, `the confirmation has ${calendars.length} calendar files, expected one`, email.file);
  const ics = unfold((calendars[0] as EmailPart).bytes.toString("utf8"));
  const field = (name: string) => new RegExp(`^${name}(?:;[^:]*)?:(.*)$`, "m").exec(ics)?.[1]?.trim();
  check(field("METHOD") === "PUBLISH" && ics.includes("BEGIN:VEVENT"), "the calendar file adds no event", ics);
  check(field("UID") === `${need(s.itemId, "the booking item")}@edgefare`, "the calendar UID is not the item's", ics);
  check(field("DTSTART") === icsUtc(event.startsAt), `DTSTART is not the event's start ${event.startsAt}`, ics);
  check(icsText(field("SUMMARY") ?? "").startsWith(event.name), "the calendar SUMMARY does not name the event", ics);

  s.ticket = { id: ticketId, code };
  return `"${email.subject}": ticket ${ticketId}, its code in the text and as a QR PNG (same modules), .ics UID ${field("UID")}`;
}

/** A door app's check before the doors open: the code verifies offline with the published keys; an altered one does not. */
export async function ticketOffline(s: EventJourneyState): Promise<string> {
  const ticket = need(s.ticket, "the ticket");
  const { body: jwks } = await s.api.call("GET", "/v1/events/ticket-keys", { expect: 200, schema: Jwks });
  const verified = await verifyTicketCode(ticket.code, jwks);
  check(verified.ok, "the ticket code does not verify with the published keys", verified);
  const { claims } = verified;
  const reference = need(s.booking, "the ticket booking").reference;
  check(
    claims.ticketId === ticket.id &&
      claims.eventId === need(s.event, "the event").id &&
      claims.bookingReference === reference,
    "the code's claims are not this ticket's",
    claims,
  );
  // One character changed in the middle of the payload: the signature no longer matches.
  const at = Math.floor(ticket.code.length / 3);
  const altered = ticket.code.slice(0, at) + (ticket.code[at] === "A" ? "B" : "A") + ticket.code.slice(at + 1);
  const forged = await verifyTicketCode(altered, jwks);
  check(!forged.ok, "an altered ticket code verifies", forged);
  return `verified offline with key ${claims.kid} (holder ${claims.holderInitials}); an altered code: ${forged.reason}`;
}

function scan(s: EventJourneyState, gate: string) {
  const event = need(s.event, "the event");
  const headers = {
    authorization: `Bearer ${s.stack.options.adminKey}`,
    "idempotency-key": `smoke-scan-${crypto.randomUUID()}`,
  };
  const body = { code: need(s.ticket, "the ticket").code, gate };
  return { path: `/v1/events/${event.id}/check-ins`, opts: { body, headers } };
}

export async function checkIn(s: EventJourneyState): Promise<string> {
  const { path, opts } = scan(s, "north-1");
  const { body } = await s.api.call("POST", path, { ...opts, expect: 201, schema: Admission });
  check(body.ticket_id === need(s.ticket, "the ticket").id && body.gate === "north-1", "another admission", body);
  s.admission = body;
  return `${body.ticket_id} admitted at ${body.gate}, ${body.checked_in_at} (the admin key, as the door)`;
}

export async function secondScan(s: EventJourneyState): Promise<string> {
  const first = need(s.admission, "the first admission");
  const { path, opts } = scan(s, "south-2");
  const { body } = await s.api.call("POST", path, { ...opts, expect: 409, schema: AlreadyCheckedIn });
  check(
    body.first_checked_in_at === first.checked_in_at && body.gate === first.gate && body.ticket_id === first.ticket_id,
    "the refusal does not say when and where the ticket was first scanned",
    body,
  );
  return `409 ${body.code}: "${body.detail}"`;
}

/** The refund quote first: it must be what the tier's published policy says for today. */
export async function refundQuote(s: EventJourneyState): Promise<string> {
  const booking = need(s.booking, "the ticket booking");
  const event = need(s.event, "the event");
  const headers = { authorization: `Bearer ${booking.owner_token}` };
  const { body } = await s.api.call("GET", `/v1/bookings/${booking.reference}/refund-quote`, {
    expect: 200,
    schema: RefundQuote,
    headers,
  });
  const expected = Math.floor((booking.total_price.amount_minor * event.refundBps) / 10_000);
  check(
    body.refund.amount_minor === expected && expected > 0,
    `the quote refunds ${body.refund.amount_minor}, the tier's policy says ${expected} (${event.refundBps / 100} %)`,
    body,
  );
  s.quote = body.refund.amount_minor;
  return `cancelling now refunds ${expected} of ${booking.total_price.amount_minor} ${booking.total_price.currency} (minor), ${event.refundBps / 100} % as the tier's policy says`;
}

export async function cancelTicket(s: EventJourneyState): Promise<string> {
  const booking = need(s.booking, "the ticket booking");
  const quote = need(s.quote, "the refund quote");
  const headers = {
    authorization: `Bearer ${booking.owner_token}`,
    "idempotency-key": `smoke-event-cancel-${booking.id}`,
  };
  const { body } = await s.api.call("POST", `/v1/bookings/${booking.reference}/cancel`, {
    expect: 200,
    schema: TicketBooking,
    headers,
  });
  check(body.status === "cancelled" || body.status === "refunded", `cancelling answered ${body.status}`, body);
  const refunded = body.status === "refunded" ? body : await waitFor(s, "cancelled", "refunded");
  check(refunded.payment.refunded?.amount_minor === quote, "the settled refund is not the quoted one", refunded);
  return `${booking.reference} refunded ${quote} (minor), as quoted; payment ${refunded.payment.state}`;
}
