/**
 * A traveller's journey over HTTP: search (twice more from the cache), hold, book, confirmation
 * by the real payment queue, the confirmation email, cancellation and refund, with the seat count
 * checked at each turn.
 */
import path from "node:path";
import { type Api, check, poll, SmokeFailure } from "./client.ts";
import { emailsContaining, waitForEmail } from "./eml.ts";
import { Booking, CreatedBooking, Departure, Health, Hold, type Offer, SearchPage } from "./schemas.ts";
import type { DevStack } from "./stack.ts";

export interface Trip {
  origin: string;
  destination: string;
  date: string;
  passengers: number;
}

export interface JourneyState {
  api: Api;
  stack: DevStack;
  trip: Trip;
  contact: string;
  firstSearch?: SearchPage;
  offer?: Offer;
  seatsBefore?: number;
  hold?: { key: string; body: Record<string, unknown>; id: string };
  booking?: CreatedBooking;
  bookmark?: string;
}

const TRAVELLERS = [
  { given_name: "Ada", family_name: "Müller" },
  { given_name: "Grace", family_name: "Hopper" },
];
/** Folded on lookup: case and accents do not matter. */
const LOOKUP_NAME = "MULLER";

export function searchPath(trip: Trip): string {
  const q = new URLSearchParams({ ...trip, passengers: String(trip.passengers) });
  return `/v1/search?${q}`;
}

export const search = (s: JourneyState) => s.api.call("GET", searchPath(s.trip), { expect: 200, schema: SearchPage });

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new SmokeFailure(`${what} is missing: an earlier step did not run`);
  return value;
}

export async function health(s: JourneyState): Promise<string> {
  const { body } = await s.api.call("GET", "/health", { expect: 200, schema: Health });
  const bindings = Object.entries(body.bindings).map(([name, b]) => `${name} ${b.status}`);
  const wanted = s.stack.options.redis ? ["d1", "kv", "redis"] : ["d1", "kv"];
  check(body.status === "ok", `health says ${body.status}`, body);
  for (const name of wanted) check(body.bindings[name]?.status === "ok", `binding ${name} is not ok`, body);
  return bindings.join(", ");
}

export async function firstSearch(s: JourneyState): Promise<string> {
  const { body } = await search(s);
  check(body.meta.tier === "origin", `first search answered from ${body.meta.tier}, expected origin (D1)`, body.meta);
  const soon = Date.now() + 2 * 3600_000;
  const offer = body.data.find((o) => o.seats_left >= s.trip.passengers && Date.parse(o.departs_at) > soon);
  check(offer, `no offer with ${s.trip.passengers} seats departing in more than 2 h`, body);
  s.firstSearch = body;
  s.offer = offer;
  return `${s.trip.origin}→${s.trip.destination} ${s.trip.date}: ${body.meta.total} offers, tier origin`;
}

export async function repeatSearch(s: JourneyState): Promise<string> {
  const first = need(s.firstSearch, "the first search");
  const ids = (p: SearchPage) => p.data.map((o) => o.id).join(",");
  for (const attempt of [2, 3]) {
    const { body } = await search(s);
    check(
      body.meta.tier === "memory",
      `search #${attempt} answered from ${body.meta.tier}, expected memory`,
      body.meta,
    );
    check(body.meta.as_of === first.meta.as_of, `search #${attempt} has another as_of than the first`, body.meta);
    check(ids(body) === ids(first), `search #${attempt} lists other offers than the first`, body);
  }
  return `searches #2 and #3: tier memory, same as_of and offers`;
}

async function seatsAvailable(s: JourneyState): Promise<number> {
  const offer = need(s.offer, "the offer");
  const { body } = await s.api.call("GET", `/v1/departures/${offer.departure_id}`, { expect: 200, schema: Departure });
  const fare = body.fares.find((f) => f.cabin === offer.fare_class);
  check(fare, `departure ${offer.departure_id} has no ${offer.fare_class} fare`, body);
  return fare.seats_available;
}

/** Seat counts reach D1 after the departure's object publishes them: wait for the expected one. */
export async function expectSeats(s: JourneyState, expected: number): Promise<string> {
  const seats = await poll(`${expected} seats available`, 10_000, async () => {
    const value = await seatsAvailable(s);
    return { done: value === expected, value };
  });
  return `${seats} seats available`;
}

export async function hold(s: JourneyState): Promise<string> {
  const offer = need(s.offer, "the offer");
  s.seatsBefore = await seatsAvailable(s);
  const key = `smoke-hold-${crypto.randomUUID()}`;
  const body = { departure_id: offer.departure_id, cabin: offer.fare_class, passengers: s.trip.passengers };
  const headers = { "idempotency-key": key };
  const first = await s.api.call("POST", "/v1/holds", { expect: 201, schema: Hold, body, headers });
  check(first.body.status === "held" && first.body.seats === s.trip.passengers, "the hold is not held", first.body);
  const again = await s.api.call("POST", "/v1/holds", { expect: 201, schema: Hold, body, headers });
  check(again.headers.get("idempotent-replayed") === "true", "a retry with the same Idempotency-Key was not replayed");
  check(again.body.id === first.body.id, "the replay answered another hold", again.body);
  s.hold = { key, body, id: first.body.id };
  return `${first.body.id}: ${first.body.seats} × ${offer.fare_class} on ${offer.departure_id} (${s.seatsBefore} seats before), retry replayed`;
}

