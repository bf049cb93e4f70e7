import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { TieredCache } from "../src/cache/tiered-cache";
import { CACHE_POLICY } from "../src/config";
import type { Logger } from "../src/lib/logger";
import { localDate } from "../src/lib/time";
import { getPlace, PLACES, resolveLocation } from "../src/places/catalog";
import { insertPlaces } from "../src/places/seed-d1";
import { loadHubs } from "../src/products/departures/search/connections/hubs";
import { MAX_SNAPSHOT_READS_WITH_CONNECTIONS } from "../src/products/departures/search/connections/search-connections";
import { loadRouteDay } from "../src/products/departures/search/origin";
import { searchTrips } from "../src/products/departures/search/search-trips";
import { api, appClient } from "./support/app-client";
import { countingKv } from "./support/counting-kv";
import { insertDeparture } from "./support/fixtures";
import { futureDay } from "./support/search-fixtures";

interface Offer {
  id: string;
  departure_id: string | null;
  fare_class: string;
  connections: number;
  layover_minutes: number | null;
  duration_minutes: number;
  departs_at: string;
  arrives_at: string;
  seats_left: number;
  price: { per_passenger: { amount_minor: number; currency: string }; total: { amount_minor: number } };
  segments: { departure_id: string; origin: { code: string }; destination: { code: string } }[];
}
interface Body {
  data: Offer[];
  meta: { total: number; next_cursor: string | null };
}

const search = async (query: Record<string, string | number>) => {
  const params = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  const res = await api(`https://edgefare.test/v1/search?${params}`);
  expect(res.status).toBe(200);
  return res.json<Body>();
};

/** One departure at an hour (UTC) of a day, its service date local to its origin. */
function leg(
  day: ReturnType<typeof futureDay>,
  id: string,
  origin: string,
  destination: string,
  hourUtc: number,
  minutes: number,
  fares: { cabin: "economy" | "business" | "standard"; priceMinor: number; capacity?: number; currency?: string }[],
  mode: "flight" | "rail" = "flight",
) {
  const at = day.at(Math.floor(hourUtc), Math.round((hourUtc % 1) * 60));
  return insertDeparture(env.DB, {
    id,
    originCode: origin,
    destinationCode: destination,
    mode,
    departsAt: at,
    durationMinutes: minutes,
    serviceDate: localDate(at * 1000, getPlace(origin)?.timezone ?? "UTC"),
    fares: fares.map((f) => ({ capacity: 9, currency: "EUR", ...f })),
  });
}

const viaMadrid = futureDay(3);
const withDirect = futureDay(4);
const manyHubs = futureDay(5);

beforeAll(async () => {
  await insertPlaces(env.DB, PLACES);
  // Lisbon → Vienna has no direct service on this day; Madrid connects (arrival 09:20 UTC).
  await leg(viaMadrid, "dep_cx_lis_mad", "LIS", "MAD", 8, 80, [
    { cabin: "economy", priceMinor: 9000 },
    { cabin: "business", priceMinor: 30000 },
  ]);
  await leg(viaMadrid, "dep_cx_mad_vie_short", "MAD", "VIE", 9 + 50 / 60, 150, [{ cabin: "economy", priceMinor: 100 }]);
  await leg(viaMadrid, "dep_cx_mad_vie_ok", "MAD", "VIE", 10.5, 150, [
    { cabin: "economy", priceMinor: 11000, capacity: 3 },
    { cabin: "business", priceMinor: 40000, currency: "GBP" },
  ]);
  await leg(viaMadrid, "dep_cx_mad_vie_late", "MAD", "VIE", 16, 150, [{ cabin: "economy", priceMinor: 100 }]);
  // Changing from the airport to Atocha needs 120 minutes: 11:00 is too soon, 11:30 is enough.
  await leg(
    viaMadrid,
    "dep_cx_atocha_bcn_soon",
    "ESMAT",
    "ESBSA",
    11,
    150,
    [{ cabin: "standard", priceMinor: 100 }],
    "rail",
  );
  await leg(viaMadrid, "dep_cx_lis_mad_std", "LIS", "MAD", 8, 80, [{ cabin: "standard", priceMinor: 5000 }]);
  await leg(
    viaMadrid,
    "dep_cx_atocha_bcn_ok",
    "ESMAT",
    "ESBSA",
    11.5,
    150,
    [{ cabin: "standard", priceMinor: 4000 }],
    "rail",
  );

  await leg(withDirect, "dep_cy_lis_vie", "LIS", "VIE", 9, 210, [{ cabin: "economy", priceMinor: 25000 }]);
  await leg(withDirect, "dep_cy_lis_mad", "LIS", "MAD", 7, 80, [{ cabin: "economy", priceMinor: 6000 }]);
  await leg(withDirect, "dep_cy_mad_vie_1", "MAD", "VIE", 9.5, 150, [{ cabin: "economy", priceMinor: 7000 }]);
  await leg(withDirect, "dep_cy_mad_vie_2", "MAD", "VIE", 11, 150, [{ cabin: "economy", priceMinor: 30000 }]);
});

