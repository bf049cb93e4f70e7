import { sql } from "drizzle-orm";
import { check, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { RefundRule } from "../model.ts";
import { events } from "./events.ts";

/**
 * What an event sells: one row per tier (general admission, stalls, a dinner table of six), each
 * a pool of the event's inventory object. Prices are in the event's currency, minor units.
 */
export const ticketTiers = sqliteTable(
  "ticket_tiers",
  {
    eventId: text("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    /** Unique within the event, `tier_…`: the pool name in the event's inventory object. */
    tierId: text("tier_id").notNull(),
    /** Display order, cheapest seats are not always first (a VIP tier may be listed last). */
    position: integer("position").notNull(),
    name: text("name").notNull(),
    capacity: integer("capacity").notNull(),
    priceMinor: integer("price_minor").notNull(),
    maxPerOrder: integer("max_per_order").notNull(),
    /** A narrower window than the event's (an early-bird tier closes early); null: the event's. */
    salesOpenAt: integer("sales_open_at"),
    salesCloseAt: integer("sales_close_at"),
    /** Refund steps relative to the start, most generous first; [] is not refundable (see RefundRule). */
    refundPolicy: text("refund_policy", { mode: "json" }).$type<RefundRule[]>().notNull(),
    /** Advisory: published by the event's inventory object after each change; only the object decides. */
    remaining: integer("remaining").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.tierId] }),
    check("ticket_tiers_capacity", sql`${t.capacity} > 0 AND ${t.remaining} BETWEEN 0 AND ${t.capacity}`),
    check("ticket_tiers_price", sql`${t.priceMinor} >= 0`),
    check("ticket_tiers_max_per_order", sql`${t.maxPerOrder} BETWEEN 1 AND ${t.capacity}`),
    check(
      "ticket_tiers_sales_window",
      sql`${t.salesOpenAt} IS NULL OR ${t.salesCloseAt} IS NULL OR ${t.salesOpenAt} < ${t.salesCloseAt}`,
    ),
  ],
);
