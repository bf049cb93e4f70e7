import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { properties } from "./properties.ts";

/** A rate multiplier for the nights from `from` to `to` (MM-DD, inclusive, may wrap over New Year). */
export interface Season {
  from: string;
  to: string;
  /** Percent of the base rate: 130 = 30 % dearer. */
  pct: number;
}

/**
 * A kind of room at a property and the rules that price and restrict it. Rates are rules, not
 * rows: the nightly price is base × weekday factor × season factor (src/products/stays/rules/rates.ts),
 * unless an operator override or the property's inventory object says otherwise.
 */
export const roomTypes = sqliteTable(
  "room_types",
  {
    id: text("id").primaryKey(),
    propertyId: text("property_id")
      .notNull()
      .references(() => properties.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** How many rooms of this type the property sells each night. */
    roomCount: integer("room_count").notNull(),
    maxAdults: integer("max_adults").notNull(),
    /** Children may also take an adult's place left free (src/products/stays/rules/occupancy.ts). */
    maxChildren: integer("max_children").notNull(),
    /** Per room per night, minor units of the property's currency. */
    baseRateMinor: integer("base_rate_minor").notNull(),
    /** Seven percentages, Sunday first, by the weekday of the night (the date the night starts). */
    weekdayPct: text("weekday_pct", { mode: "json" }).$type<number[]>().notNull(),
    seasons: text("seasons", { mode: "json" }).$type<Season[]>().notNull(),
    /** Fewest nights a stay arriving on a night may have (the arrival night's rule applies). */
    minStay: integer("min_stay").notNull().default(1),
    /** Weekdays no stay may start on: bit 0 Sunday … bit 6 Saturday. */
    closedToArrival: integer("closed_to_arrival").notNull().default(0),
    /**
     * Cancellation: free until this many days before check-in (00:00 at the property), then
     * `cancellationPenaltyPct` of the total is kept. Null: never free (non-refundable rate).
     */
    freeCancellationDays: integer("free_cancellation_days"),
    cancellationPenaltyPct: integer("cancellation_penalty_pct").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("room_types_property_idx").on(t.propertyId)],
);
