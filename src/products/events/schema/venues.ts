import { integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { VENUE_KINDS } from "../model.ts";

/** Where events happen: arenas and theatres, restaurants for shared tables, meeting points of tours. */
export const venues = sqliteTable("venues", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  kind: text("kind", { enum: VENUE_KINDS }).notNull(),
  /** A catalogue city code (src/places): venues are searched by city. */
  cityCode: text("city_code").notNull(),
  address: text("address").notNull(),
  lat: real("lat").notNull(),
  lon: real("lon").notNull(),
  /** People the venue holds; the tiers of one event never add up to more. */
  capacity: integer("capacity").notNull(),
  timezone: text("timezone").notNull(),
  updatedAt: integer("updated_at").notNull(),
});
