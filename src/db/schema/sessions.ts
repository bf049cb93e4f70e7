import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts";

/**
 * A signed-in device. `id` is public (listed, revoked by); the token itself is never stored, only
 * its SHA-256, so a leaked table signs nobody in. Times in epoch seconds.
 */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    tokenHash: text("token_hash").notNull(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    /** How the token travels: the `__Host-` cookie (browsers) or `Authorization: Bearer` (apps). */
    kind: text("kind", { enum: ["cookie", "bearer"] }).notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(),
    userAgent: text("user_agent"),
  },
  (t) => [uniqueIndex("sessions_token_hash_unique").on(t.tokenHash), index("sessions_account_idx").on(t.accountId)],
);
