import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api } from "./support/app-client";
import { insertEventFixture } from "./support/events";
import { seedDeparture } from "./support/inventory";
import { uniqueCaller } from "./support/limited-app";
import { futureDay } from "./support/search-fixtures";
import { fixtureProperty, fixtureRoomType, inDays, insertFixture } from "./support/stays";
import { heldSeats } from "./support/trips";

function post(path: string, body: unknown) {
  return api(path, {
    method: "POST",
    headers: { "cf-connecting-ip": uniqueCaller().ip, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** A departure, a property and an event, all selling in GBP; the event's tier has one ticket. */
async function world(label: string) {
  const tag = crypto.randomUUID().slice(0, 8);
  const departureId = await seedDeparture(label, {
    fares: [{ cabin: "economy", capacity: 3, priceMinor: 5_000, currency: "GBP" }],
  });
  const propertyId = `prp_${label}_${tag}`;
  const roomTypeId = `rt_${label}_${tag}`;
  await insertFixture(env.DB, {
    properties: [fixtureProperty(propertyId)],
    roomTypes: [fixtureRoomType(roomTypeId, propertyId)],
  });
  const eventId = `evt_${label}_${tag}`;
  await insertEventFixture(env.DB, {
    id: eventId,
    city: "LON",
    date: futureDay(10).date,
    name: "Trip night",
    performers: ["A"],
    venue: { id: `ven_${eventId}`, name: "Hall" },
    tiers: [{ id: "tier_ga", priceMinor: 2_500, capacity: 1 }],
  });
  const items = [
    { departure_id: departureId, cabin: "economy", passengers: 1 },
    {
      property_id: propertyId,
      room_type_id: roomTypeId,
      check_in: inDays(5),
      check_out: inDays(7),
      rooms: 1,
      adults: 1,
      children: 0,
    },
    { event_id: eventId, tier_id: "tier_ga", quantity: 1 },
  ];
  return { departureId, propertyId, eventId, items };
}

describe("a trip over several products", () => {
  it("holds a departure, two nights and a ticket as one trip, and books it under one reference", async () => {
    const w = await world("trip-mix");
    const res = await post("/v1/trips", { items: w.items });
    expect(res.status, await res.clone().text()).toBe(201);
    const trip = await res.json<{
      id: string;
      items: { unit_id: string; hold: { product: string } }[];
      total_price: unknown;
    }>();
    expect(trip.items.map((i) => [i.unit_id, i.hold.product])).toEqual([
      [w.departureId, "departures"],
      [w.propertyId, "stays"],
      [w.eventId, "events"],
    ]);
    expect(trip.total_price).toEqual({ amount_minor: 5_000 + 2 * 10_000 + 2_500, currency: "GBP" });

    const booked = await post(`/v1/trips/${trip.id}/book`, {
      passengers: [{ given_name: "Ada", family_name: "Lovelace" }],
      contact: { email: "ada@example.com" },
      payment: { method: "card", token: "tok_success" },
    });
    expect(booked.status).toBe(202);
    const booking = await booked.json<{ id: string; total_price: unknown }>();
    expect(booking.total_price).toEqual(trip.total_price);
    const { results } = await env.DB.prepare(
      "SELECT product, unit_id FROM booking_items WHERE booking_id = ? ORDER BY position",
    )
      .bind(booking.id)
      .all();
    expect(results).toEqual([
      { product: "departures", unit_id: w.departureId },
      { product: "stays", unit_id: w.propertyId },
      { product: "events", unit_id: w.eventId },
    ]);
  });

  it("holds nothing when the event is sold out, answering the event's own problem", async () => {
    const w = await world("trip-mix-full");
    expect((await post("/v1/holds", w.items[2])).status).toBe(201);
    const res = await post("/v1/trips", { items: w.items });
    expect(res.status).toBe(409);
    const problem = await res.json<Record<string, unknown>>();
    expect(problem).toMatchObject({ code: "TRIP_ITEM_REFUSED", item: 2, unit_id: w.eventId });
    expect((problem.problem as { code: string }).code).not.toBe("TRIP_ITEM_REFUSED");
    expect(await heldSeats(w.departureId)).toBe(0);
  });
});
