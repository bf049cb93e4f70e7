import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { resolveLocation } from "../src/places/catalog";
import { api } from "./support/app-client";
import { futureDay } from "./support/search-fixtures";
import { BUSY_ROUTES, QUIET_ROUTE, seedSmall, UNSERVED_ROUTE } from "./support/seed";

interface Offer {
  id: string;
  departure_id: string;
  fare_class: string;
  departs_at: string;
  seats_left: number;
  price: { per_passenger: { amount_minor: number }; total: { amount_minor: number }; passengers: number };
  segments: { mode: string; origin: { code: string }; destination: { code: string } }[];
}
interface Body {
  data: Offer[];
  meta: { total: number; next_cursor: string | null };
}

const date = futureDay(2).date;
const search = async (query: Record<string, string | number>) => {
  const params = new URLSearchParams(Object.entries({ date, ...query }).map(([k, v]) => [k, String(v)]));
  const res = await api(`https://edgefare.test/v1/search?${params}`);
  expect(res.status).toBe(200);
  return res.json<Body>();
};

beforeAll(async () => {
  await seedSmall(env.DB);
});

describe("search over the seeded schedule", () => {
  const busy = BUSY_ROUTES[0];

  it("finds exactly the departures D1 holds for the route-day, between the right cities", async () => {
    const body = await search({ origin: busy.origin, destination: busy.destination, limit: 100 });
    const origins = resolveLocation(busy.origin)?.placeCodes ?? [];
    const destinations = resolveLocation(busy.destination)?.placeCodes ?? [];
    const expected = await env.DB.prepare(
      `SELECT DISTINCT d.id FROM departures d JOIN fare_classes f ON f.departure_id = d.id
        WHERE d.service_date = ? AND d.status <> 'cancelled' AND f.seats_available >= 1
          AND d.origin_code IN (SELECT value FROM json_each(?)) AND d.destination_code IN (SELECT value FROM json_each(?))`,
    )
      .bind(date, JSON.stringify(origins), JSON.stringify(destinations))
      .all<{ id: string }>();
    const found = new Set(body.data.map((o) => o.departure_id));
    expect(found.size).toBe(busy.perDay);
    expect([...found].sort()).toEqual(expected.results.map((r) => r.id).sort());
    for (const offer of body.data) {
      const segment = offer.segments[0];
      expect(origins).toContain(segment?.origin.code);
      expect(destinations).toContain(segment?.destination.code);
      expect(busy.modes).toContain(segment?.mode);
    }
    const times = body.data.map((o) => o.departs_at);
    expect(times).toEqual([...times].sort());
  });

  it("pages through a busy route-day with no duplicates and no gaps", async () => {
    const all = await search({ origin: busy.origin, destination: busy.destination, sort: "price", limit: 100 });
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 50; page++) {
      const body: Body = await search({
        origin: busy.origin,
        destination: busy.destination,
        sort: "price",
        limit: 7,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...body.data.map((o) => o.id));
      cursor = body.meta.next_cursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(all.data.map((o) => o.id));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(all.meta.total);
  });

  it("prices every offer for all passengers", async () => {
    const body = await search({ origin: busy.origin, destination: busy.destination, passengers: 4, limit: 100 });
    expect(body.data.length).toBeGreaterThan(0);
    for (const offer of body.data) {
      expect(offer.price.total.amount_minor).toBe(offer.price.per_passenger.amount_minor * 4);
      expect(offer.seats_left).toBeGreaterThanOrEqual(4);
    }
  });

  it("finds the one daily service of a quiet route and nothing on an unserved one", async () => {
    const quiet = await search({ origin: QUIET_ROUTE.origin, destination: QUIET_ROUTE.destination });
    expect(new Set(quiet.data.map((o) => o.departure_id)).size).toBe(QUIET_ROUTE.perDay);
    const none = await search({ origin: UNSERVED_ROUTE.origin, destination: UNSERVED_ROUTE.destination });
    expect(none).toMatchObject({ data: [], meta: { total: 0, next_cursor: null } });
  });
});
