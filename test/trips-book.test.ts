import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { inventoryStub } from "../src/inventory/stub";
import { TRIP_POLICY } from "../src/trips/model";
import { api } from "./support/app-client";
import { bookingRow, chargeJobFor, deliver } from "./support/bookings";
import { seedDeparture } from "./support/inventory";
import { uniqueCaller } from "./support/limited-app";
import { tripObject } from "./support/trips";

const PASSENGERS = [
  { given_name: "Ada", family_name: "Lovelace" },
  { given_name: "Charles", family_name: "Babbage" },
];
const PARTY = {
  passengers: PASSENGERS,
  contact: { email: "ada@example.com" },
  payment: { method: "card", token: "tok_success" },
};

function send(method: string, path: string, body?: unknown) {
  return api(path, {
    method,
    headers: {
      "cf-connecting-ip": uniqueCaller().ip,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** A held trip of two departures, two seats each. */
async function heldTrip(label: string) {
  const units = await Promise.all([seedDeparture(`${label}a`), seedDeparture(`${label}b`)]);
  const res = await send("POST", "/v1/trips", {
    items: units.map((departure_id) => ({ departure_id, cabin: "economy", passengers: 2 })),
  });
  expect(res.status).toBe(201);
  const trip = await res.json<{ id: string; items: { hold: { id: string } }[] }>();
  return { units, trip, holdIds: trip.items.map((i) => i.hold.id) };
}

async function itemsOf(bookingId: string) {
  const { results } = await env.DB.prepare(
    "SELECT position, unit_id, hold_id FROM booking_items WHERE booking_id = ? ORDER BY position",
  )
    .bind(bookingId)
    .all();
  return results;
}

describe("POST /v1/trips/{id}/book", () => {
  it("books every item under one reference and one charge; payment confirms every hold; the trip is booked", async () => {
    const { units, trip, holdIds } = await heldTrip("trip-book");
    const res = await send("POST", `/v1/trips/${trip.id}/book`, PARTY);
    expect(res.status).toBe(202);
    const booking = await res.json<{ id: string; reference: string; status: string; total_price: unknown }>();
    expect(booking).toMatchObject({
      status: "pending_payment",
      total_price: { amount_minor: 40_000, currency: "EUR" },
    });
    expect(res.headers.get("location")).toBe(`/v1/bookings/${booking.reference}`);
    expect(await itemsOf(booking.id)).toEqual([
      { position: 0, unit_id: units[0], hold_id: holdIds[0] },
      { position: 1, unit_id: units[1], hold_id: holdIds[1] },
    ]);
    const read = await send("GET", `/v1/trips/${trip.id}`);
    expect(await read.json()).toMatchObject({ status: "booked", booking_id: booking.id });

    await deliver([await chargeJobFor(booking.id)]);
    expect(await bookingRow(booking.id)).toMatchObject({ status: "confirmed", payment_state: "succeeded" });
    for (const [i, unit] of units.entries()) {
      expect(await inventoryStub(env, unit).getHold(holdIds[i] as string)).toMatchObject({
        status: "confirmed",
        bookingId: booking.id,
      });
    }
    // GET reads each hold from its object: confirmed by the payment, not as the trip last saw them.
    expect(await (await send("GET", `/v1/trips/${trip.id}`)).json()).toMatchObject({
      status: "booked",
      items: [{ hold: { status: "confirmed" } }, { hold: { status: "confirmed" } }],
    });

    // A booked trip is the booking's now: neither released nor booked again.
    for (const [method, path, body] of [
      ["DELETE", `/v1/trips/${trip.id}`, undefined],
      ["POST", `/v1/trips/${trip.id}/book`, PARTY],
    ] as const) {
      const refused = await send(method, path, body);
      const problem = await refused.json<Record<string, unknown>>();
      expect(problem).toEqual({
        type: "https://edgefare.dev/problems/trip-state-conflict",
        title: "The trip's state does not allow this",
        status: 409,
        code: "TRIP_STATE_CONFLICT",
        detail:
          method === "DELETE"
            ? `Trip ${trip.id} is booked: cancel the booking instead.`
            : `Trip ${trip.id} is booked, not held.`,
        ...(method === "DELETE" ? {} : { trip_status: "booked" }),
        booking_id: booking.id,
        instance: path,
        request_id: refused.headers.get("x-request-id"),
      });
    }
  });

  it("books a trip through POST /v1/bookings with trip_id the same way, and refuses trip_id beside hold ids", async () => {
    const { units, trip, holdIds } = await heldTrip("trip-book-id");
    const both = await send("POST", "/v1/bookings", { ...PARTY, trip_id: trip.id, hold_id: holdIds[0] });
    expect(both.status).toBe(400);
    expect(await both.json()).toMatchObject({
      code: "VALIDATION_FAILED",
      errors: [{ field: "hold_ids", message: "send one of hold_id, hold_ids or trip_id" }],
    });

    const res = await send("POST", "/v1/bookings", { ...PARTY, trip_id: trip.id });
    expect(res.status).toBe(202);
    const booking = await res.json<{ id: string; reference: string; status: string }>();
    expect(booking.status).toBe("pending_payment");
    expect(res.headers.get("location")).toBe(`/v1/bookings/${booking.reference}`);
    expect(await itemsOf(booking.id)).toEqual([
      { position: 0, unit_id: units[0], hold_id: holdIds[0] },
      { position: 1, unit_id: units[1], hold_id: holdIds[1] },
    ]);
    expect(await (await send("GET", `/v1/trips/${trip.id}`)).json()).toMatchObject({
      status: "booked",
      booking_id: booking.id,
    });
    const again = await send("POST", "/v1/bookings", { ...PARTY, trip_id: trip.id });
    expect(await again.json()).toMatchObject({ status: 409, code: "TRIP_STATE_CONFLICT", booking_id: booking.id });
  });

  it("answers the booking's own refusal and leaves the trip held", async () => {
    const { trip } = await heldTrip("trip-book-count");
    const res = await send("POST", `/v1/trips/${trip.id}/book`, { ...PARTY, passengers: PASSENGERS.slice(0, 1) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "PASSENGER_COUNT_MISMATCH" });
    expect(await (await send("GET", `/v1/trips/${trip.id}`)).json()).toMatchObject({
      status: "held",
      booking_id: null,
    });
  });

  it("answers 410 TRIP_EXPIRED for a trip past its expiry, and 409 for a released one", async () => {
    const expired = await heldTrip("trip-book-late");
    await runInDurableObject(tripObject(expired.trip.id), (object) => {
      object.deps.clock = { now: () => Date.now() + TRIP_POLICY.holdTtlSeconds * 1000 };
    });
    const late = await send("POST", `/v1/trips/${expired.trip.id}/book`, PARTY);
    expect(await late.json()).toEqual({
      type: "https://edgefare.dev/problems/trip-expired",
      title: "The trip's holds have expired",
      status: 410,
      code: "TRIP_EXPIRED",
      detail: `Trip ${expired.trip.id} expired before it was booked.`,
      instance: `/v1/trips/${expired.trip.id}/book`,
      request_id: late.headers.get("x-request-id"),
    });

    const released = await heldTrip("trip-book-released");
    await send("DELETE", `/v1/trips/${released.trip.id}`);
    const res = await send("POST", `/v1/trips/${released.trip.id}/book`, PARTY);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      code: "TRIP_STATE_CONFLICT",
      detail: `Trip ${released.trip.id} is released, not held.`,
    });
    const missing = await send("POST", "/v1/trips/trp_0000000000000000000000/book", PARTY);
    expect(await missing.json()).toMatchObject({ status: 404, code: "TRIP_NOT_FOUND" });
  });
});
