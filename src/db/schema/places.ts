import { index, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Airports and stations. The catalogue ships with the code (src/places/data); D1 holds a copy for joins and operators. */
export const places = sqliteTable(
  "places",
  {
    code: text("code").primaryKey(),
    name: text("name").notNull(),
    kind: text("kind", { enum: ["airport", "rail", "bus", "ferry"] }).notNull(),
    cityCode: text("city_code").notNull(),
    cityName: text("city_name").notNull(),
    country: text("country").notNull(),
    lat: real("lat").notNull(),
    lon: real("lon").notNull(),
    timezone: text("timezone").notNull(),
  },
  (t) => [index("places_city_code_idx").on(t.cityCode)],
);
