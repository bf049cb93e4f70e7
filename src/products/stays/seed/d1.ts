import { insertRows } from "../../../db/bulk-insert-d1.ts";
import { CLOSURE_COLUMNS, PROPERTY_COLUMNS, RATE_OVERRIDE_COLUMNS, ROOM_TYPE_COLUMNS } from "./columns.ts";
import type { StaysSeed } from "./types.ts";

/** Loads generated stays rows through a D1 binding (tests, workerd), parents first. */
export async function insertStays(db: D1Database, rows: StaysSeed): Promise<void> {
  await insertRows(db, "properties", PROPERTY_COLUMNS, rows.properties);
  await insertRows(db, "room_types", ROOM_TYPE_COLUMNS, rows.roomTypes);
  await insertRows(db, "room_rate_overrides", RATE_OVERRIDE_COLUMNS, rows.rateOverrides);
  await insertRows(db, "property_closures", CLOSURE_COLUMNS, rows.closures);
}
