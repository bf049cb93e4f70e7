import { createRng } from "../../src/lib/prng";
import { addDays } from "../../src/lib/time";
import { generateStays, insertStays } from "../../src/products/stays/seed";
import type { StaysSeed } from "../../src/products/stays/seed/types";
import { api } from "./app-client";
import { staysSeedOptions } from "./seed";
import type { Published } from "./stays-model";

/** A UTC date `days` from today: from 1 on, it is today or later in every time zone. */
export function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Cities the search tests work in: a hub, islands, zero- and three-decimal currencies, both hemispheres. */
export const TEST_CITIES = ["LON", "PAR", "JTR", "TYO", "NAN", "TUN", "SYD", "REK"] as const;

/**
 * The seeded catalogue plus, in the test cities and the next 80 nights, what makes a calendar
 * uneven: advisory rows from inventory objects (sold-out and partly sold nights, changed prices),
 * rate overrides with minimum stays, closures and no-arrival closures. Returns what was stored,
 * for the model.
 */
export async function seedStaysWorld(db: D1Database): Promise<{ rows: StaysSeed; published: Published }> {
  const rows = generateStays(staysSeedOptions());
  const rng = createRng(2026);
  const inCities = new Set(
    rows.properties.filter((p) => (TEST_CITIES as readonly string[]).includes(p.cityCode)).map((p) => p.id),
  );
  const published: Published = new Map();
  const now = Math.floor(Date.now() / 1000);
  for (const rt of rows.roomTypes) {
    if (!inCities.has(rt.propertyId)) continue;
    const from = inDays(1 + rng.int(0, 60));
    if (rng.next() < 0.3) {
      for (let i = 0; i < 20; i++) {
        if (rng.next() < 0.5) continue;
        const roomsLeft = rng.next() < 0.3 ? 0 : rng.int(0, rt.roomCount);
        const priceMinor = rng.next() < 0.3 ? rt.baseRateMinor + 100 * rng.int(1, 50) : null;
        published.set(`${rt.id}|${addDays(from, i)}`, { roomsLeft, priceMinor });
      }
    }
    if (rng.next() < 0.1) {
      const toDate = addDays(from, rng.int(0, 6));
      rows.rateOverrides.push({
        id: `ovr_test_${rt.id}`,
        roomTypeId: rt.id,
        fromDate: from,
        toDate,
        priceMinor: rng.next() < 0.7 ? rt.baseRateMinor * 2 : null,
        minStay: rng.next() < 0.6 ? rng.int(2, 4) : null,
        reason: "test",
        createdAt: now + rng.int(0, 5),
      });
      // An older, wider override underneath: where both cover a night, the newer one's values win.
      if (rng.next() < 0.5) {
        rows.rateOverrides.push({
          id: `ovr_older_${rt.id}`,
          roomTypeId: rt.id,
          fromDate: addDays(from, -2),
          toDate: addDays(toDate, 2),
          priceMinor: rt.baseRateMinor * 3,
          minStay: rng.int(1, 3),
          reason: "test, older",
          createdAt: now - 1_000,
        });
      }
    }
    if (rng.next() < 0.08) {
      rows.closures.push({
        id: `cls_test_${rt.id}`,
        propertyId: rt.propertyId,
        roomTypeId: rng.next() < 0.5 ? rt.id : null,
        kind: rng.next() < 0.5 ? "closed" : "no_arrival",
        fromDate: from,
        toDate: addDays(from, rng.int(0, 4)),
        reason: "test",
        createdAt: now,
      });
    }
  }
  await insertStays(db, rows);
  const entries = [...published];
  for (let i = 0; i < entries.length; i += 500) {
    const json = JSON.stringify(
      entries.slice(i, i + 500).map(([key, v]) => [...key.split("|"), v.roomsLeft, v.priceMinor, now]),
    );
    await db
      .prepare(
        `INSERT OR REPLACE INTO room_night_availability (room_type_id, night, rooms_left, price_minor, updated_at)
         SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4 FROM json_each(?)`,
      )
      .bind(json)
      .run();
  }
  return { rows, published };
}

export interface StayRoomBody {
  room_type_id: string;
  rooms_left: number;
  price: {
    total: { amount_minor: number; currency: string };
    per_night: { amount_minor: number };
    nightly: { date: string; price: { amount_minor: number } }[];
  };
}
export interface StayBody {
  data: {
    id: string;
    stars: number;
    distance_m: number;
    cheapest: { total: { amount_minor: number } };
    rooms: StayRoomBody[];
  }[];
  meta: {
    count: number;
    total: number;
    next_cursor: string | null;
    tier: string;
    age_s: number;
    stale: boolean;
    as_of: string;
  };
  links: { self: string; next: string | null };
}

export function staysQuery(params: Record<string, string | number | undefined>): string {
  const defined = Object.entries(params).filter(([, v]) => v !== undefined) as [string, string | number][];
  return `/v1/stays/search?${new URLSearchParams(defined.map(([k, v]) => [k, String(v)]))}`;
}

export async function searchPage(
  path: string,
  fetcher: (p: string) => Promise<Response> = selfFetch,
): Promise<StayBody> {
  const res = await fetcher(path);
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  return res.json<StayBody>();
}

const selfFetch = api;

/** Every page of a search, following next_cursor. */
export async function allPages(path: string, fetcher?: (p: string) => Promise<Response>): Promise<StayBody["data"]> {
  const out: StayBody["data"] = [];
  let next: string | null = path;
  for (let guard = 0; next && guard < 100; guard++) {
    const body = await searchPage(next, fetcher);
    out.push(...body.data);
    next = body.links.next ? new URL(body.links.next).pathname + new URL(body.links.next).search : null;
  }
  return out;
}

type PropertyRow = StaysSeed["properties"][number];
type RoomTypeRow = StaysSeed["roomTypes"][number];

/** A property of our own making in `city` (London by default), for tests that need exact numbers. */
export function fixtureProperty(id: string, over: Partial<PropertyRow> = {}): PropertyRow {
  return {
    id,
    name: `Test ${id}`,
    cityCode: "LON",
    propertyType: "hotel",
    stars: 3,
    lat: 51.51,
    lon: -0.13,
    address: "1 Test Street, London",
    distanceM: 500,
    amenities: ["wifi"],
    checkInFrom: "15:00",
    checkOutUntil: "11:00",
    photos: [],
    policies: "Test policies.",
    currency: "GBP",
    timezone: "Europe/London",
    status: "open",
    updatedAt: 0,
    ...over,
  };
}

/** 100.00 a night every night, 10 rooms, two adults and a child, no rules. */
export function fixtureRoomType(id: string, propertyId: string, over: Partial<RoomTypeRow> = {}): RoomTypeRow {
  return {
    id,
    propertyId,
    name: `Room ${id}`,
    roomCount: 10,
    maxAdults: 2,
    maxChildren: 1,
    baseRateMinor: 10_000,
    weekdayPct: [100, 100, 100, 100, 100, 100, 100],
    seasons: [],
    minStay: 1,
    closedToArrival: 0,
    freeCancellationDays: 2,
    cancellationPenaltyPct: 100,
    updatedAt: 0,
    ...over,
  };
}

export async function insertFixture(
  db: D1Database,
  fixture: Partial<StaysSeed> & Pick<StaysSeed, "properties" | "roomTypes">,
): Promise<void> {
  await insertStays(db, { rateOverrides: [], closures: [], ...fixture });
}
