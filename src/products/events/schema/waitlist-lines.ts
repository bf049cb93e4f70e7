import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { events } from "./events.ts";

/**
 * One row per tier whose waitlist has seen a return: the tickets reported back and not yet
 * offered (`pending`), and a short lease. Offers of one tier run one at a time, under the lease,
 * so they follow the line exactly even when returns race; a return that finds the lease taken
 * only adds to `pending`, and the holder offers it before letting go.
 */
export const waitlistLines = sqliteTable(
  "event_waitlist_lines",
  {
    eventId: text("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    tierId: text("tier_id").notNull(),
    pending: integer("pending").notNull().default(0),
    leaseOwner: text("lease_owner"),
    /** Epoch ms; a holder that died lets the next return take over after it. */
    leaseUntil: integer("lease_until"),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.tierId] }),
    check("event_waitlist_lines_pending", sql`${t.pending} >= 0`),
    // The cron's look at lines with tickets to offer: only those rows are in the index.
    index("event_waitlist_lines_pending_idx").on(t.eventId, t.tierId).where(sql`${t.pending} > 0`),
  ],
);
