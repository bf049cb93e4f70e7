import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** Written in the same D1 batch as the state change that causes the email; delivered by EMAIL_JOBS. */
export const emailOutbox = sqliteTable(
  "email_outbox",
  {
    id: text("id").primaryKey(),
    bookingId: text("booking_id"),
    kind: text("kind").notNull(),
    /** One email per (booking, kind, occasion): a second insert with the same key is ignored. */
    dedupeKey: text("dedupe_key").notNull(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    htmlBody: text("html_body").notNull(),
    /** JSON: the rendered attachments, bytes as base64url (src/notifications/attachments.ts); NULL for none. */
    attachments: text("attachments"),
    status: text("status", { enum: ["pending", "sent", "failed"] }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    /** Epoch seconds of the last claim: how the sweep tells a retry still queued from a lost one. */
    lastAttemptAt: integer("last_attempt_at"),
    lastError: text("last_error"),
    createdAt: integer("created_at").notNull(),
    sentAt: integer("sent_at"),
  },
  (t) => [
    uniqueIndex("email_outbox_dedupe_idx").on(t.dedupeKey),
    index("email_outbox_status_idx").on(t.status, t.createdAt),
  ],
);
