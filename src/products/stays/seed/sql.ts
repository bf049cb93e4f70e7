import { insertStatements } from "../../../db/bulk-insert.ts";
import type { ProductSeed } from "../../seed.ts";
import { CLOSURE_COLUMNS, PROPERTY_COLUMNS, RATE_OVERRIDE_COLUMNS, ROOM_TYPE_COLUMNS } from "./columns.ts";
import { generateStays } from "./generator.ts";

/** The stays catalogue for tools/seed.ts: one chunk per table, parents first (foreign keys). */
export const staysSeed: ProductSeed = {
  table: "properties",
  *sqlChunks({ seed, startDate }) {
    const rows = generateStays({ seed, startDate });
    const chunk = (table: string, statements: string[], count: number) => ({ statements, rows: { [table]: count } });
    yield chunk(
      "properties",
      insertStatements("properties", PROPERTY_COLUMNS, rows.properties),
      rows.properties.length,
    );
    yield chunk("room_types", insertStatements("room_types", ROOM_TYPE_COLUMNS, rows.roomTypes), rows.roomTypes.length);
    yield chunk(
      "room_rate_overrides",
      insertStatements("room_rate_overrides", RATE_OVERRIDE_COLUMNS, rows.rateOverrides),
      rows.rateOverrides.length,
    );
    yield chunk(
      "property_closures",
      insertStatements("property_closures", CLOSURE_COLUMNS, rows.closures),
      rows.closures.length,
    );
  },
};
