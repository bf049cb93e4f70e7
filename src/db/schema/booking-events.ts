import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** The booking's timeline: everything that happened to it, with the request that caused it. */
export const bookingEvents = sqliteTable(
  "booking_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    bookingId: text("booking_id").notNull(),
    at: integer("at").notNull(),
    kind: text("kind").notNull(),
    /** JSON object with event-specific details. */
    detail: text("detail").notNull().default("{}"),
    requestId: text("request_id"),
  },
  (t) => [index("booking_events_booking_idx").on(t.bookingId, t.at)],
);
