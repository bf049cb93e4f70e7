import { describe, expect, it } from "vitest";
import { itineraryId } from "../src/products/departures/itinerary-id";
import { api } from "./support/app-client";
import { seedDeparture } from "./support/inventory";
import { uniqueCaller } from "./support/limited-app";
import { audited, heldSeats } from "./support/trips";

const FARES = [{ cabin: "economy" as const, capacity: 4, priceMinor: 12_900 }];

function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return api(path, {
    method,
    headers: {
      "cf-connecting-ip": uniqueCaller().ip,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const seats = (departure_id: string, passengers = 2) => ({ departure_id, cabin: "economy", passengers });

async function problem(res: Response) {
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return res.json<Record<string, unknown>>();
}

async function departures(label: string, n: number, fares = FARES) {
  return Promise.all(Array.from({ length: n }, (_, i) => seedDeparture(`${label}${i}`, { fares })));
}

describe("POST /v1/trips", () => {
  it("holds every item and answers 201 with the trip, its total and earliest expiry; GET and DELETE follow", async () => {
    const [a, b] = (await departures("trip-api", 2)) as [string, string];
    const res = await send("POST", "/v1/trips", { items: [seats(a), seats(b, 1)] });
    expect(res.status).toBe(201);
    const trip = await res.json<Record<string, unknown> & { id: string; items: { hold: { expires_at: string } }[] }>();
    expect(res.headers.get("location")).toBe(`/v1/trips/${trip.id}`);
    expect(trip).toMatchObject({
      id: expect.stringMatching(/^trp_[0-9a-z]{22}$/),
      status: "held",
      items: [
        { index: 0, unit_id: a, hold: { unit_id: a, status: "held", seats: 2, product: "departures" } },
        { index: 1, unit_id: b, hold: { unit_id: b, status: "held", seats: 1 } },
      ],
      total_price: { amount_minor: 38_700, currency: "EUR" },
      booking_id: null,
      refusal: null,
    });
    expect(trip.expires_at).toBe([...trip.items.map((i) => i.hold.expires_at)].sort()[0]);
    expect(await Promise.all([a, b].map(heldSeats))).toEqual([2, 1]);

    const read = await send("GET", `/v1/trips/${trip.id}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(trip);

    const released = await send("DELETE", `/v1/trips/${trip.id}`);
    expect(released.status).toBe(200);
    expect(await released.json()).toMatchObject({ status: "released", items: [{ hold: { status: "released" } }, {}] });
    expect(await Promise.all([a, b].map(heldSeats))).toEqual([0, 0]);
    expect((await send("DELETE", `/v1/trips/${trip.id}`)).status).toBe(200);
  });

  it("holds nothing when an item is sold out and answers the item's problem", async () => {
    const [a, b] = (await departures("trip-api-full", 2)) as [string, string];
    const res = await send("POST", "/v1/trips", { items: [seats(a), seats(b, 5)] });
    expect(res.status).toBe(409);
    expect(await problem(res)).toEqual({
      type: "https://edgefare.dev/problems/trip-item-refused",
      title: "An item of the trip could not be held",
      status: 409,
      code: "TRIP_ITEM_REFUSED",
      detail: "Item 1 could not be held: Only 4 economy seats left. Nothing is held.",
      item: 1,
      unit_id: b,
      problem: {
        type: "https://edgefare.dev/problems/insufficient-seats",
        title: "Not enough seats left",
        status: 409,
        code: "INSUFFICIENT_SEATS",
        detail: "Only 4 economy seats left.",
        seats_left: 4,
      },
      instance: "/v1/trips",
      request_id: res.headers.get("x-request-id"),
    });
    expect(await Promise.all([a, b].map(heldSeats))).toEqual([0, 0]);
  });

  it("holds every segment of an itinerary, and a round trip as two itineraries", async () => {
    const [out1, out2, back1, back2] = (await departures("trip-api-itn", 4)) as [string, string, string, string];
    const outbound = itineraryId({ cabin: "economy", departureIds: [out1, out2] });
    const inbound = itineraryId({ cabin: "economy", departureIds: [back1, back2] });
    const one = await send("POST", "/v1/trips", { items: [{ itinerary_id: outbound, passengers: 2 }] });
    expect(one.status).toBe(201);
    expect((await one.json<{ items: { unit_id: string }[] }>()).items.map((i) => i.unit_id)).toEqual([out1, out2]);

    const round = await send("POST", "/v1/trips", {
      items: [
        { itinerary_id: outbound, passengers: 1 },
        { itinerary_id: inbound, passengers: 1 },
      ],
    });
    expect(round.status).toBe(201);
    const body = await round.json<{ items: { index: number; unit_id: string }[]; total_price: unknown }>();
    expect(body.items.map((i) => [i.index, i.unit_id])).toEqual([
      [0, out1],
      [1, out2],
      [2, back1],
      [3, back2],
    ]);
    expect(body.total_price).toEqual({ amount_minor: 4 * 12_900, currency: "EUR" });
    expect(await Promise.all([out1, out2, back1, back2].map(heldSeats))).toEqual([3, 3, 1, 1]);
  });

  it("answers a retry with the same Idempotency-Key with the same trip, holding nothing twice", async () => {
    const [a, b] = (await departures("trip-api-key", 2)) as [string, string];
    const caller = { "cf-connecting-ip": uniqueCaller().ip, "idempotency-key": crypto.randomUUID() };
    const body = { items: [seats(a), seats(b)] };
    const first = await send("POST", "/v1/trips", body, caller);
    const again = await send("POST", "/v1/trips", body, caller);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(await first.json());
    expect(await Promise.all([a, b].map(heldSeats))).toEqual([2, 2]);
  });

  it("refuses a trip sold in two currencies, holding nothing", async () => {
    const [eur] = await departures("trip-api-eur", 1);
    const [gbp] = await departures("trip-api-gbp", 1, [{ ...FARES[0], currency: "GBP" } as (typeof FARES)[number]]);
    const res = await send("POST", "/v1/trips", { items: [seats(gbp as string), seats(eur as string)] });
    expect(await problem(res)).toEqual({
      type: "https://edgefare.dev/problems/trip-currency-mismatch",
      title: "The trip's items are sold in different currencies",
      status: 409,
      code: "TRIP_CURRENCY_MISMATCH",
      detail: "The items are sold in EUR and GBP; a trip is paid in one currency.",
      instance: "/v1/trips",
      request_id: res.headers.get("x-request-id"),
    });
    expect(await Promise.all([gbp as string, eur as string].map(heldSeats))).toEqual([0, 0]);
  });

  it("refuses fewer than 2 or more than 6 items, and two items on one unit, before any object wakes", async () => {
    const [a, b] = (await departures("trip-api-count", 2)) as [string, string];
    const one = await send("POST", "/v1/trips", { items: [seats(a)] });
    expect(await problem(one)).toEqual({
      type: "https://edgefare.dev/problems/trip-item-count",
      title: "A trip has 2 to 6 items",
      status: 400,
      code: "TRIP_ITEM_COUNT",
      detail: "A trip has 2 to 6 items; this one has 1.",
      min_items: 2,
      max_items: 6,
      instance: "/v1/trips",
      request_id: one.headers.get("x-request-id"),
    });
    const itinerary = { itinerary_id: itineraryId({ cabin: "economy", departureIds: [a, b] }), passengers: 1 };
    const seven = await send("POST", "/v1/trips", { items: [itinerary, itinerary, itinerary, seats(a)] });
    expect(await problem(seven)).toMatchObject({
      code: "TRIP_ITEM_COUNT",
      detail: "A trip has 2 to 6 items; this one has 7.",
    });
    const twice = await send("POST", "/v1/trips", { items: [seats(a), seats(b), seats(a, 1)] });
    expect(await problem(twice)).toEqual({
      type: "https://edgefare.dev/problems/trip-duplicate-unit",
      title: "Two items of the trip are on the same unit",
      status: 400,
      code: "TRIP_DUPLICATE_UNIT",
      detail: `Items 0 and 2 are both on ${a}; a trip holds each departure, property or event once.`,
      items: [0, 2],
      instance: "/v1/trips",
      request_id: twice.headers.get("x-request-id"),
    });
    const bad = await send("POST", "/v1/trips", { items: [{ itinerary_id: "itn_nope", passengers: 1 }, seats(a)] });
    expect(bad.status).toBe(400);
    expect(await problem(bad)).toMatchObject({ code: "VALIDATION_FAILED" });
    expect(await Promise.all([a, b].map(heldSeats))).toEqual([0, 0]);
  });

  it("answers 409 TRIP_ITEM_REFUSED naming a departure that does not exist", async () => {
    const [a] = await departures("trip-api-missing", 1);
    const missing = "dep_trip_nowhere";
    const res = await send("POST", "/v1/trips", { items: [seats(a as string), seats(missing)] });
    expect(await problem(res)).toMatchObject({
      status: 409,
      code: "TRIP_ITEM_REFUSED",
      item: 1,
      unit_id: missing,
      problem: { status: 404, code: "DEPARTURE_NOT_FOUND", detail: `Departure ${missing} does not exist.` },
    });
    expect(await heldSeats(a as string)).toBe(0);
  });
});

describe("a storm of trips over HTTP", () => {
  it("grants exactly the seats there are, every trip whole or refused with nothing held", async () => {
    const units = await departures("trip-storm", 3, [{ cabin: "economy" as const, capacity: 5, priceMinor: 1_000 }]);
    // 24 trips, each one seat on two of the three units, in every order.
    const pairs = [
      [0, 1],
      [1, 0],
      [1, 2],
      [2, 1],
      [2, 0],
      [0, 2],
    ];
    const responses = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        send("POST", "/v1/trips", { items: (pairs[i % 6] as number[]).map((u) => seats(units[u] as string, 1)) }),
      ),
    );
    const perUnit = [0, 0, 0];
    for (const [i, res] of responses.entries()) {
      const body = await res.json<{ code?: string; problem?: { code: string } }>();
      if (res.status === 201) {
        for (const u of pairs[i % 6] as number[]) perUnit[u] = (perUnit[u] ?? 0) + 1;
        continue;
      }
      expect([res.status, body.code, body.problem?.code]).toEqual([409, "TRIP_ITEM_REFUSED", "INSUFFICIENT_SEATS"]);
    }
    // Never more than the 5 seats of a unit; what the objects hold is exactly what the granted trips hold.
    for (const n of perUnit) expect(n).toBeLessThanOrEqual(5);
    expect(perUnit.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(await Promise.all(units.map(heldSeats))).toEqual(perUnit);
    expect(await audited(units)).toEqual([true, true, true]);
  });
});

describe("GET and DELETE /v1/trips/{id}", () => {
  it("reads each hold from its object: one released by its own id ends the trip and gives the others back", async () => {
    const [a, b] = (await departures("trip-live", 2)) as [string, string];
    const created = await send("POST", "/v1/trips", { items: [seats(a), seats(b, 1)] });
    const trip = await created.json<{ id: string; items: { hold: { id: string } }[] }>();
    const holdId = trip.items[0]?.hold.id;
    expect((await send("DELETE", `/v1/holds/${holdId}`)).status).toBe(200);
    expect(await Promise.all([a, b].map(heldSeats))).toEqual([0, 1]);

    const read = await send("GET", `/v1/trips/${trip.id}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({
      status: "released",
      items: [{ hold: { status: "released" } }, { hold: { status: "released" } }],
    });
    expect(await Promise.all([a, b].map(heldSeats))).toEqual([0, 0]);
    expect(await audited([a, b])).toEqual([true, true]);
    const book = await send("POST", `/v1/trips/${trip.id}/book`, {
      passengers: [{ given_name: "Ada", family_name: "Lovelace" }],
      contact: { email: "ada@example.com" },
      payment: { method: "card", token: "tok_success" },
    });
    expect(await problem(book)).toMatchObject({ status: 409, code: "TRIP_STATE_CONFLICT", trip_status: "released" });
  });

  it("answers 404 TRIP_NOT_FOUND for a trip nobody created or an id that is not a trip's", async () => {
    for (const id of ["trp_0000000000000000000000", "nope"]) {
      for (const method of ["GET", "DELETE"]) {
        const res = await send(method, `/v1/trips/${id}`);
        expect(await problem(res)).toEqual({
          type: "https://edgefare.dev/problems/trip-not-found",
          title: "Trip not found",
          status: 404,
          code: "TRIP_NOT_FOUND",
          detail: `No trip ${id}.`,
          instance: `/v1/trips/${id}`,
          request_id: res.headers.get("x-request-id"),
        });
      }
    }
  });
});
