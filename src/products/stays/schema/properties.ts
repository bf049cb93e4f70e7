import { index, integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { type Amenity, PROPERTY_STATUSES, PROPERTY_TYPES } from "../config.ts";

/**
 * A place to stay. One currency and one time zone per property (its country's and its city's):
 * every rate of its room types is in that currency, every date in that zone's calendar.
 */
export const properties = sqliteTable(
  "properties",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    cityCode: text("city_code").notNull(),
    propertyType: text("property_type", { enum: PROPERTY_TYPES }).notNull(),
    /** 1 to 5. */
    stars: integer("stars").notNull(),
    lat: real("lat").notNull(),
    lon: real("lon").notNull(),
    address: text("address").notNull(),
    /** Metres from the city centre (src/products/stays/city-centres.ts), great-circle; what search sorts by. */
    distanceM: integer("distance_m").notNull(),
    amenities: text("amenities", { mode: "json" }).$type<Amenity[]>().notNull(),
    /** Local wall-clock times, HH:MM. */
    checkInFrom: text("check_in_from").notNull(),
    checkOutUntil: text("check_out_until").notNull(),
    photos: text("photos", { mode: "json" }).$type<string[]>().notNull(),
    /** What a guest reads before booking (house rules, deposits, children). */
    policies: text("policies").notNull(),
    currency: text("currency").notNull(),
    timezone: text("timezone").notNull(),
    status: text("status", { enum: PROPERTY_STATUSES }).notNull().default("open"),
    updatedAt: integer("updated_at").notNull(),
  },
  // Search reads a city's open properties: one seek for the listing and each city-night.
  (t) => [index("properties_city_idx").on(t.cityCode, t.status)],
);
