import { addDays } from "../../../../lib/time";
import { getCity, type ResolvedLocation } from "../../../../places/catalog";
import { distanceKm } from "../../../../places/geo";

/**
 * The hub cities through which one connection can join an origin and a destination on a date,
 * read from the schedule itself: cities the origin's places serve that day with a service on to
 * the destination's places the same day or a day either side (a connection may arrive at the hub
 * after midnight, or on the hub's previous day across the date line). One D1 round trip, cached
 * like a route-day under its own key (hubsKey).
 *
 * The first step reads only the route-day index (origin_code, destination_code, service_date),
 * which covers it; the second seeks that index per hub place; places are joined by primary key
 * and by places_city_code_idx. Cancellations are not filtered here: a hub whose services are all
 * cancelled costs two snapshot reads and yields nothing.
 */
export function hubsSql(origins: number, destinations: number): string {
  const list = (n: number, offset: number) => Array.from({ length: n }, (_, i) => `?${i + offset}`).join(", ");
  const first = 6;
  return `WITH reached AS (
  SELECT DISTINCT destination_code AS code FROM departures INDEXED BY departures_route_day_idx
   WHERE origin_code IN (${list(origins, first)}) AND service_date = ?1
), hub_places AS (
  SELECT DISTINCT p2.city_code AS city, p2.code AS code
    FROM reached JOIN places p1 ON p1.code = reached.code JOIN places p2 ON p2.city_code = p1.city_code
   WHERE p1.city_code NOT IN (?4, ?5)
)
SELECT DISTINCT city FROM hub_places
 WHERE EXISTS (
  SELECT 1 FROM departures b INDEXED BY departures_route_day_idx
   WHERE b.origin_code = hub_places.code
     AND b.destination_code IN (${list(destinations, first + origins)})
     AND b.service_date IN (?2, ?1, ?3))
 ORDER BY city`;
}

export async function loadHubs(
  db: D1Database,
  input: { origin: ResolvedLocation; destination: ResolvedLocation; date: string },
): Promise<string[]> {
  const { origin, destination, date } = input;
  const rows = await db
    .prepare(hubsSql(origin.placeCodes.length, destination.placeCodes.length))
    .bind(
      date,
      addDays(date, -1),
      addDays(date, 1),
      origin.cityCode,
      destination.cityCode,
      ...origin.placeCodes,
      ...destination.placeCodes,
    )
    .all<{ city: string }>();
  return rows.results.map((r) => r.city);
}

/** A hub list is its own cache entry, beside the route-days it points at. */
export function hubsKey(origin: string, destination: string, date: string): string {
  return `hubs:v1:${origin}:${destination}:${date}`;
}

/**
 * At most this many hubs are searched, so a search with connections reads at most
 * 2 + MAX_HUBS × (1 + MAX_SECOND_LEG_DAYS) snapshots (docs/search-and-caching.md).
 */
export const MAX_HUBS = 3;

/**
 * The hubs worth searching first: the least detour (origin → hub → destination against origin →
 * destination, between the cities' main places), then the code. A big hub far off the way loses
 * to a small one on it, which is what a traveller would choose too.
 */
export function rankHubs(hubs: readonly string[], originCity: string, destinationCity: string): string[] {
  const at = (code: string) => getCity(code)?.places[0];
  const o = at(originCity);
  const d = at(destinationCity);
  if (!o || !d) return [...hubs].sort().slice(0, MAX_HUBS);
  const detour = (code: string) => {
    const h = at(code);
    return h ? distanceKm(o, h) + distanceKm(h, d) : Number.POSITIVE_INFINITY;
  };
  return hubs
    .map((code) => ({ code, km: detour(code) }))
    .sort((x, y) => x.km - y.km || (x.code < y.code ? -1 : 1))
    .slice(0, MAX_HUBS)
    .map((h) => h.code);
}
