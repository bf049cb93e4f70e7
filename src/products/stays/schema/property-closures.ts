import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { CLOSURE_KINDS } from "../config.ts";
import { properties } from "./properties.ts";
import { roomTypes } from "./room-types.ts";

/**
 * Nights (YYYY-MM-DD, inclusive) a whole property, or one room type when `roomTypeId` is set,
 * does not sell (`closed`) or accepts no arrivals (`no_arrival`).
 */
export const propertyClosures = sqliteTable(
  "property_closures",
  {
    /** `cls_…`: seeded rows have stable ids, so reseeding replaces them and leaves operators' rows alone. */
    id: text("id").primaryKey(),
    propertyId: text("property_id")
      .notNull()
      .references(() => properties.id, { onDelete: "cascade" }),
    roomTypeId: text("room_type_id").references(() => roomTypes.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: CLOSURE_KINDS }).notNull(),
    fromDate: text("from_date").notNull(),
    toDate: text("to_date").notNull(),
    reason: text("reason").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("property_closures_night_idx").on(t.propertyId, t.fromDate)],
);
