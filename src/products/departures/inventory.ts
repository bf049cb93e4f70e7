import { and, eq } from "drizzle-orm";
import { createDb } from "../../db/client";
import type { FareAvailability } from "../../inventory/contract";
import type { DepartureMeta, FareRow } from "../../inventory/rows";
import { departures, fareClasses } from "./schema";

export interface LoadedDeparture {
  meta: DepartureMeta;
  fares: Omit<FareRow, "held" | "sold">[];
}

/** Read once, when the object first wakes for a departure. Null when D1 has no such departure. */
export async function loadDeparture(d1: D1Database, departureId: string): Promise<LoadedDeparture | null> {
  const db = createDb(d1);
  const [found, fares] = await db.batch([
    db
      .select({ status: departures.status, departsAt: departures.departsAt })
      .from(departures)
      .where(eq(departures.id, departureId))
      .limit(1),
    db
      .select({
        cabin: fareClasses.cabin,
        capacity: fareClasses.capacity,
        priceMinor: fareClasses.priceMinor,
        currency: fareClasses.currency,
      })
      .from(fareClasses)
      .where(eq(fareClasses.departureId, departureId))
      .orderBy(fareClasses.cabin),
  ]);
  const departure = found[0];
  if (!departure) return null;
  return { meta: { departureId, status: departure.status, departsAt: departure.departsAt * 1000 }, fares };
}

/**
 * Copies the object's numbers to D1 for search. Advisory: search may show a seat that a hold then
 * refuses, never the reverse problem of selling one that is not there. Capacity and price are
 * copied too because, after initialisation, operator changes land in the object first.
 */
export async function publishAvailability(
  d1: D1Database,
  departureId: string,
  rows: FareAvailability[],
  nowMs: number,
): Promise<void> {
  const db = createDb(d1);
  const updatedAt = Math.floor(nowMs / 1000);
  const [first, ...rest] = rows.map((r) =>
    db
      .update(fareClasses)
      .set({ seatsAvailable: r.available, capacity: r.capacity, priceMinor: r.priceMinor, updatedAt })
      .where(and(eq(fareClasses.departureId, departureId), eq(fareClasses.cabin, r.cabin))),
  );
  if (first) await db.batch([first, ...rest]);
}
