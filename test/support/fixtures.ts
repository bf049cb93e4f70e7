import type { Cabin } from "../../src/products/departures/schema/cabins";

export interface DepartureFixture {
  id: string;
  originCode?: string;
  destinationCode?: string;
  serviceDate?: string;
  departsAt?: number;
  mode?: "flight" | "rail" | "bus" | "ferry";
  durationMinutes?: number;
  fares?: { cabin: Cabin; capacity: number; priceMinor: number; currency?: string }[];
}

/** Inserts one departure with its fare classes: for tests that need a specific shape of inventory. */
export async function insertDeparture(db: D1Database, f: DepartureFixture): Promise<void> {
  const departsAt = f.departsAt ?? Math.floor(Date.now() / 1000) + 3 * 86400;
  const serviceDate = f.serviceDate ?? new Date(departsAt * 1000).toISOString().slice(0, 10);
  const now = Math.floor(Date.now() / 1000);
  const fares = f.fares ?? [{ cabin: "economy", capacity: 10, priceMinor: 10000 }];
  await db.batch([
    db
      .prepare(
        `INSERT INTO departures (id, mode, operator, number, origin_code, destination_code, service_date,
         departs_at, arrives_at, duration_minutes, status, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,'scheduled',?)`,
      )
      .bind(
        f.id,
        f.mode ?? "flight",
        "Test Air",
        "TA 1",
        f.originCode ?? "LHR",
        f.destinationCode ?? "CDG",
        serviceDate,
        departsAt,
        departsAt + (f.durationMinutes ?? 90) * 60,
        f.durationMinutes ?? 90,
        now,
      ),
    ...fares.map((fare) =>
      db
        .prepare(
          `INSERT INTO fare_classes (departure_id, cabin, capacity, price_minor, currency, seats_available, updated_at)
           VALUES (?,?,?,?,?,?,?)`,
        )
        .bind(f.id, fare.cabin, fare.capacity, fare.priceMinor, fare.currency ?? "EUR", fare.capacity, now),
    ),
  ]);
}
