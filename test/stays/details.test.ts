import { env } from "cloudflare:test";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { addDays } from "../../src/lib/time";
import type { StaysSeed } from "../../src/products/stays/seed/types";
import { api } from "../support/app-client";
import { fixtureProperty, fixtureRoomType, inDays, insertFixture, seedStaysWorld, TEST_CITIES } from "../support/stays";
import { modelNight, type Published } from "../support/stays-model";

const get = (path: string) => api(path);
let world: { rows: StaysSeed; published: Published };

/** A Friday at least a week away, so the fixture's weekday rules land on known nights. */
const friday = (() => {
  for (let d = 7; ; d++) if (new Date(`${inDays(d)}T00:00:00Z`).getUTCDay() === 5) return inDays(d);
})();

beforeAll(async () => {
  world = await seedStaysWorld(env.DB);
  const now = Math.floor(Date.now() / 1000);
  await insertFixture(env.DB, {
    properties: [
      fixtureProperty("prp_dt_open", {
        cityCode: "PRG",
        currency: "CZK",
        timezone: "Europe/Prague",
        name: "Hotel Karlova",
        stars: 4,
        amenities: ["breakfast", "wifi"],
        photos: ["https://photos.edgefare.example/properties/prp_dt_open/1.jpg"],
        address: "Karlova 12, Prague",
        lat: 50.0865,
        lon: 14.4175,
        distanceM: 310,
        updatedAt: 1_796_083_200,
      }),
      fixtureProperty("prp_dt_shut", { status: "closed" }),
    ],
    roomTypes: [
      fixtureRoomType("rt_dt_suite", "prp_dt_open", {
        name: "Suite",
        baseRateMinor: 500_000,
        maxAdults: 4,
        maxChildren: 2,
        roomCount: 2,
        freeCancellationDays: null,
      }),
      fixtureRoomType("rt_dt_double", "prp_dt_open", {
        name: "Double Room",
        baseRateMinor: 300_000,
        weekdayPct: [90, 100, 100, 100, 100, 120, 130],
        seasons: [{ from: "01-01", to: "12-31", pct: 110 }],
        minStay: 2,
        closedToArrival: 1, // Sundays
        freeCancellationDays: 3,
        cancellationPenaltyPct: 50,
      }),
      fixtureRoomType("rt_dt_shut", "prp_dt_shut"),
    ],
    rateOverrides: [
      // Saturday and Sunday: a festival price; the newer override sets a 3-night minimum on Sunday only.
      {
        id: "ovr_dt_old",
        roomTypeId: "rt_dt_double",
        fromDate: addDays(friday, 1),
        toDate: addDays(friday, 2),
        priceMinor: 700_000,
        minStay: null,
        reason: "festival",
        createdAt: now,
      },
      {
        id: "ovr_dt_new",
        roomTypeId: "rt_dt_double",
        fromDate: addDays(friday, 2),
        toDate: addDays(friday, 2),
        priceMinor: null,
        minStay: 3,
        reason: "festival",
        createdAt: now + 1,
      },
    ],
    closures: [
      {
        id: "cls_dt_mon",
        propertyId: "prp_dt_open",
        roomTypeId: null,
        kind: "no_arrival",
        fromDate: addDays(friday, 3),
        toDate: addDays(friday, 3),
        reason: "staff",
        createdAt: now,
      },
      {
        id: "cls_dt_tue",
        propertyId: "prp_dt_open",
        roomTypeId: "rt_dt_double",
        kind: "closed",
        fromDate: addDays(friday, 4),
        toDate: addDays(friday, 4),
        reason: "repairs",
        createdAt: now,
      },
      {
        id: "cls_dt_other",
        propertyId: "prp_dt_open",
        roomTypeId: "rt_dt_suite",
        kind: "closed",
        fromDate: friday,
        toDate: addDays(friday, 9),
        reason: "not this one",
        createdAt: now,
      },
    ],
  });
  await env.DB.prepare(
    "INSERT INTO room_night_availability (room_type_id, night, rooms_left, price_minor, updated_at) VALUES (?, ?, 0, NULL, 0), (?, ?, 4, 333300, 0)",
  )
    .bind("rt_dt_double", addDays(friday, 5), "rt_dt_double", addDays(friday, 6))
    .run();
});

