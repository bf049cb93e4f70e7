import { eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { departures, fareClasses } from "./schema";

export type DepartureRow = typeof departures.$inferSelect;
export type FareClassRow = typeof fareClasses.$inferSelect;

export interface DepartureDetails {
  departure: DepartureRow;
  fares: FareClassRow[];
}

/** A departure with its fare classes: two statements, one D1 round trip. */
export async function loadDeparture(db: Database, id: string): Promise<DepartureDetails | null> {
  const [deps, fares] = await db.batch([
    db.select().from(departures).where(eq(departures.id, id)).limit(1),
    db.select().from(fareClasses).where(eq(fareClasses.departureId, id)).orderBy(fareClasses.priceMinor),
  ]);
  const departure = deps[0];
  return departure ? { departure, fares } : null;
}
