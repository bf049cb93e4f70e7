import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** Statuses and legal transitions live in src/bookings/state-machine.ts; this is only the column. */
export const BOOKING_STATUSES = [
  "pending_payment",
  "confirmed",
  "payment_failed",
  "expired",
  "cancelled",
  "refunded",
] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

export const PAYMENT_STATES = ["pending", "succeeded", "failed", "refund_pending", "refunded", "unknown"] as const;

/** What was booked is in booking_items (one row per hold, any product); a booking is the purchase. */
export const bookings = sqliteTable(
  "bookings",
  {
    id: text("id").primaryKey(),
    /** Six characters from an unambiguous alphabet: what a traveller reads over the phone. */
    reference: text("reference").notNull(),
    status: text("status", { enum: BOOKING_STATUSES }).notNull(),
    totalMinor: integer("total_minor").notNull(),
    currency: text("currency").notNull(),
    contactEmail: text("contact_email").notNull(),
    /** SHA-256 of the owner token returned once at creation; the token itself is never stored. */
    ownerTokenHash: text("owner_token_hash").notNull(),
    paymentMethod: text("payment_method").notNull(),
    paymentToken: text("payment_token").notNull(),
    /** What happened to the money; `unknown`: the provider never answered and the booking was given up on. */
    paymentState: text("payment_state", { enum: PAYMENT_STATES }).notNull(),
    /** Epoch seconds: after this the hold is gone, and a pending booking must be resolved. */
    holdExpiresAt: integer("hold_expires_at").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    /**
     * The account it belongs to (docs/accounts.md): the session that made it, or the account that
     * claimed it with its owner token; null for a guest booking. No foreign key: an erased account's
     * row stays, and adding one would make drizzle-kit rebuild this table.
     */
    accountId: text("account_id"),
    /** Epoch seconds: names, contact and birth dates were anonymised (erasure or guest retention). */
    personalDataErasedAt: integer("personal_data_erased_at"),
  },
  (t) => [
    uniqueIndex("bookings_reference_idx").on(t.reference),
    index("bookings_status_deadline_idx").on(t.status, t.holdExpiresAt),
    // GET /v1/me/bookings: an account's bookings, newest first. Partial: guest bookings (most of
    // them) stay out of it, and the retention query cannot pick it over the index below.
    index("bookings_account_created_idx").on(t.accountId, t.createdAt, t.id).where(sql`${t.accountId} IS NOT NULL`),
    // Guest retention (src/accounts/retention.ts): only guest bookings still holding personal data.
    index("bookings_guest_retention_idx")
      .on(t.createdAt)
      .where(sql`${t.accountId} IS NULL AND ${t.personalDataErasedAt} IS NULL`),
  ],
);