describe("GET /v1/search with connections", () => {
  it("offers itineraries through a hub when nothing direct runs, within the connection rules", async () => {
    const body = await search({ origin: "LIS", destination: "VIE", date: viaMadrid.date, sort: "price" });
    expect(body.data.map((o) => o.id)).toEqual(["itn_economy.dep_cx_lis_mad.dep_cx_mad_vie_ok"]);
    const [offer] = body.data;
    expect(offer).toMatchObject({
      departure_id: null,
      fare_class: "economy",
      connections: 1,
      layover_minutes: 70,
      duration_minutes: 80 + 70 + 150,
      departs_at: new Date(viaMadrid.at(8) * 1000).toISOString(),
      arrives_at: new Date(viaMadrid.at(13) * 1000).toISOString(),
      seats_left: 3,
      price: { per_passenger: { amount_minor: 20000, currency: "EUR" }, total: { amount_minor: 20000 } },
    });
    expect(offer?.segments.map((s) => [s.departure_id, s.origin.code, s.destination.code])).toEqual([
      ["dep_cx_lis_mad", "LIS", "MAD"],
      ["dep_cx_mad_vie_ok", "MAD", "VIE"],
    ]);
  });

  it("prices for every passenger and leaves out itineraries a segment has too few seats for", async () => {
    const two = await search({ origin: "LIS", destination: "VIE", date: viaMadrid.date, passengers: 2 });
    expect(two.data[0]?.price.total.amount_minor).toBe(40000);
    const four = await search({ origin: "LIS", destination: "VIE", date: viaMadrid.date, passengers: 4 });
    expect(four.data).toEqual([]);
  });

  it("changes from the airport to a station of the hub city only with the longer connection", async () => {
    const body = await search({ origin: "LIS", destination: "BCN", date: viaMadrid.date, cabin: "standard" });
    expect(body.data.map((o) => [o.id, o.layover_minutes])).toEqual([
      ["itn_standard.dep_cx_lis_mad_std.dep_cx_atocha_bcn_ok", 130],
    ]);
  });

  it("answers direct only with max_connections=0", async () => {
    const body = await search({ origin: "LIS", destination: "VIE", date: viaMadrid.date, max_connections: 0 });
    expect(body).toMatchObject({ data: [], meta: { total: 0, next_cursor: null } });
  });

  it("keeps to direct offers where they exist, unless max_connections=1 asks for both in one list", async () => {
    const auto = await search({ origin: "LIS", destination: "VIE", date: withDirect.date, sort: "price" });
    expect(auto.data.map((o) => [o.id, o.departure_id, o.connections, o.layover_minutes])).toEqual([
      ["off_cy_lis_vie_economy", "dep_cy_lis_vie", 0, null],
    ]);
    const both = await search({
      origin: "LIS",
      destination: "VIE",
      date: withDirect.date,
      sort: "price",
      max_connections: 1,
    });
    expect(both.data.map((o) => [o.id, o.price.total.amount_minor])).toEqual([
      ["itn_economy.dep_cy_lis_mad.dep_cy_mad_vie_1", 13000],
      ["off_cy_lis_vie_economy", 25000],
      ["itn_economy.dep_cy_lis_mad.dep_cy_mad_vie_2", 36000],
    ]);
    const byDuration = await search({
      origin: "LIS",
      destination: "VIE",
      date: withDirect.date,
      sort: "duration",
      max_connections: 1,
    });
    expect(byDuration.data.map((o) => o.duration_minutes)).toEqual([210, 80 + 70 + 150, 80 + 160 + 150]);
  });

  it("pages through the combined list with no duplicates and no gaps", async () => {
    const query = { origin: "LIS", destination: "VIE", date: withDirect.date, sort: "departure", max_connections: 1 };
    const all = await search(query);
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const body: Body = await search({ ...query, limit: 1, ...(cursor ? { cursor } : {}) });
      seen.push(...body.data.map((o) => o.id));
      cursor = body.meta.next_cursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(all.data.map((o) => o.id));
    expect(seen).toHaveLength(3);
  });

  it("refuses a cursor from the same search with another max_connections", async () => {
    const query = { origin: "LIS", destination: "VIE", date: withDirect.date, max_connections: 1, limit: 1 };
    const first = await search(query);
    const res = await api(
      `https://edgefare.test/v1/search?${new URLSearchParams({ ...query, max_connections: "0", limit: "1", cursor: first.meta.next_cursor ?? "" })}`,
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "INVALID_CURSOR" });
  });

  it("refuses a max_connections other than 0 or 1", async () => {
    const res = await api(
      `https://edgefare.test/v1/search?origin=LIS&destination=VIE&date=${viaMadrid.date}&max_connections=2`,
    );
    expect(res.status).toBe(400);
    const body = await res.json<{ code: string; errors: { field: string }[] }>();
    expect(body.code).toBe("VALIDATION_FAILED");
    expect(body.errors.map((e) => e.field)).toEqual(["max_connections"]);
  });
});

