import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { api } from "./support/app-client";
import { seedLondonParis } from "./support/search-fixtures";

interface Offer {
  id: string;
  fare_class: string;
  price: {
    per_passenger: { amount_minor: number };
    total: { amount_minor: number; currency: string };
    passengers: number;
  };
  seats_left: number;
  segments: { mode: string; origin: { code: string }; departs_at_local: string }[];
}
interface SearchBody {
  data: Offer[];
  meta: { count: number; total: number; next_cursor: string | null; tier: string; age_s: number; max_stale_s: number };
  links: { next: string | null };
}

let date = "";
const search = (params: Record<string, string | number>) =>
  api(`https://edgefare.test/v1/search?${new URLSearchParams({ date, ...stringify(params) })}`);
const stringify = (p: Record<string, string | number>) =>
  Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)]));
const ids = (body: SearchBody) => body.data.map((o) => o.id);

beforeAll(async () => {
  ({ date } = await seedLondonParis(env.DB, 12, "s"));
});

describe("GET /v1/search: what it finds", () => {
  it("searches every station and airport of two cities, by departure time", async () => {
    const res = await search({ origin: "LON", destination: "PAR" });
    expect(res.status).toBe(200);
    const body = await res.json<SearchBody>();
    // t3 is sold out, t5 cancelled, x1 goes elsewhere, x2 leaves the next day.
    expect(ids(body)).toEqual([
      "off_st2_first",
      "off_st2_standard",
      "off_st1_business",
      "off_st1_economy",
      "off_st4_standard",
    ]);
    expect(body.meta.total).toBe(5);
  });

  it("narrows to one airport pair when given place codes", async () => {
    const body = await (await search({ origin: "LHR", destination: "CDG" })).json<SearchBody>();
    expect(ids(body)).toEqual(["off_st1_business", "off_st1_economy"]);
  });

  it("multiplies the price by passengers and drops classes without enough seats", async () => {
    const body = await (await search({ origin: "LON", destination: "PAR", passengers: 3 })).json<SearchBody>();
    expect(ids(body)).toEqual(["off_st2_standard", "off_st1_business", "off_st1_economy", "off_st4_standard"]);
    const economy = body.data.find((o) => o.id === "off_st1_economy");
    expect(economy?.price).toEqual({
      per_passenger: { amount_minor: 12000, currency: "EUR" },
      total: { amount_minor: 36000, currency: "EUR" },
      passengers: 3,
    });
  });

  it("filters by cabin and by modes", async () => {
    const economy = await (await search({ origin: "LON", destination: "PAR", cabin: "economy" })).json<SearchBody>();
    expect(ids(economy)).toEqual(["off_st1_economy"]);
    const ground = await (await search({ origin: "LON", destination: "PAR", modes: "rail,bus" })).json<SearchBody>();
    expect(ids(ground)).toEqual(["off_st2_first", "off_st2_standard", "off_st4_standard"]);
  });

  it("sorts by price and by duration", async () => {
    const byPrice = await (await search({ origin: "LON", destination: "PAR", sort: "price" })).json<SearchBody>();
    expect(byPrice.data.map((o) => o.price.total.amount_minor)).toEqual([4000, 9000, 12000, 20000, 45000]);
    const byDuration = await (await search({ origin: "LON", destination: "PAR", sort: "duration" })).json<SearchBody>();
    expect(ids(byDuration)).toEqual([
      "off_st1_business",
      "off_st1_economy",
      "off_st2_first",
      "off_st2_standard",
      "off_st4_standard",
    ]);
  });

  it("gives local times with the origin's offset", async () => {
    const body = await (await search({ origin: "GBSPX", destination: "FRPNO" })).json<SearchBody>();
    const segment = body.data[0]?.segments[0];
    expect(segment?.origin.code).toBe("GBSPX");
    expect(segment?.departs_at_local).toMatch(new RegExp(`^${date}T0[78]:00:00\\+0[01]:00$`));
  });
});

describe("GET /v1/search: pagination", () => {
  for (const sort of ["departure", "price", "duration"]) {
    it(`pages through every offer exactly once (sort=${sort})`, async () => {
      const all = await (await search({ origin: "LON", destination: "PAR", sort })).json<SearchBody>();
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const params: Record<string, string | number> = { origin: "LON", destination: "PAR", sort, limit: 2 };
        if (cursor) params.cursor = cursor;
        const page: SearchBody = await (await search(params)).json<SearchBody>();
        seen.push(...ids(page));
        cursor = page.meta.next_cursor;
        expect(page.links.next !== null).toBe(cursor !== null);
        pages++;
      } while (cursor && pages < 10);
      expect(seen).toEqual(ids(all));
      expect(pages).toBe(3);
    });
  }

  it("refuses a cursor from another search", async () => {
    const first = await (await search({ origin: "LON", destination: "PAR", limit: 1 })).json<SearchBody>();
    const res = await search({
      origin: "LON",
      destination: "PAR",
      limit: 1,
      sort: "price",
      cursor: first.meta.next_cursor ?? "",
    });
    expect(res.status).toBe(400);
    expect((await res.json<{ code: string }>()).code).toBe("INVALID_CURSOR");
  });
});

describe("GET /v1/search: freshness and HTTP caching", () => {
  it("says which tier answered and how fresh it is", async () => {
    const first = await search({ origin: "LGW", destination: "ORY" });
    const firstBody = await first.json<SearchBody>();
    expect(firstBody.meta).toMatchObject({ tier: "origin", age_s: 0, max_stale_s: 120 });
    const second = await (await search({ origin: "LGW", destination: "ORY" })).json<SearchBody>();
    expect(second.meta.tier).toBe("memory");
    expect(first.headers.get("server-timing")).toMatch(/memory;dur=[\d.]+;desc="miss".*origin;dur=/);
    expect(first.headers.get("cache-control")).toBe("public, max-age=30, stale-while-revalidate=90");
    expect(first.headers.get("x-request-id")).toMatch(/^req_/);
  });

  it("answers 304 to a matching If-None-Match", async () => {
    const res = await search({ origin: "LON", destination: "PAR", cabin: "first" });
    const etag = res.headers.get("etag");
    expect(etag).toMatch(/^W\/".+"$/);
    const again = await api(res.url, { headers: { "if-none-match": etag ?? "" } });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    expect(await again.text()).toBe("");
  });
});
