import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const TRANSPORT_MODES = ["flight", "rail", "bus", "ferry"] as const;
export const DEPARTURE_STATUSES = ["scheduled", "delayed", "cancelled"] as const;

/** One scheduled trip between two places. Times are UTC epoch seconds; local times derive from the places' time zones. */
export const departures = sqliteTable(
  "departures",
  {
    id: text("id").primaryKey(),
    mode: text("mode", { enum: TRANSPORT_MODES }).notNull(),
    operator: text("operator").notNull(),
    number: text("number").notNull(),
    originCode: text("origin_code").notNull(),
    destinationCode: text("destination_code").notNull(),
    /** Local calendar date at the origin (YYYY-MM-DD): what a traveller searches by. */
    serviceDate: text("service_date").notNull(),
    departsAt: integer("departs_at").notNull(),
    arrivesAt: integer("arrives_at").notNull(),
    durationMinutes: integer("duration_minutes").notNull(),
    status: text("status", { enum: DEPARTURE_STATUSES }).notNull().default("scheduled"),
    updatedAt: integer("updated_at").notNull(),
  },
  // The search path: one route on one day. Covering the three equality columns lets SQLite
  // seek straight to the day's departures without touching other routes.
  (t) => [
    index("departures_route_day_idx").on(t.originCode, t.destinationCode, t.serviceDate),
    // Reminders start from the departures leaving in the next 24 h, not from every booking ever made.
    index("departures_departs_at_idx").on(t.departsAt),
  ],
);
