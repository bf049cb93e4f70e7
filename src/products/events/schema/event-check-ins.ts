import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { eventTickets } from "./event-tickets.ts";

/**
 * A ticket's admission. The primary key is the ticket: the conditional insert that admits a
 * ticket (`ON CONFLICT DO NOTHING RETURNING`) succeeds for exactly one scan, however many race.
 */
export const eventCheckIns = sqliteTable("event_check_ins", {
  ticketId: text("ticket_id")
    .primaryKey()
    .references(() => eventTickets.id),
  eventId: text("event_id").notNull(),
  /** What the door app calls its scanner or entrance ("north-1"). */
  gate: text("gate").notNull(),
  /** Epoch seconds of the scan: the door app's time for an offline scan uploaded later. */
  checkedInAt: integer("checked_in_at").notNull(),
  /** Epoch seconds when the server recorded it. */
  recordedAt: integer("recorded_at").notNull(),
});
