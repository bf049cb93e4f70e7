/**
 * A trip's journey over HTTP: a connecting itinerary from search (one change), a night in a hotel
 * and a concert ticket, held as ONE trip (POST /v1/trips), booked with one charge, confirmed item by
 * item, one confirmation email listing every item with a calendar entry each, then one item (the
 * night) cancelled after reading its refund quote, and that refund settled. Everything sells in
 * pounds: a trip is paid in one currency, so the stay and the concert are in London and the
 * itinerary leaves from Britain (Dover → Paris, changing in London).
 */
import { z } from "zod";
import { type Api, check, poll, SmokeFailure, show } from "./client.ts";
import { waitForEmail } from "./eml.ts";
import { Booking, CreatedBooking, StaySearch } from "./schemas.ts";
import type { DevStack } from "./stack.ts";

const Money = z.object({ amount_minor: z.number().int(), currency: z.string() });
const Itineraries = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      connections: z.number().int(),
      seats_left: z.number().int(),
      departs_at: z.string(),
      segments: z.array(
        z.object({
          departure_id: z.string(),
          origin: z.object({ code: z.string() }),
          destination: z.object({ code: z.string() }),
        }),
      ),
      price: z.object({ total: Money }),
    }),
  ),
});
const EventPage = z.object({
  data: z.array(
    z.object({ id: z.string(), name: z.string(), sold_out: z.boolean(), sales: z.object({ status: z.string() }) }),
  ),
});
const EventDetails = z.object({
  id: z.string(),
  status: z.string(),
  local_date: z.string(),
  currency: z.string(),
  tiers: z.array(z.object({ id: z.string(), remaining: z.number().int(), sales: z.object({ status: z.string() }) })),
});
const Trip = z.object({
  id: z.string(),
  status: z.string(),
  items: z.array(
    z.object({
      index: z.number().int(),
      unit_id: z.string(),
      hold: z.object({ id: z.string(), product: z.string(), status: z.string(), total_price: Money }).nullable(),
    }),
  ),
  total_price: Money.nullable(),
  expires_at: z.string().nullable(),
  booking_id: z.string().nullable(),
});
type Trip = z.infer<typeof Trip>;
const TripBooking = Booking.extend({
  items: z
    .array(
      z.object({
        id: z.string(),
        product: z.string(),
        unit_id: z.string(),
        title: z.string(),
        status: z.string(),
        refund: Money.nullable(),
      }),
    )
    .min(1),
});
type TripBooking = z.infer<typeof TripBooking>;
const Quote = z.object({
  refund: Money,
  items: z.array(z.object({ item_id: z.string(), title: z.string(), refund: Money })),
});

export interface TripJourneyState {
  api: Api;
  stack: DevStack;
  contact: string;
  parts?: { itinerary: string; segments: number; stay: Record<string, unknown>; event: Record<string, unknown> };
  trip?: Trip;
  booking?: CreatedBooking;
  /** The booking as read once confirmed: its items' ids and titles (each lookup spends the shared budget). */
  confirmed?: TripBooking;
  cancelled?: { itemId: string; title: string; quoted: number };
}

const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const nextDay = (date: string) => day(Date.parse(`${date}T00:00:00Z`) + DAY);
const TRAVELLER = [{ given_name: "Nadia", family_name: "Boulanger" }];

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new SmokeFailure(`${what} is missing: an earlier step did not run`);
  return value;
}

/** A London concert with a ticket on sale, a room that night cancellable for free, and an itinerary the day after. */
export async function findParts(s: TripJourneyState): Promise<string> {
  const event = await findEvent(s);
  const night = event.date;
  const stay = await findStay(s, night);
  const itinerary = await findItinerary(s, nextDay(night));
  s.parts = {
    itinerary: itinerary.id,
    segments: itinerary.segments.length,
    stay: { ...stay, check_in: night, check_out: nextDay(night), rooms: 1, adults: 1, children: 0 },
    event: { event_id: event.id, tier_id: event.tier, quantity: 1 },
  };
  const route = itinerary.segments.map((g) => `${g.origin.code}>${g.destination.code}`).join(" ");
  return `${event.name} (${event.id}) on ${night}; a room at ${stay.property_id} that night; ${itinerary.id} (${route}) on ${nextDay(night)}`;
}

async function findEvent(s: TripJourneyState) {
  const from = day(Date.now() + 4 * DAY);
  const to = day(Date.now() + 11 * DAY);
  const { body } = await s.api.call("GET", `/v1/events/search?place=LON&from=${from}&to=${to}&limit=50`, {
    expect: 200,
    schema: EventPage,
  });
  for (const card of body.data.filter((c) => !c.sold_out && c.sales.status === "open")) {
    const { body: event } = await s.api.call("GET", `/v1/events/${card.id}`, { expect: 200, schema: EventDetails });
    const tier = event.tiers.find((t) => t.sales.status === "open" && t.remaining >= 1);
    if (event.status === "scheduled" && event.currency === "GBP" && tier) {
      return { id: event.id, name: card.name, tier: tier.id, date: event.local_date };
    }
  }
  throw new SmokeFailure(`no event on sale in London between ${from} and ${to}`, show(body.data.length));
}