export async function book(s: JourneyState): Promise<string> {
  const held = need(s.hold, "the hold");
  const body = {
    hold_id: held.id,
    passengers: TRAVELLERS.slice(0, s.trip.passengers),
    contact: { email: s.contact },
    payment: { method: "card", token: "tok_success" },
  };
  const headers = { "idempotency-key": `smoke-book-${crypto.randomUUID()}` };
  const res = await s.api.call("POST", "/v1/bookings", { expect: 202, schema: CreatedBooking, body, headers });
  check(res.body.status === "pending_payment", `a new booking is ${res.body.status}`, res.body);
  check(res.headers.get("location") === `/v1/bookings/${res.body.reference}`, "no Location header for the booking");
  s.booking = res.body;
  s.bookmark = res.headers.get("x-d1-bookmark") ?? undefined;
  return `${res.body.reference}: 202 pending_payment, ${money(res.body.total_price)}`;
}

export function lookup(s: JourneyState) {
  const booking = need(s.booking, "the booking");
  const headers: Record<string, string> = s.bookmark ? { "x-d1-bookmark": s.bookmark } : {};
  const path = `/v1/bookings/${booking.reference}?family_name=${encodeURIComponent(LOOKUP_NAME)}`;
  return s.api.call("GET", path, { expect: 200, schema: Booking, headers });
}

/** Polls the booking until it leaves `from` (bounded), then insists on `to`. */
export async function waitForStatus(s: JourneyState, from: string, to: string): Promise<Booking> {
  const booking = await poll(`booking leaving ${from}`, 20_000, async () => {
    const { body } = await lookup(s);
    return { done: body.status !== from, value: body };
  });
  check(booking.status === to, `the booking went from ${from} to ${booking.status}, expected ${to}`, booking);
  return booking;
}

export async function confirmed(s: JourneyState): Promise<string> {
  const booking = await waitForStatus(s, "pending_payment", "confirmed");
  check(booking.payment.state === "succeeded", `confirmed with payment ${booking.payment.state}`, booking);
  const seats = await expectSeats(s, need(s.seatsBefore, "the seat count") - s.trip.passengers);
  return `confirmed by the payment queue consumer, payment succeeded; ${seats}`;
}

export async function email(s: JourneyState, subject: string, from: number): Promise<string> {
  const reference = need(s.booking, "the booking").reference;
  const query = { subjectStartsWith: subject, contains: `Booking reference: ${reference}`, to: s.contact };
  const found = await waitForEmail(s.stack, query, 15_000, from);
  return `"${found.subject}" → ${found.to} (${path.relative(process.cwd(), found.file)})`;
}

/** The whole journey wrote exactly these emails for the booking: none lost, none twice. */
export async function allEmails(s: JourneyState): Promise<string> {
  const reference = need(s.booking, "the booking").reference;
  const subjects = emailsContaining(s.stack, `Booking reference: ${reference}`).map((e) => e.subject);
  const expected = ["Booking confirmed: ", "Reminder: ", "Booking cancelled: "];
  const each = expected.map((prefix) => subjects.filter((subject) => subject.startsWith(prefix)).length);
  check(
    subjects.length === expected.length && each.every((n) => n === 1),
    "not exactly one email of each kind",
    subjects,
  );
  return `exactly ${subjects.length} emails for ${reference}: confirmation, reminder, cancellation`;
}

export async function cancel(s: JourneyState): Promise<string> {
  const booking = need(s.booking, "the booking");
  const headers = { authorization: `Bearer ${booking.owner_token}`, "idempotency-key": `smoke-cancel-${booking.id}` };
  const path = `/v1/bookings/${booking.reference}/cancel`;
  const { body } = await s.api.call("POST", path, { expect: 200, schema: Booking, headers });
  check(body.status === "cancelled" || body.status === "refunded", `cancelling answered ${body.status}`, body);
  return `${booking.reference} ${body.status} (owner token), payment ${body.payment.state}`;
}

export async function refunded(s: JourneyState): Promise<string> {
  const booking = await waitForStatus(s, "cancelled", "refunded");
  check(booking.payment.state === "refunded", `refunded with payment ${booking.payment.state}`, booking);
  const refund = booking.payment.refunded;
  check(
    refund && refund.amount_minor === booking.total_price.amount_minor,
    "the refund is not the full price",
    booking,
  );
  const seats = await expectSeats(s, need(s.seatsBefore, "the seat count"));
  const kinds = booking.timeline.map((e) => e.kind);
  for (const status of ["confirmed", "cancelled", "refunded"]) {
    check(kinds.filter((k) => k === status).length === 1, `the timeline does not enter ${status} exactly once`, kinds);
  }
  check(kinds.indexOf("confirmed") < kinds.indexOf("cancelled"), "the timeline is out of order", kinds);
  check(kinds.indexOf("cancelled") < kinds.indexOf("refunded"), "the timeline is out of order", kinds);
  return `refunded ${money(refund)} in full; ${seats} again; timeline ${kinds.join(" → ")}`;
}

function money(m: { amount_minor: number; currency: string }): string {
  const format = new Intl.NumberFormat("en", { style: "currency", currency: m.currency });
  return format.format(m.amount_minor / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}
