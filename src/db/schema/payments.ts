import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const payments = sqliteTable(
  "payments",
  {
    id: text("id").primaryKey(),
    bookingId: text("booking_id").notNull(),
    kind: text("kind", { enum: ["charge", "refund"] }).notNull(),
    status: text("status", { enum: ["pending", "succeeded", "failed"] }).notNull(),
    amountMinor: integer("amount_minor").notNull(),
    currency: text("currency").notNull(),
    provider: text("provider").notNull(),
    providerRef: text("provider_ref"),
    /** Sent to the provider: derived from the booking, so a retried job can never charge twice. */
    idempotencyKey: text("idempotency_key").notNull(),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("payments_idempotency_key_idx").on(t.idempotencyKey),
    index("payments_booking_idx").on(t.bookingId),
    // The reconcile sweep: pending payments nobody has touched for a while.
    index("payments_status_updated_idx").on(t.status, t.updatedAt),
    // Webhooks without our metadata find their payment by the provider's id.
    index("payments_provider_ref_idx").on(t.providerRef),
  ],
);
