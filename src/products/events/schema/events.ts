import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { EVENT_CATEGORIES, EVENT_STATUSES } from "../model.ts";
import { venues } from "./venues.ts";

/**
 * One event: a sellable unit (one inventory object per event id). Times are UTC epoch seconds;
 * `local_date` is the calendar date at the venue, what a visitor searches by.
 */
export const events = sqliteTable(
  "events",
  {
    /**
     * A stable integer key for the full-text index (events_fts's rowid). SQLite's implicit rowid
     * of a table keyed by text may change on VACUUM; an INTEGER PRIMARY KEY never does. Nothing
     * outside the search index uses it: the event's id is `id`.
     */
    seq: integer("seq").primaryKey(),
    id: text("id").notNull(),
    name: text("name").notNull(),
    category: text("category", { enum: EVENT_CATEGORIES }).notNull(),
    /** Performers, teams, companies, guides or hosts, in billing order (a JSON array of names). */
    performers: text("performers", { mode: "json" }).$type<string[]>().notNull(),
    description: text("description").notNull(),
    venueId: text("venue_id")
      .notNull()
      .references(() => venues.id),
    cityCode: text("city_code").notNull(),
    localDate: text("local_date").notNull(),
    startsAt: integer("starts_at").notNull(),
    endsAt: integer("ends_at").notNull(),
    timezone: text("timezone").notNull(),
    /**
     * When the doors open (epoch seconds), if the organiser says; reminders show it. No CHECK
     * against starts_at: adding one would make drizzle-kit rebuild the table, which drops the
     * full-text triggers; the operator verbs check it.
     */
    doorsOpenAt: integer("doors_open_at"),
    /** Every tier of an event sells in this currency (ISO 4217; prices in its minor unit). */
    currency: text("currency").notNull(),
    status: text("status", { enum: EVENT_STATUSES }).notNull().default("scheduled"),
    /** The event's sales window; a tier may narrow it, never widen it. */
    salesOpenAt: integer("sales_open_at").notNull(),
    salesCloseAt: integer("sales_close_at").notNull(),
    /** 0–100: how much demand the event draws (sort=popularity). */
    popularity: integer("popularity").notNull().default(0),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("events_id_unique").on(t.id),
    // The search path: one city on one local date (a city-day snapshot is one seek).
    index("events_city_day_idx").on(t.cityCode, t.localDate),
    // Renaming a venue re-indexes its events (trigger venues_fts_au); the foreign key checks use it too.
    index("events_venue_idx").on(t.venueId),
    check("events_times_ordered", sql`${t.startsAt} < ${t.endsAt}`),
    check("events_sales_window", sql`${t.salesOpenAt} < ${t.salesCloseAt} AND ${t.salesCloseAt} <= ${t.startsAt}`),
    check("events_popularity_range", sql`${t.popularity} BETWEEN 0 AND 100`),
  ],
);
