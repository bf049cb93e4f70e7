import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { roomTypes } from "./room-types.ts";

/**
 * Sparse and advisory: what the property's inventory object last published for a room type on a
 * night it has sold or changed. No row means nothing was sold: the full room count at the rule
 * price. Only the object decides; search may show a room a hold then refuses, never the reverse.
 */
export const roomNightAvailability = sqliteTable(
  "room_night_availability",
  {
    roomTypeId: text("room_type_id")
      .notNull()
      .references(() => roomTypes.id, { onDelete: "cascade" }),
    night: text("night").notNull(),
    roomsLeft: integer("rooms_left").notNull(),
    /** Set when the object's price for the night differs from the rules (an operator change it applied). */
    priceMinor: integer("price_minor"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.roomTypeId, t.night] })],
);