describe("GET /v1/stays/{property_id}", () => {
  it("shows the property, its room types cheapest first with their rules and terms, photos and policies", async () => {
    const res = await get("/v1/stays/prp_dt_open");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=60");
    const week = (pct: number[]) =>
      Object.fromEntries(
        ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"].map((d, i) => [d, pct[i]]),
      );
    expect(await res.json()).toEqual({
      id: "prp_dt_open",
      name: "Hotel Karlova",
      property_type: "hotel",
      stars: 4,
      status: "open",
      city_code: "PRG",
      address: "Karlova 12, Prague",
      location: { lat: 50.0865, lon: 14.4175 },
      distance_m: 310,
      amenities: ["breakfast", "wifi"],
      check_in_from: "15:00",
      check_out_until: "11:00",
      photos: ["https://photos.edgefare.example/properties/prp_dt_open/1.jpg"],
      policies: "Test policies.",
      currency: "CZK",
      timezone: "Europe/Prague",
      room_types: [
        {
          id: "rt_dt_double",
          name: "Double Room",
          room_count: 10,
          max_adults: 2,
          max_children: 1,
          base_rate: { amount_minor: 300_000, currency: "CZK" },
          weekday_percent: week([90, 100, 100, 100, 100, 120, 130]),
          seasons: [{ from: "01-01", to: "12-31", percent: 110 }],
          min_stay: 2,
          closed_to_arrival: ["sunday"],
          cancellation: { free_until_days_before: 3, penalty_percent: 50 },
        },
        {
          id: "rt_dt_suite",
          name: "Suite",
          room_count: 2,
          max_adults: 4,
          max_children: 2,
          base_rate: { amount_minor: 500_000, currency: "CZK" },
          weekday_percent: week([100, 100, 100, 100, 100, 100, 100]),
          seasons: [],
          min_stay: 1,
          closed_to_arrival: [],
          cancellation: { free_until_days_before: null, penalty_percent: 100 },
        },
      ],
      updated_at: "2026-12-01T00:00:00.000Z",
    });
  });

  it("shows a closed property as closed", async () => {
    expect(await (await get("/v1/stays/prp_dt_shut")).json()).toMatchObject({ id: "prp_dt_shut", status: "closed" });
  });
});

describe("GET /v1/stays/{property_id}/availability", () => {
  const calendar = (id: string, rt: string, from: string, to: string) =>
    get(`/v1/stays/${id}/availability?room_type_id=${rt}&from=${from}&to=${to}`);

  it("gives each night's rooms, price, closures and minimum stay, as the rules, changes and the object say", async () => {
    const res = await calendar("prp_dt_open", "rt_dt_double", friday, addDays(friday, 7));
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=15");
    const night = (i: number, price: number, over: Record<string, unknown> = {}) => ({
      date: addDays(friday, i),
      available: true,
      rooms_left: 10,
      price: { amount_minor: price, currency: "CZK" },
      closed: false,
      closed_to_arrival: false,
      min_stay: 2,
      ...over,
    });
    expect(await res.json()).toEqual({
      data: [
        night(0, 396_000), // Friday: 3,000 × 120 % × 110 %
        night(1, 700_000), // Saturday: the festival price
        night(2, 700_000, { closed_to_arrival: true, min_stay: 3 }), // Sunday: newer override's minimum
        night(3, 330_000, { closed_to_arrival: true }), // Monday: no arrivals at the property
        night(4, 330_000, { closed: true, available: false }), // Tuesday: this room type closed
        night(5, 330_000, { rooms_left: 0, available: false }), // the object sold the last room
        night(6, 333_300, { rooms_left: 4 }), // the object's own price
        night(7, 396_000),
      ],
      meta: {
        property_id: "prp_dt_open",
        room_type_id: "rt_dt_double",
        room_type_name: "Double Room",
        room_count: 10,
        from: friday,
        to: addDays(friday, 7),
        timezone: "Europe/Prague",
      },
    });
  });

  it("shows every night of a closed property as closed", async () => {
    const body = await (await calendar("prp_dt_shut", "rt_dt_shut", friday, addDays(friday, 2))).json<{
      data: { closed: boolean; available: boolean }[];
    }>();
    expect(body.data.map((n) => [n.closed, n.available])).toEqual([
      [true, false],
      [true, false],
      [true, false],
    ]);
  });

  it("answers 62 nights, the most it allows", async () => {
    const body = await (await calendar("prp_dt_open", "rt_dt_suite", inDays(1), inDays(62))).json<{
      data: unknown[];
    }>();
    expect(body.data).toHaveLength(62);
  });

  it("agrees night by night with the brute-force model over the seeded cities", async () => {
    const inCities = new Set(
      world.rows.properties.filter((p) => (TEST_CITIES as readonly string[]).includes(p.cityCode)).map((p) => p.id),
    );
    const roomTypes = world.rows.roomTypes.filter((r) => inCities.has(r.propertyId));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...roomTypes),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 20 }),
        async (rt, offset, span) => {
          const from = inDays(offset);
          const to = addDays(from, span - 1);
          const body = await (await calendar(rt.propertyId, rt.id, from, to)).json<{
            data: {
              date: string;
              rooms_left: number;
              price: { amount_minor: number };
              closed: boolean;
              closed_to_arrival: boolean;
              min_stay: number;
            }[];
          }>();
          const expected = Array.from({ length: span }, (_, i) => {
            const date = addDays(from, i);
            const n = modelNight(world.rows, world.published, rt.id, date);
            return {
              date,
              rooms_left: n.roomsLeft,
              price: n.priceMinor,
              closed: n.closed,
              closed_to_arrival: n.closedToArrival,
              min_stay: n.minStay,
            };
          });
          expect(
            body.data.map((d) => ({
              date: d.date,
              rooms_left: d.rooms_left,
              price: d.price.amount_minor,
              closed: d.closed,
              closed_to_arrival: d.closed_to_arrival,
              min_stay: d.min_stay,
            })),
          ).toEqual(expected);
        },
      ),
      { numRuns: 60 },
    );
  });
});
