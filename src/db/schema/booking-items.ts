import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { bookings } from "./bookings";

export const BOOKING_ITEM_STATUSES = ["active", "cancelled"] as const;

/**
 * One line item of a booking: one hold on one unit (a departure, a property, an event) of one
 * product. Everything the engine shows, emails or reminds about an item comes from `snapshot`
 * (ItemSnapshot, src/holds/item-snapshot.ts), written by the product when the booking is made;
 * the engine never reads a product's tables. `lines` and `refund_policy` are the hold's, as locked.
 */
export const bookingItems = sqliteTable(
  "booking_items",
  {
    id: text("id").primaryKey(),
    bookingId: text("booking_id")
      .notNull()
      .references(() => bookings.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    product: text("product").notNull(),
    unitId: text("unit_id").notNull(),
    holdId: text("hold_id").notNull(),
    status: text("status", { enum: BOOKING_ITEM_STATUSES }).notNull().default("active"),
    /** JSON: the hold's lines [{ pool, label, quantity, unitPriceMinor, totalMinor, refundPolicy }]. */
    lines: text("lines").notNull(),
    /** Seats, rooms or tickets over all lines: the travellers rule of the product reads it. */
    quantity: integer("quantity").notNull(),
    totalMinor: integer("total_minor").notNull(),
    currency: text("currency").notNull(),
    /** Epoch seconds, UTC: the departure, the check-in, the event's start. Reminders start here. */
    startsAt: integer("starts_at").notNull(),
    endsAt: integer("ends_at"),
    /** IANA zone the item's times are read in (the origin's, the property's, the venue's). */
    timezone: text("timezone").notNull(),
    /** JSON ItemSnapshot: title, details, location, calendar summary, start label. */
    snapshot: text("snapshot").notNull(),
    /** JSON RefundStep[] of the item (the earliest deadline of its lines applies per line). */
    refundPolicy: text("refund_policy").notNull(),
    cancelledAt: integer("cancelled_at"),
    refundMinor: integer("refund_minor"),
    /**
     * Epoch seconds: when the item's product heard of its cancellation (ProductModule.onItemCancelled
     * returned). Null while active, and while cancelled but not yet announced: the five-minute
     * cron calls the hook again for those (a Worker that died between the cancelling batch and
     * the call, a product that failed). Items that never needed announcing carry their cancellation time.
     */
    cancelAnnouncedAt: integer("cancel_announced_at"),
  },
  (t) => [
    uniqueIndex("booking_items_hold_id_idx").on(t.holdId),
    uniqueIndex("booking_items_booking_position_idx").on(t.bookingId, t.position),
    // Reminders: the items starting in the next hours, not every item ever sold.
    index("booking_items_starts_at_idx").on(t.startsAt),
    // Operator cancellation of a unit: its bookings.
    index("booking_items_unit_idx").on(t.unitId),
    // The announcement sweep: only the few cancelled items whose product has not heard yet.
    index("booking_items_unannounced_idx")
      .on(t.cancelledAt)
      .where(sql`status = 'cancelled' AND cancel_announced_at IS NULL`),
  ],
);
