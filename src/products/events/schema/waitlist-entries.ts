import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { events } from "./events.ts";

export const WAITLIST_STATUSES = ["waiting", "offering", "offered", "booked", "expired", "left", "cancelled"] as const;
export type WaitlistStatus = (typeof WAITLIST_STATUSES)[number];

/**
 * Travellers waiting for a sold-out tier. `seq` is the line: first come, first offered. An entry
 * moves waiting → offering (claimed by one return, a conditional update) → offered (a hold placed
 * for it, an email sent) → booked | expired; or back to waiting when the hold could not be placed;
 * left (the traveller) and cancelled (the event) end it from waiting or offered.
 */
export const waitlistEntries = sqliteTable(
  "event_waitlist_entries",
  {
    /** AUTOINCREMENT: never reused, so a later joiner can never take an earlier place. */
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    id: text("id").notNull(),
    eventId: text("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    tierId: text("tier_id").notNull(),
    quantity: integer("quantity").notNull(),
    /** Lower-cased: one place per address, tier and event. */
    email: text("email").notNull(),
    name: text("name").notNull(),
    /** SHA-256 (hex) of the secret that lets its holder leave the list; the secret is sent, never stored. */
    leaveTokenHash: text("leave_token_hash").notNull(),
    status: text("status", { enum: WAITLIST_STATUSES }).notNull().default("waiting"),
    /** The offer: the hold placed for this entry and when it lapses (epoch ms). */
    holdId: text("hold_id"),
    offerExpiresAt: integer("offer_expires_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("event_waitlist_entries_id_unique").on(t.id),
    // One live place per traveller and tier: a second join finds the first (idempotent).
    uniqueIndex("event_waitlist_entries_live_unique")
      .on(t.eventId, t.tierId, t.email)
      .where(sql`${t.status} IN ('waiting', 'offering', 'offered')`),
    // The line: the first waiting entry of a tier is one seek.
    index("event_waitlist_entries_line_idx").on(t.eventId, t.tierId, t.status, t.seq),
    index("event_waitlist_entries_hold_idx").on(t.holdId),
    // The cron's look at offers whose hold has lapsed (waitlist/cron.ts).
    index("event_waitlist_entries_offer_idx").on(t.status, t.offerExpiresAt),
    check("event_waitlist_entries_quantity", sql`${t.quantity} >= 1`),
  ],
);
