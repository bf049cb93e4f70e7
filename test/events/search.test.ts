import { env } from "cloudflare:test";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { addDays, localDate } from "../../src/lib/time";
import { getCity } from "../../src/places/catalog";
import { EVENT_CATEGORIES } from "../../src/products/events/model";
import { type Catalogue, EVENT_DAYS, type SearchBody, searchOk, seedEventCatalogue } from "../support/events";
import { type ModelQuery, modelSearch } from "../support/events-model";

let catalogue: Catalogue;
beforeAll(async () => {
  catalogue = await seedEventCatalogue(env.DB);
});

const CITIES = ["LON", "PAR", "TYO", "NYC", "ZRH", "SAO", "DVR", "NAN"] as const;
const SORTS = ["date", "price", "popularity"] as const;
/** Tomorrow at the city: today's first events may start while a test runs. */
const tomorrow = (city: string) => addDays(localDate(Date.now(), getCity(city)?.timezone ?? "UTC"), 1);

async function allPages(query: Record<string, string | number | undefined>, limit: number) {
  const seen: SearchBody["data"] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 200; page++) {
    const body: SearchBody = await searchOk({ ...query, limit, cursor });
    expect(body.data.length).toBeLessThanOrEqual(limit);
    seen.push(...body.data);
    cursor = body.meta.next_cursor ?? undefined;
    if (!cursor) {
      expect(seen.length).toBe(body.meta.total);
      break;
    }
  }
  return seen;
}

describe("event search against a brute-force model of the seed", () => {
  it("answers exactly what scanning every seeded event gives, for any city, range, categories and sort", async () => {
    const query = fc.record({
      city: fc.constantFrom(...CITIES),
      offset: fc.integer({ min: 0, max: EVENT_DAYS }),
      days: fc.integer({ min: 1, max: 31 }),
      categories: fc.option(fc.subarray([...EVENT_CATEGORIES], { minLength: 1 }), { nil: undefined }),
      sort: fc.constantFrom(...SORTS),
    });
    await fc.assert(
      fc.asyncProperty(query, async ({ city, offset, days, categories, sort }) => {
        const from = addDays(tomorrow(city), offset);
        const to = addDays(from, days - 1);
        const body = await searchOk({ place: city, from, to, category: categories?.join(","), sort, limit: 100 });
        const model: ModelQuery = { city, from, to, sort, ...(categories ? { categories } : {}) };
        const expected = modelSearch(catalogue, model, Date.now());
        expect(body.meta.total).toBe(expected.length);
        expect(body.data.map((c) => [c.id, c.price_from.amount_minor, c.remaining])).toEqual(
          expected.slice(0, 100).map((c) => [c.id, c.priceFrom, c.remaining]),
        );
      }),
      { numRuns: 25 },
    );
  });

  it("lists a busy week of London in date order, every card in London, in the range and in pounds", async () => {
    const from = tomorrow("LON");
    const to = addDays(from, 6);
    const body = await searchOk({ place: "LON", from, to, limit: 100 });
    expect(body.meta.total).toBeGreaterThan(20);
    const starts = body.data.map((c) => c.starts_at);
    expect(starts).toEqual([...starts].sort());
    for (const card of body.data) {
      expect(card).toMatchObject({ city_code: "LON", price_from: { currency: "GBP" } });
      expect(card.local_date >= from && card.local_date <= to).toBe(true);
      expect(card.id).toMatch(/^evt_/);
    }
  });

  it("searches the whole city when given one of its airports or stations", async () => {
    const from = tomorrow("PAR");
    const byCity = await searchOk({ place: "PAR", from, limit: 100 });
    const byStation = await searchOk({ place: "frpno", from, limit: 100 });
    expect(byStation.data.map((c) => c.id)).toEqual(byCity.data.map((c) => c.id));
    expect(byStation.meta.place).toEqual({
      code: "FRPNO",
      type: "place",
      city_code: "PAR",
      city_name: "Paris",
      timezone: "Europe/Paris",
    });
  });

  it("defaults to a week from today at the place", async () => {
    const body = await searchOk({ place: "TYO" });
    const today = localDate(Date.now(), "Asia/Tokyo");
    expect([body.meta.from, body.meta.to]).toEqual([today, addDays(today, 6)]);
  });
});

describe("paging through event search", () => {
  for (const sort of SORTS) {
    it(`never repeats or skips an event (sort=${sort})`, async () => {
      const from = tomorrow("LON");
      const query = { place: "LON", from, to: addDays(from, EVENT_DAYS - 1), sort };
      const whole = await searchOk({ ...query, limit: 100 });
      const paged = await allPages(query, 7);
      expect(paged.map((c) => c.id)).toEqual(whole.data.map((c) => c.id));
      expect(new Set(paged.map((c) => c.id)).size).toBe(paged.length);
    });
  }

  it("keeps its place when remaining counts change between pages", async () => {
    const from = tomorrow("PAR");
    const query = { place: "PAR", from, to: addDays(from, 3), sort: "price" };
    const first = await searchOk({ ...query, limit: 5 });
    const cursor = first.meta.next_cursor ?? "";
    expect(cursor).not.toBe("");
    const rest = await searchOk({ ...query, limit: 100, cursor });
    const whole = await searchOk({ ...query, limit: 100 });
    expect([...first.data, ...rest.data].map((c) => c.id)).toEqual(whole.data.map((c) => c.id));
  });

  it("links to the next page", async () => {
    const body = await searchOk({ place: "LON", from: tomorrow("LON"), limit: 2 });
    const next = new URL(body.links.next ?? "");
    expect(next.searchParams.get("cursor")).toBe(body.meta.next_cursor);
    expect(next.searchParams.get("limit")).toBe("2");
  });
});
