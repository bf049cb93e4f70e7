import type { Miniflare } from "miniflare";
import { mulberry32 } from "./mix.ts";

export interface RouteDay {
  origin: string;
  destination: string;
  date: string;
  departures: number;
}

export interface Fare {
  departureId: string;
  cabin: string;
  capacity: number;
}

/** What the scenarios search, look up and book, chosen from the seeded database itself. */
export interface Fixtures {
  /** City pairs by day, busiest first: the head is the popular mix, the rest feed the tier scenarios. */
  cityRouteDays: RouteDay[];
  /** Place pairs (airport to airport, station to station) by day, in a fixed shuffled order. */
  placeRouteDays: RouteDay[];
  departureIds: string[];
  /** The largest fare class departing in five days: its object takes the hold storm. */
  holdFare: Fare;
  /** A small fare class: many more clients than seats, to see the refusals. */
  contentionFare: Fare;
  /** One fare class per departure for the journeys. */
  journeyFares: Fare[];
  /** Fare classes nobody else touches, one per flash-sale repetition, each on its own departure. */
  flashFares: Fare[];
  /** Cities with stays, most properties first (the stays search scenarios). */
  stayCities: string[];
  /** One room type of one open property: its object takes the multi-night hold storm. */
  stayRoom: { propertyId: string; roomTypeId: string };
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

export async function loadFixtures(mf: Miniflare): Promise<Fixtures> {
  const db = await mf.getD1Database("DB");
  // Tomorrow onwards: "today" at the origin may still be yesterday in UTC, or already tomorrow.
  const [from, to] = [day(1), day(19)];
  const city = await db
    .prepare(
      `SELECT po.city_code AS origin, pd.city_code AS destination, d.service_date AS date, COUNT(*) AS departures
         FROM departures d JOIN places po ON po.code = d.origin_code JOIN places pd ON pd.code = d.destination_code
        WHERE d.service_date BETWEEN ?1 AND ?2 AND po.city_code <> pd.city_code
        GROUP BY 1, 2, 3 ORDER BY departures DESC, 1, 2, 3`,
    )
    .bind(from, to)
    .all<RouteDay>();
  const place = await db
    .prepare(
      `SELECT origin_code AS origin, destination_code AS destination, service_date AS date, COUNT(*) AS departures
         FROM departures WHERE service_date BETWEEN ?1 AND ?2
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    )
    .bind(from, to)
    .all<RouteDay>();
  const ids = await db.prepare("SELECT id FROM departures ORDER BY id LIMIT 5000").all<{ id: string }>();
  const fares = (sql: string, ...args: (string | number)[]) =>
    db
      .prepare(
        `SELECT f.departure_id AS departureId, f.cabin, f.capacity FROM fare_classes f
           JOIN departures d ON d.id = f.departure_id WHERE d.service_date = ?1 AND ${sql}`,
      )
      .bind(...args)
      .all<Fare>();
  const [hold] = (await fares("1 = 1 ORDER BY f.capacity DESC, f.departure_id LIMIT 1", day(5))).results;
  const [contention] = (await fares("f.capacity BETWEEN 50 AND 200 ORDER BY f.departure_id LIMIT 1 OFFSET 1", day(5)))
    .results;
  const journey = await fares("f.capacity >= 50 GROUP BY f.departure_id ORDER BY f.departure_id LIMIT 500", day(4));
  // One fare per departure: a departure's object loads every fare class's capacity when first
  // asked, so a second repetition on another cabin of it would not see its capacity set in D1.
  const flash = await fares(
    "f.capacity BETWEEN 50 AND 200 GROUP BY f.departure_id ORDER BY f.departure_id LIMIT 5 OFFSET 2",
    day(5),
  );
  if (!hold || !contention || journey.results.length === 0 || flash.results.length < 5) {
    throw new Error("the seed has no departures in 4-5 days");
  }
  const stayCities = await db
    .prepare("SELECT city_code AS city FROM properties WHERE status = 'open' GROUP BY 1 ORDER BY COUNT(*) DESC, 1")
    .all<{ city: string }>();
  const stayRoom = await db
    .prepare(
      `SELECT p.id AS propertyId, r.id AS roomTypeId FROM room_types r JOIN properties p ON p.id = r.property_id
        WHERE p.status = 'open' ORDER BY p.id, r.id LIMIT 1`,
    )
    .first<{ propertyId: string; roomTypeId: string }>();
  if (stayCities.results.length === 0 || !stayRoom) throw new Error("the seed has no stays");
  return {
    cityRouteDays: city.results,
    placeRouteDays: shuffled(place.results).slice(0, 20_000),
    departureIds: ids.results.map((r) => r.id),
    holdFare: hold,
    contentionFare: contention,
    journeyFares: journey.results,
    flashFares: flash.results,
    stayCities: stayCities.results.map((r) => r.city),
    stayRoom,
  };
}

/** Fisher-Yates with a fixed seed (mulberry32): the same order on every run. */
export function shuffled<T>(items: readonly T[], seed = 7): T[] {
  const out = [...items];
  const random = mulberry32(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
