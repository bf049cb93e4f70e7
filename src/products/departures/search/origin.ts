import type { RouteDaySnapshot, SnapshotDeparture } from "./snapshot";

interface Row {
  id: string;
  mode: SnapshotDeparture["mode"];
  operator: string;
  number: string;
  origin_code: string;
  destination_code: string;
  departs_at: number;
  arrives_at: number;
  duration_minutes: number;
  status: SnapshotDeparture["status"];
  cabin: SnapshotDeparture["fares"][number]["cabin"];
  price_minor: number;
  currency: string;
  seats_available: number;
}

/**
 * One D1 round trip per route-day. The IN lists are bound parameters over the
 * (origin_code, destination_code, service_date) index; test/search-query-plan.test.ts proves
 * SQLite seeks that index rather than scanning.
 */
export function routeDaySql(origins: number, destinations: number): string {
  const list = (n: number, offset: number) => Array.from({ length: n }, (_, i) => `?${i + offset}`).join(", ");
  return `SELECT d.id, d.mode, d.operator, d.number, d.origin_code, d.destination_code, d.departs_at,
       d.arrives_at, d.duration_minutes, d.status, f.cabin, f.price_minor, f.currency, f.seats_available
  FROM departures d INDEXED BY departures_route_day_idx
  JOIN fare_classes f ON f.departure_id = d.id
 WHERE d.origin_code IN (${list(origins, 2)})
   AND d.destination_code IN (${list(destinations, 2 + origins)})
   AND d.service_date = ?1
   AND d.status <> 'cancelled'
 ORDER BY d.departs_at, d.id`;
}

export async function loadRouteDay(
  db: D1Database,
  input: { originCodes: string[]; destinationCodes: string[]; date: string; now: number },
): Promise<RouteDaySnapshot> {
  const sql = routeDaySql(input.originCodes.length, input.destinationCodes.length);
  const result = await db
    .prepare(sql)
    .bind(input.date, ...input.originCodes, ...input.destinationCodes)
    .all<Row>();
  return { asOf: input.now, departures: groupRows(result.results) };
}

function groupRows(rows: Row[]): SnapshotDeparture[] {
  const byId = new Map<string, SnapshotDeparture>();
  for (const r of rows) {
    let dep = byId.get(r.id);
    if (!dep) {
      dep = {
        id: r.id,
        mode: r.mode,
        operator: r.operator,
        number: r.number,
        origin: r.origin_code,
        destination: r.destination_code,
        departsAt: r.departs_at,
        arrivesAt: r.arrives_at,
        durationMinutes: r.duration_minutes,
        status: r.status,
        fares: [],
      };
      byId.set(r.id, dep);
    }
    dep.fares.push({
      cabin: r.cabin,
      priceMinor: r.price_minor,
      currency: r.currency,
      seatsAvailable: r.seats_available,
    });
  }
  return [...byId.values()];
}
