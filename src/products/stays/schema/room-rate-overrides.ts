import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { roomTypes } from "./room-types.ts";

/**
 * An operator's rate for a range of nights (YYYY-MM-DD, inclusive), replacing the rule price and,
 * when given, the minimum stay. Where overrides overlap, the newest (created_at, then id) that sets a value wins.
 */
export const roomRateOverrides = sqliteTable(
  "room_rate_overrides",
  {
    /** `ovr_…`: seeded rows have stable ids, so reseeding replaces them and leaves operators' rows alone. */
    id: text("id").primaryKey(),
    roomTypeId: text("room_type_id")
      .notNull()
      .references(() => roomTypes.id, { onDelete: "cascade" }),
    fromDate: text("from_date").notNull(),
    toDate: text("to_date").notNull(),
    priceMinor: integer("price_minor"),
    minStay: integer("min_stay"),
    reason: text("reason").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("room_rate_overrides_night_idx").on(t.roomTypeId, t.fromDate)],
);