/** Free cancellation for more than an hour: the night is the item cancelled later, refunded in full. */
async function findStay(s: TripJourneyState, night: string) {
  const q = new URLSearchParams({ place: "LON", check_in: night, check_out: nextDay(night), adults: "1" });
  const { body } = await s.api.call("GET", `/v1/stays/search?${q}`, { expect: 200, schema: StaySearch });
  const fits = (r: (typeof body.data)[number]["rooms"][number]) =>
    r.rooms_left >= 1 &&
    r.cancellation.free_until !== null &&
    Date.parse(r.cancellation.free_until) > Date.now() + 3600_000;
  const property = body.data.find((p) => p.rooms.some(fits));
  const room = property?.rooms.find(fits);
  check(property && room, `no stay in London on ${night} with a room left and free cancellation`, body);
  return { property_id: property.id, room_type_id: room.room_type_id };
}

/** Dover has no direct service to Paris: search composes itineraries changing in London. */
async function findItinerary(s: TripJourneyState, date: string) {
  const q = new URLSearchParams({ origin: "DVR", destination: "PAR", date, passengers: "1", max_connections: "1" });
  const { body } = await s.api.call("GET", `/v1/search?${q}`, { expect: 200, schema: Itineraries });
  const itinerary = body.data.find((o) => o.connections === 1 && o.seats_left >= 1 && o.segments.length === 2);
  check(itinerary, `no itinerary with one connection from Dover to Paris on ${date}`, body);
  return itinerary;
}

export async function holdTrip(s: TripJourneyState): Promise<string> {
  const parts = need(s.parts, "the trip's parts");
  const body = { items: [{ itinerary_id: parts.itinerary, passengers: 1 }, parts.stay, parts.event] };
  const headers = { "idempotency-key": `smoke-trip-${crypto.randomUUID()}` };
  const first = await s.api.call("POST", "/v1/trips", { expect: 201, schema: Trip, body, headers });
  const trip = first.body;
  const products = trip.items.map((i) => i.hold?.product);
  check(trip.status === "held", `a new trip is ${trip.status}`, trip);
  check(
    trip.items.length === parts.segments + 2 && trip.items.every((i) => i.hold?.status === "held"),
    "not every item of the trip is held",
    trip,
  );
  check(
    products.filter((p) => p === "departures").length === parts.segments &&
      products.includes("stays") &&
      products.includes("events"),
    "the trip does not hold the itinerary's segments, a stay and an event",
    trip,
  );
  const sum = trip.items.reduce((total, i) => total + (i.hold?.total_price.amount_minor ?? 0), 0);
  check(trip.total_price?.amount_minor === sum, "the trip's total is not the sum of its holds", trip);
  const again = await s.api.call("POST", "/v1/trips", { expect: 201, schema: Trip, body, headers });
  check(again.body.id === trip.id, "a retry with the same Idempotency-Key answered another trip", again.body);
  const read = await s.api.call("GET", `/v1/trips/${trip.id}`, { expect: 200, schema: Trip });
  check(
    read.body.status === "held" && read.body.items.every((i) => i.hold?.status === "held"),
    "GET disagrees",
    read.body,
  );
  s.trip = trip;
  const total = trip.total_price;
  return `${trip.id}: ${trip.items.length} holds (${products.join(", ")}), ${total?.amount_minor} ${total?.currency} (minor), retry answered the same trip`;
}

export async function bookTrip(s: TripJourneyState): Promise<string> {
  const trip = need(s.trip, "the trip");
  const body = {
    passengers: TRAVELLER,
    contact: { email: s.contact },
    payment: { method: "card", token: "tok_success" },
  };
  const headers = { "idempotency-key": `smoke-trip-book-${trip.id}` };
  const res = await s.api.call("POST", `/v1/trips/${trip.id}/book`, {
    expect: 202,
    schema: CreatedBooking,
    body,
    headers,
  });
  check(res.body.status === "pending_payment", `a booked trip is ${res.body.status}`, res.body);
  check(
    res.body.total_price.amount_minor === trip.total_price?.amount_minor,
    "the booking's one charge is not the trip's total",
    { booking: res.body, trip },
  );
  const read = await s.api.call("GET", `/v1/trips/${trip.id}`, { expect: 200, schema: Trip });
  check(
    read.body.status === "booked" && read.body.booking_id === res.body.id,
    "the trip is not marked booked",
    read.body,
  );
  s.booking = res.body;
  return `${res.body.reference}: one booking, one charge of ${res.body.total_price.amount_minor} ${res.body.total_price.currency} (minor); trip booked`;
}

async function lookup(s: TripJourneyState): Promise<TripBooking> {
  const booking = need(s.booking, "the trip's booking");
  const { body } = await s.api.call("GET", `/v1/bookings/${booking.reference}`, {
    expect: 200,
    schema: TripBooking,
    headers: { authorization: `Bearer ${booking.owner_token}` },
  });
  return body;
}

