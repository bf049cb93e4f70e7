import { chunked, jsonInsert, ROWS_PER_STATEMENT } from "../../../db/bulk-insert-d1.ts";
import { DEPARTURE_COLUMNS, FARE_COLUMNS } from "./sql.ts";
import type { GeneratedDeparture } from "./types.ts";

/** Inserts a schedule through the D1 binding in batches of `perBatch` departures; returns the counts. */
export async function insertSchedule(
  db: D1Database,
  schedule: Iterable<GeneratedDeparture>,
  perBatch = 2_000,
): Promise<{ departures: number; fareClasses: number }> {
  const totals = { departures: 0, fareClasses: 0 };
  let batch: GeneratedDeparture[] = [];
  const flush = async () => {
    const departures = batch.map((b) => b.departure);
    const fares = batch.flatMap((b) => b.fares);
    await db.batch([
      ...chunked(departures, ROWS_PER_STATEMENT).map((rows) => jsonInsert(db, "departures", DEPARTURE_COLUMNS, rows)),
      ...chunked(fares, ROWS_PER_STATEMENT).map((rows) => jsonInsert(db, "fare_classes", FARE_COLUMNS, rows)),
    ]);
    totals.departures += departures.length;
    totals.fareClasses += fares.length;
    batch = [];
  };
  for (const item of schedule) {
    batch.push(item);
    if (batch.length >= perBatch) await flush();
  }
  if (batch.length > 0) await flush();
  return totals;
}