describe("a search with connections reads a bounded number of snapshots", () => {
  // Five hubs join Lisbon and Vienna; the three with the least detour are searched.
  const hubs = [
    ["MAD", "MAD"],
    ["BCN", "BCN"],
    ["PAR", "CDG"],
    ["MIL", "MXP"],
    ["FRA", "FRA"],
  ] as const;

  beforeAll(async () => {
    for (const [city, airport] of hubs) {
      await leg(manyHubs, `dep_cz_lis_${city}`, "LIS", airport, 8, 120, [{ cabin: "economy", priceMinor: 5000 }]);
      await leg(manyHubs, `dep_cz_${city}_vie`, airport, "VIE", 11, 120, [{ cabin: "economy", priceMinor: 5000 }]);
    }
    // A late arrival in Madrid connects after midnight there: the next day's Madrid → Vienna.
    await leg(manyHubs, "dep_cz_lis_mad_late", "LIS", "MAD", 21.5, 80, [{ cabin: "economy", priceMinor: 5000 }]);
    await leg(manyHubs, "dep_cz_mad_vie_next", "MAD", "VIE", 25, 150, [{ cabin: "economy", priceMinor: 5000 }]);
  });

  it("finds the hubs in the schedule", async () => {
    const resolve = (code: string) => ({ code, type: "city" as const, cityCode: code, placeCodes: [] as string[] });
    const origin = { ...resolve("LIS"), placeCodes: ["LIS"] };
    const destination = { ...resolve("VIE"), placeCodes: ["VIE"] };
    expect(await loadHubs(env.DB, { origin, destination, date: manyHubs.date })).toEqual([
      "BCN",
      "FRA",
      "MAD",
      "MIL",
      "PAR",
    ]);
  });

  it(`reads the direct route-day, the hub list and each of three hubs' legs: at most ${MAX_SNAPSHOT_READS_WITH_CONNECTIONS}`, async () => {
    const reads: string[] = [];
    const silent: Logger = { info() {}, warn() {}, error() {} };
    const now = () => Date.now();
    const cache = new TieredCache({
      tiers: [],
      policy: CACHE_POLICY,
      inflight: new Map(),
      now,
      waitUntil: () => {},
      log: silent,
    });
    const result = await searchTrips({
      deps: {
        cache,
        versions: { get: async () => "1" },
        popularity: { record: async () => 1, recordAll: async () => new Map(), top: async () => [] },
        loadRouteDay: (q) => {
          reads.push(`${q.originCodes.join(",")}>${q.destinationCodes.join(",")}@${q.date}`);
          return loadRouteDay(env.DB, { ...q, now: now() });
        },
        loadHubs: (q) => {
          reads.push(`hubs ${q.origin.code}>${q.destination.code}@${q.date}`);
          return loadHubs(env.DB, q);
        },
        now,
        waitUntil: () => {},
      },
      input: { origin: "LIS", destination: "VIE", date: manyHubs.date, passengers: 1, sort: "price", limit: 50 },
    });
    if (!result.ok) throw new Error(result.error.code);
    // Direct, hub list, three first legs, and second legs: Milan and Barcelona one day, Madrid two.
    expect(reads).toHaveLength(9);
    expect(reads.length).toBeLessThanOrEqual(MAX_SNAPSHOT_READS_WITH_CONNECTIONS);
    const next = localDate(manyHubs.at(24) * 1000, "Europe/Madrid");
    const lisbon = resolveLocation("LIS")?.placeCodes.join(",");
    expect(reads.filter((r) => r.startsWith(`${lisbon}>`)).length).toBe(1 + 3);
    expect(reads).toContain(`hubs LIS>VIE@${manyHubs.date}`);
    expect(result.value.offers.map((o) => o.segments[0]?.destination).sort()).toEqual(["BCN", "MAD", "MAD", "MXP"]);
    expect(result.value.offers.some((o) => o.segments[1]?.departureId === "dep_cz_mad_vie_next")).toBe(true);
    const codes = (city: string) => resolveLocation(city)?.placeCodes.join(",");
    expect(reads.filter((r) => r.endsWith(`@${next}`))).toEqual([`${codes("MAD")}>${codes("VIE")}@${next}`]);
  });

  it("reads the three first legs from KV in one bulk read, and the second legs in another", async () => {
    const { kv, reads } = countingKv();
    const res = await appClient({ ...env, ROUTE_CACHE: kv })(
      `/v1/search?origin=LIS&destination=VIE&date=${manyHubs.date}&max_connections=1&passengers=2`,
    );
    expect(res.status).toBe(200);
    expect(reads.filter((n) => n > 1)).toEqual([3, 4]);
  });
});
