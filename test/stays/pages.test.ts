import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { addDays } from "../../src/lib/time";
import { api } from "../support/app-client";
import {
  allPages,
  fixtureProperty,
  fixtureRoomType,
  inDays,
  insertFixture,
  searchPage,
  staysQuery,
} from "../support/stays";

const checkIn = inDays(12);
const path = (over: Record<string, string | number> = {}) =>
  staysQuery({ place: "CBR", check_in: checkIn, check_out: addDays(checkIn, 3), ...over });

/** 23 properties in Canberra with prices, stars and distances that tie in places, so order needs the id. */
beforeAll(async () => {
  const properties = Array.from({ length: 23 }, (_, i) =>
    fixtureProperty(`prp_pg_${String(i).padStart(2, "0")}`, {
      cityCode: "CBR",
      currency: "AUD",
      timezone: "Australia/Sydney",
      stars: 1 + (i % 5),
      distanceM: 300 + 100 * (i % 4),
    }),
  );
  const roomTypes = properties.flatMap((p, i) => [
    fixtureRoomType(`rt_pg_${i}_a`, p.id, { baseRateMinor: 10_000 + 1_000 * (i % 6) }),
    fixtureRoomType(`rt_pg_${i}_b`, p.id, { baseRateMinor: 20_000, maxAdults: 4 }),
  ]);
  await insertFixture(env.DB, { properties, roomTypes });
});

describe("stays search pages", () => {
  it.each(["price", "stars", "distance"])("walk every result once, in order, sorted by %s", async (sort) => {
    const whole = await searchPage(path({ sort, limit: 50 }));
    expect(whole.meta.total).toBe(23);
    expect(whole.meta.next_cursor).toBeNull();
    const paged = await allPages(path({ sort, limit: 4 }));
    expect(paged.map((p) => p.id)).toEqual(whole.data.map((p) => p.id));
    expect(new Set(paged.map((p) => p.id)).size).toBe(23);
  });

  it("orders by cheapest room, then most stars or nearest, then id", async () => {
    const byPrice = (await searchPage(path({ limit: 50 }))).data;
    const prices = byPrice.map((p) => p.cheapest.total.amount_minor);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    const ties = byPrice.filter((p) => p.cheapest.total.amount_minor === prices[0]).map((p) => p.id);
    expect(ties).toEqual([...ties].sort());
    const byStars = (await searchPage(path({ sort: "stars", limit: 50 }))).data;
    expect(byStars.map((p) => p.stars)).toEqual([...byStars.map((p) => p.stars)].sort((a, b) => b - a));
    const byDistance = (await searchPage(path({ sort: "distance", limit: 50 }))).data;
    expect(byDistance.map((p) => p.distance_m)).toEqual([...byDistance.map((p) => p.distance_m)].sort((a, b) => a - b));
  });

  it("says how many there are, links the next page and keeps the query in it", async () => {
    const first = await searchPage(path({ limit: 10 }));
    expect(first.meta).toMatchObject({ count: 10, total: 23 });
    const next = new URL(first.links.next ?? "");
    expect(next.searchParams.get("place")).toBe("CBR");
    expect(next.searchParams.get("cursor")).toBe(first.meta.next_cursor);
    const last = await searchPage(
      path({ limit: 10, cursor: (await searchPage(next.pathname + next.search)).meta.next_cursor ?? "" }),
    );
    expect(last.meta).toMatchObject({ count: 3, total: 23, next_cursor: null });
    expect(last.links.next).toBeNull();
  });

  it("prices per night and in total, night by night, for all rooms", async () => {
    const body = await searchPage(path({ rooms: 2, adults: 2, limit: 1 }));
    const room = body.data[0]?.rooms[0];
    expect(room?.price.total).toEqual({ amount_minor: 60_000, currency: "AUD" });
    expect(room?.price.per_night).toEqual({ amount_minor: 20_000, currency: "AUD" });
    expect(room?.price.nightly.map((n) => [n.date, n.price.amount_minor])).toEqual([
      [checkIn, 10_000],
      [addDays(checkIn, 1), 10_000],
      [addDays(checkIn, 2), 10_000],
    ]);
  });

  it("answers 304 to a matching If-None-Match, with the cache headers of /v1/search", async () => {
    const first = await api(path());
    const etag = first.headers.get("etag") ?? "";
    expect(etag).toMatch(/^W\/"/);
    expect(first.headers.get("cache-control")).toMatch(/^public, max-age=\d+, stale-while-revalidate=90$/);
    expect(first.headers.get("server-timing")).toMatch(/memory;dur=[\d.]+;desc="\d+ (hit|miss)/);
    await first.arrayBuffer();
    const again = await api(path(), { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    const other = await api(path({ adults: 1 }), {
      headers: { "if-none-match": etag },
    });
    expect(other.status).toBe(200);
    await other.arrayBuffer();
  });
});
