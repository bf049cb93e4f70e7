import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { inventoryStub } from "../src/inventory/stub";
import { api } from "./support/app-client";
import { insertEventFixture } from "./support/events";
import { seedDeparture } from "./support/inventory";
import { uniqueCaller } from "./support/limited-app";
import { futureDay } from "./support/search-fixtures";
import { fixtureProperty, fixtureRoomType, inDays, insertFixture } from "./support/stays";
import { audited, heldSeats } from "./support/trips";

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

  it("keeps a storm of overlapping trips over the last seats and the last room all or nothing", async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const fares = [{ cabin: "economy" as const, capacity: 2, priceMinor: 5_000, currency: "GBP" }];
    const [a, b] = await Promise.all([
      seedDeparture("trip-storm-a", { fares }),
      seedDeparture("trip-storm-b", { fares }),
    ]);
    const propertyId = `prp_trip_storm_${tag}`;
    const roomTypeId = `rt_trip_storm_${tag}`;
    await insertFixture(env.DB, {
      properties: [fixtureProperty(propertyId)],
      roomTypes: [fixtureRoomType(roomTypeId, propertyId, { roomCount: 1 })],
    });
    const seat = (departure_id: string) => ({ departure_id, cabin: "economy", passengers: 1 });
    const room = {
      property_id: propertyId,
      room_type_id: roomTypeId,
      check_in: inDays(5),
      check_out: inDays(6),
      rooms: 1,
      adults: 1,
      children: 0,
    };
    // Overlapping item sets in different orders: 2 seats on each departure and 1 room for 24 trips.
    const sets = [
      [seat(a), room],
      [room, seat(b)],
      [seat(b), seat(a)],
      [room, seat(a), seat(b)],
      [seat(b), room],
    ];
    const trips = Array.from({ length: 24 }, (_, i) => sets[i % sets.length] as object[]);
    const answers = await Promise.all(trips.map((items) => post("/v1/trips", { items })));
    const granted: Record<string, number> = { [a]: 0, [b]: 0, [propertyId]: 0 };
    for (const [i, res] of answers.entries()) {
      const body = await res.json<{ code?: string; problem?: { code: string }; items?: { unit_id: string }[] }>();
      if (res.status === 201) {
        for (const item of body.items ?? []) granted[item.unit_id] = (granted[item.unit_id] ?? 0) + 1;
        continue;
      }
      expect([res.status, body.code], JSON.stringify(trips[i])).toEqual([409, "TRIP_ITEM_REFUSED"]);
      expect(body.problem?.code).toMatch(/^INSUFFICIENT_/);
    }
    expect(granted[a]).toBeLessThanOrEqual(2);
    expect(granted[b]).toBeLessThanOrEqual(2);
    expect(granted[propertyId]).toBeLessThanOrEqual(1);
    expect(Object.values(granted).reduce((x, y) => x + y, 0)).toBeGreaterThan(0);
    // What the objects hold is exactly what the granted trips hold: nothing left by a refused one.
    expect(await Promise.all([a, b].map(heldSeats))).toEqual([granted[a], granted[b]]);
    const nights = await inventoryStub(env, propertyId).availability();
    expect(nights.reduce((sum, n) => sum + n.held, 0)).toBe(granted[propertyId]);
    expect(await audited([a, b, propertyId])).toEqual([true, true, true]);
  });
});
