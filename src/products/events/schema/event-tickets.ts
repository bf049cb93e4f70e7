import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { TICKET_STATUSES } from "../model.ts";

/**
 * One row per ticket of a confirmed booking item: `quantity` rows for an item of that many tickets.
 * `code` is the signed ticket code (tickets/code.ts) the QR image shows. Issuing is idempotent by
 * (item_id, position): a second issue of the same item finds the same rows.
 */
export const eventTickets = sqliteTable(
  "event_tickets",
  {
    /** `tkt_…`, random: also inside the signed code. */
    id: text("id").primaryKey(),
    /** The booking item (`itm_…`) the tickets were sold in; tickets of one item are 1..quantity. */
    itemId: text("item_id").notNull(),
    position: integer("position").notNull(),
    bookingReference: text("booking_reference").notNull(),
    /** Not a foreign key: a ticket outlives a catalogue re-seed of its event, and the code names the event anyway. */
    eventId: text("event_id").notNull(),
    tierId: text("tier_id").notNull(),
    holderInitials: text("holder_initials").notNull(),
    code: text("code").notNull(),
    kid: text("kid").notNull(),
    status: text("status", { enum: TICKET_STATUSES }).notNull(),
    /** Epoch seconds. */
    issuedAt: integer("issued_at").notNull(),
    voidedAt: integer("voided_at"),
  },
  (t) => [
    uniqueIndex("event_tickets_item_position_idx").on(t.itemId, t.position),
    index("event_tickets_event_idx").on(t.eventId),
    check("event_tickets_position", sql`${t.position} >= 1`),
    check("event_tickets_status", sql`${t.status} IN ('valid', 'void')`),
  ],
);
