/**
 * A stay's journey over HTTP on the same stack: search a city's stays, hold one room for one
 * night, book it, wait for the payment queue to confirm, see the night's advisory rooms drop,
 * cancel and wait for the refund and the room to come back. Departures' journey runs first
 * (journey.ts); this one proves the product-neutral engine sells a second product end to end.
 */
import { z } from "zod";
import { type Api, check, poll, SmokeFailure } from "./client.ts";
import { Booking, CreatedBooking, StaySearch } from "./schemas.ts";

const StayHold = z.object({
  id: z.string(),
  product: z.literal("stays"),
  status: z.string(),
  property_id: z.string(),
  nights: z.number().int(),
  total_price: z.object({ amount_minor: z.number().int(), currency: z.string() }),
});
const Calendar = z.object({ data: z.array(z.object({ date: z.string(), rooms_left: z.number().int() })) });

export interface StayState {
  api: Api;
  city: string;
  checkIn: string;
  contact: string;
  pick?: { propertyId: string; roomTypeId: string; roomsBefore: number };
  hold?: { id: string };
  booking?: CreatedBooking;
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new SmokeFailure(`${what} is missing: an earlier step did not run`);
  return value;
}

const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

async function roomsLeft(s: StayState): Promise<number> {
  const { propertyId, roomTypeId } = need(s.pick, "the room");
  const q = new URLSearchParams({ room_type_id: roomTypeId, from: s.checkIn, to: s.checkIn });
  const { body } = await s.api.call("GET", `/v1/stays/${propertyId}/availability?${q}`, {
    expect: 200,
    schema: Calendar,
  });
  const night = body.data.find((d) => d.date === s.checkIn);
  check(night, `no calendar entry for ${s.checkIn}`, body);
  return night.rooms_left;
}

/** Rooms reach D1 after the property's object publishes them: wait for the expected count. */
async function expectRooms(s: StayState, expected: number): Promise<string> {
  const rooms = await poll(`${expected} rooms left`, 10_000, async () => {
    const value = await roomsLeft(s);
    return { done: value === expected, value };
  });
  return `${rooms} rooms left on ${s.checkIn}`;
}

export async function search(s: StayState): Promise<string> {
  const q = new URLSearchParams({ place: s.city, check_in: s.checkIn, check_out: nextDay(s.checkIn), adults: "1" });
  const { body } = await s.api.call("GET", `/v1/stays/search?${q}`, { expect: 200, schema: StaySearch });
  // Two rooms left (one to sell, one to see the count move) and free cancellation now, so the
  // refund is the whole price whichever rate the seed gave the room.
  const fits = (r: (typeof body.data)[number]["rooms"][number]) =>
    r.rooms_left >= 2 &&
    r.cancellation.free_until !== null &&
    Date.parse(r.cancellation.free_until) > Date.now() + 3600_000;
  const property = body.data.find((p) => p.rooms.some(fits));
  const room = property?.rooms.find(fits);
  check(property && room, `no stay in ${s.city} on ${s.checkIn} with 2 rooms left and free cancellation`, body);
  s.pick = { propertyId: property.id, roomTypeId: room.room_type_id, roomsBefore: 0 };
  s.pick.roomsBefore = await roomsLeft(s);
  return `${s.city} ${s.checkIn}: ${body.meta.total} properties, tier ${body.meta.tier}; ${property.id} ${room.room_type_id}`;
}

export async function hold(s: StayState): Promise<string> {
  const pick = need(s.pick, "the room");
  const body = {
    property_id: pick.propertyId,
    room_type_id: pick.roomTypeId,
    check_in: s.checkIn,
    check_out: nextDay(s.checkIn),
    rooms: 1,
    adults: 1,
    children: 0,
  };
  const headers = { "idempotency-key": `smoke-stay-hold-${crypto.randomUUID()}` };
  const res = await s.api.call("POST", "/v1/holds", { expect: 201, schema: StayHold, body, headers });
  check(res.body.status === "held" && res.body.nights === 1, "the stay hold is not one held night", res.body);
  s.hold = { id: res.body.id };
  return `${res.body.id}: 1 night at ${res.body.property_id}, ${res.body.total_price.amount_minor} ${res.body.total_price.currency} (minor)`;
}

export async function book(s: StayState): Promise<string> {
  const held = need(s.hold, "the stay hold");
  const body = {
    hold_id: held.id,
    passengers: [{ given_name: "Kiri", family_name: "Te Kanawa" }],
    contact: { email: s.contact },
    payment: { method: "card", token: "tok_success" },
  };
  const headers = { "idempotency-key": `smoke-stay-book-${crypto.randomUUID()}` };
  const res = await s.api.call("POST", "/v1/bookings", { expect: 202, schema: CreatedBooking, body, headers });
  s.booking = res.body;
  return `${res.body.reference}: 202 ${res.body.status}`;
}

async function waitFor(s: StayState, from: string, to: string): Promise<Booking> {
  const booking = need(s.booking, "the stay booking");
  const headers = { authorization: `Bearer ${booking.owner_token}` };
  const found = await poll(`stay booking leaving ${from}`, 20_000, async () => {
    const { body } = await s.api.call("GET", `/v1/bookings/${booking.reference}`, {
      expect: 200,
      schema: Booking,
      headers,
    });
    return { done: body.status !== from, value: body };
  });
  check(found.status === to, `the stay booking went from ${from} to ${found.status}, expected ${to}`, found);
  return found;
}

export async function confirmed(s: StayState): Promise<string> {
  const booking = await waitFor(s, "pending_payment", "confirmed");
  check(booking.payment.state === "succeeded", `confirmed with payment ${booking.payment.state}`, booking);
  return `confirmed by the payment queue; ${await expectRooms(s, need(s.pick, "the room").roomsBefore - 1)}`;
}

export async function cancel(s: StayState): Promise<string> {
  const booking = need(s.booking, "the stay booking");
  const headers = {
    authorization: `Bearer ${booking.owner_token}`,
    "idempotency-key": `smoke-stay-cancel-${booking.id}`,
  };
  const { body } = await s.api.call("POST", `/v1/bookings/${booking.reference}/cancel`, {
    expect: 200,
    schema: Booking,
    headers,
  });
  check(body.status === "cancelled" || body.status === "refunded", `cancelling answered ${body.status}`, body);
  const refunded = body.status === "refunded" ? body : await waitFor(s, "cancelled", "refunded");
  check(
    refunded.payment.refunded?.amount_minor === refunded.total_price.amount_minor,
    "the refund is not the full price",
    refunded,
  );
  return `${booking.reference} refunded in full; ${await expectRooms(s, need(s.pick, "the room").roomsBefore)} again`;
}