export async function tripConfirmed(s: TripJourneyState): Promise<string> {
  const trip = need(s.trip, "the trip");
  const booking = await poll("the trip's booking leaving pending_payment", 20_000, async () => {
    const value = await lookup(s);
    return { done: value.status !== "pending_payment", value };
  });
  check(booking.status === "confirmed", `the trip's booking went to ${booking.status}, expected confirmed`, booking);
  check(booking.payment.state === "succeeded", `confirmed with payment ${booking.payment.state}`, booking);
  check(
    booking.items.length === trip.items.length && booking.items.every((i) => i.status === "active"),
    "not every item of the trip is booked and active",
    booking,
  );
  const units = booking.items.map((i) => i.unit_id).sort();
  check(
    units.join() ===
      trip.items
        .map((i) => i.unit_id)
        .sort()
        .join(),
    "the booking's items are not the trip's",
    {
      booking,
      trip,
    },
  );
  s.confirmed = booking;
  return `${booking.reference} confirmed: ${booking.items.map((i) => i.title).join(" + ")}`;
}

/** One confirmation, every item in its text and one calendar entry (VEVENT, own UID) per item. */
export async function tripEmail(s: TripJourneyState, from: number): Promise<string> {
  const booking = need(s.confirmed, "the confirmed booking");
  const query = {
    subjectStartsWith: "Booking confirmed: ",
    contains: `Booking reference: ${booking.reference}`,
    to: s.contact,
  };
  const email = await waitForEmail(s.stack, query, 15_000, from);
  const missing = booking.items.filter((i) => !email.text.includes(i.title)).map((i) => i.title);
  check(missing.length === 0, `the confirmation does not list ${missing.join(", ")}`, email.text);
  const uids = email.calendars.flatMap((ics) => [...ics.matchAll(/^UID:(.+)$/gm)].map((m) => m[1]?.trim()));
  const events = email.calendars.reduce((n, ics) => n + (ics.match(/^BEGIN:VEVENT\r?$/gm)?.length ?? 0), 0);
  check(
    events === booking.items.length && new Set(uids).size === booking.items.length,
    `${events} calendar entries (${new Set(uids).size} distinct) for ${booking.items.length} items`,
    email.calendars,
  );
  return `"${email.subject}": ${booking.items.length} items, ${email.calendars.length} .ics with ${events} entries`;
}

/** The night: its refund quote first, then the cancellation of that item alone, refunded by the quote. */
export async function cancelTripItem(s: TripJourneyState): Promise<string> {
  const booking = need(s.booking, "the trip's booking");
  const auth = { authorization: `Bearer ${booking.owner_token}` };
  const { body: quote } = await s.api.call("GET", `/v1/bookings/${booking.reference}/refund-quote`, {
    expect: 200,
    schema: Quote,
    headers: auth,
  });
  const before = need(s.confirmed, "the confirmed booking");
  const stay = before.items.find((i) => i.product === "stays");
  check(stay, "the trip's booking has no stay item", before);
  const quoted = quote.items.find((i) => i.item_id === stay.id)?.refund.amount_minor;
  check(quoted !== undefined && quoted > 0, "the quote refunds nothing for a night with free cancellation", quote);
  const path = `/v1/bookings/${booking.reference}/items/${stay.id}/cancel`;
  const headers = { ...auth, "idempotency-key": `smoke-trip-cancel-${stay.id}` };
  const { body: after } = await s.api.call("POST", path, { expect: 200, schema: TripBooking, headers });
  const states = after.items.map((i) => [i.id, i.status, i.refund?.amount_minor ?? null]);
  check(after.status === "confirmed", `cancelling one item left the booking ${after.status}`, after);
  check(
    after.items.every((i) =>
      i.id === stay.id ? i.status === "cancelled" && i.refund?.amount_minor === quoted : i.status === "active",
    ),
    "not exactly the night cancelled, refunded as quoted",
    states,
  );
  s.cancelled = { itemId: stay.id, title: stay.title, quoted };
  return `quote ${quoted} ${quote.refund.currency} (minor) for "${stay.title}"; cancelled it, ${after.items.length - 1} items still active`;
}

export async function tripItemRefunded(s: TripJourneyState): Promise<string> {
  const cancelled = need(s.cancelled, "the cancelled item");
  const booking = await poll("the item's refund settling", 20_000, async () => {
    const value = await lookup(s);
    return { done: value.payment.refunded !== null, value };
  });
  check(
    booking.payment.refunded?.amount_minor === cancelled.quoted,
    "the refund settled is not the quoted amount",
    booking,
  );
  check(booking.status === "confirmed", `after the item's refund the booking is ${booking.status}`, booking);
  return `${cancelled.quoted} ${booking.payment.refunded?.currency} (minor) refunded for "${cancelled.title}"; booking still confirmed`;
}
