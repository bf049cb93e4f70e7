import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { CABINS } from "./cabins";
import { departures } from "./departures";

/** Seats of one class on one departure. Money is integer minor units with an ISO 4217 code. */
export const fareClasses = sqliteTable(
  "fare_classes",
  {
    departureId: text("departure_id")
      .notNull()
      .references(() => departures.id, { onDelete: "cascade" }),
    cabin: text("cabin", { enum: CABINS }).notNull(),
    capacity: integer("capacity").notNull(),
    priceMinor: integer("price_minor").notNull(),
    currency: text("currency").notNull(),
    /** Advisory: published by the departure's Durable Object after each change; only the object decides. */
    seatsAvailable: integer("seats_available").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.departureId, t.cabin] })],
);
