import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Units an operator cancelled (a departure, a property closed, an event called off), recorded by
 * the unit's object as its cancellation commits and by the engine (EngineActions
 * .cancelBookingsOfCancelledUnit), both idempotent, so the bookings layer can cancel and
 * refund every confirmed item on them, now and from the reconcile cron until none is left,
 * without reading any product's table.
 */
export const unitCancellations = sqliteTable("unit_cancellations", {
  unitId: text("unit_id").primaryKey(),
  product: text("product").notNull(),
  reason: text("reason").notNull(),
  /** Epoch seconds. */
  cancelledAt: integer("cancelled_at").notNull(),
  requestId: text("request_id"),
});
