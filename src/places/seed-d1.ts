import { chunked, jsonInsert, ROWS_PER_STATEMENT } from "../db/bulk-insert-d1.ts";
import type { Place } from "./cities.ts";
import { PLACE_COLUMNS } from "./seed.ts";

/** The place catalogue through a D1 binding (tests, the benchmark's seed). */
export async function insertPlaces(db: D1Database, places: readonly Place[]): Promise<void> {
  await db.batch(chunked(places, ROWS_PER_STATEMENT).map((rows) => jsonInsert(db, "places", PLACE_COLUMNS, rows)));
}
