import { env } from "cloudflare:test";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { addDays } from "../../src/lib/time";
import { resolveLocation } from "../../src/places/catalog";
import { AMENITIES, PROPERTY_TYPES } from "../../src/products/stays/config";
import type { StaysSeed } from "../../src/products/stays/seed/types";
import { allPages, inDays, seedStaysWorld, staysQuery, TEST_CITIES } from "../support/stays";
import { type ModelQuery, type ModelResult, modelSearch, type Published } from "../support/stays-model";

let rows: StaysSeed;
let published: Published;

beforeAll(async () => {
  ({ rows, published } = await seedStaysWorld(env.DB));
});

/** What the API answered, in the model's shape. */
function asModel(data: Awaited<ReturnType<typeof allPages>>): ModelResult[] {
  return data.map((p) => ({
    id: p.id,
    cheapest: p.cheapest.total.amount_minor,
    rooms: p.rooms.map((r) => ({
      id: r.room_type_id,
      total: r.price.total.amount_minor,
      nightly: r.price.nightly.map((n) => n.price.amount_minor),
      roomsLeft: r.rooms_left,
    })),
  }));
}

const nightsFrom = (checkIn: string, n: number) => Array.from({ length: n }, (_, i) => addDays(checkIn, i));

const query = fc.record({
  place: fc.constantFrom(...TEST_CITIES, "LHR", "GBSPX", "CDG", "HND"),
  offset: fc.integer({ min: 1, max: 50 }),
  nights: fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 7 }) }, fc.integer({ min: 8, max: 30 })),
  rooms: fc.integer({ min: 1, max: 3 }),
  extraAdults: fc.integer({ min: 0, max: 4 }),
  children: fc.integer({ min: 0, max: 3 }),
  price: fc.option(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }))),
  pricePer: fc.constantFrom("night", "total" as const),
  stars: fc.option(fc.subarray([1, 2, 3, 4, 5], { minLength: 1 })),
  amenities: fc.option(
    fc.subarray(["wifi", "breakfast", "pool", "kitchen", "parking"] as const, { minLength: 1, maxLength: 2 }),
  ),
  propertyTypes: fc.option(fc.subarray([...PROPERTY_TYPES], { minLength: 1 })),
  sort: fc.constantFrom("price", "stars", "distance" as const),
});

describe("stays search agrees with a brute-force model of the seeded data", () => {
  it("for random stays, parties, filters and sorts", async () => {
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const city = resolveLocation(q.place)?.cityCode ?? "";
        const checkIn = inDays(q.offset);
        const base: ModelQuery = {
          city,
          nights: nightsFrom(checkIn, q.nights),
          rooms: q.rooms,
          adults: q.rooms + q.extraAdults,
          children: q.children,
          pricePer: q.pricePer,
          sort: q.sort,
          ...(q.stars ? { stars: q.stars } : {}),
          ...(q.amenities ? { amenities: [...q.amenities] } : {}),
          ...(q.propertyTypes ? { propertyTypes: q.propertyTypes } : {}),
        };
        // Price bounds drawn from the prices this query would see, so they cut somewhere.
        const unbounded = modelSearch(rows, published, base).flatMap((r) => r.rooms.map((room) => room.total));
        const scale = q.pricePer === "night" ? q.nights : 1;
        const span = unbounded.length ? [Math.min(...unbounded) / scale, Math.max(...unbounded) / scale] : [0, 0];
        const bound = (f: number) => Math.round((span[0] ?? 0) + f * ((span[1] ?? 0) - (span[0] ?? 0)));
        const [lo, hi] = q.price ? [bound(Math.min(...q.price)), bound(Math.max(...q.price))] : [undefined, undefined];
        const expected = modelSearch(rows, published, {
          ...base,
          ...(lo === undefined ? {} : { priceMin: lo, priceMax: hi }),
        });
        const data = await allPages(
          staysQuery({
            place: q.place,
            check_in: checkIn,
            check_out: addDays(checkIn, q.nights),
            rooms: q.rooms,
            adults: base.adults,
            children: q.children,
            price_min: lo,
            price_max: hi,
            price_per: q.pricePer,
            stars: q.stars?.join(","),
            amenities: q.amenities?.join(","),
            property_types: q.propertyTypes?.join(","),
            sort: q.sort,
            limit: 7,
          }),
        );
        expect(asModel(data)).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it("finds something in every test city for an ordinary stay (the model is not vacuous)", async () => {
    for (const city of TEST_CITIES) {
      const checkIn = inDays(20);
      const expected = modelSearch(rows, published, {
        city,
        nights: nightsFrom(checkIn, 3),
        rooms: 1,
        adults: 2,
        children: 0,
        pricePer: "night",
        sort: "price",
      });
      expect(expected.length, city).toBeGreaterThan(3);
      const data = await allPages(
        staysQuery({ place: city, check_in: checkIn, check_out: addDays(checkIn, 3), limit: 50 }),
      );
      expect(asModel(data), city).toEqual(expected);
    }
  });

  it("lets the newest override win where overrides overlap", async () => {
    const layered = rows.rateOverrides.filter((o) => o.id.startsWith("ovr_older_")).slice(0, 6);
    expect(layered.length).toBeGreaterThan(2);
    for (const older of layered) {
      const newer = rows.rateOverrides.find((o) => o.id === older.id.replace("ovr_older_", "ovr_test_"));
      const property = rows.properties.find((p) =>
        rows.roomTypes.some((r) => r.id === older.roomTypeId && r.propertyId === p.id),
      );
      if (!newer || !property) throw new Error("fixture");
      const expected = modelSearch(rows, published, {
        city: property.cityCode,
        nights: nightsFrom(newer.fromDate, 4),
        rooms: 1,
        adults: 1,
        children: 0,
        pricePer: "total",
        sort: "price",
      });
      const data = await allPages(
        staysQuery({
          place: property.cityCode,
          check_in: newer.fromDate,
          check_out: addDays(newer.fromDate, 4),
          adults: 1,
          limit: 50,
        }),
      );
      expect(asModel(data)).toEqual(expected);
    }
  });

  it("exercises every rule on the way: sold-out nights, published prices, overrides, closures, minimum stays", () => {
    const inWindow = (night: string) => night >= inDays(1) && night <= inDays(80);
    expect([...published.values()].filter((p) => p.roomsLeft === 0).length).toBeGreaterThan(20);
    expect([...published.values()].filter((p) => p.priceMinor !== null).length).toBeGreaterThan(20);
    expect(rows.rateOverrides.filter((o) => inWindow(o.fromDate) && o.minStay !== null).length).toBeGreaterThan(10);
    expect(rows.closures.filter((c) => inWindow(c.fromDate) && c.kind === "no_arrival").length).toBeGreaterThan(5);
    expect(rows.closures.filter((c) => inWindow(c.fromDate) && c.kind === "closed").length).toBeGreaterThan(5);
    expect(AMENITIES.length).toBeGreaterThan(5);
  });
});
