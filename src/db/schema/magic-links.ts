import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * One emailed sign-in link: single use (consumed with DELETE … RETURNING), short-lived. Only the
 * token's SHA-256 is stored. `purpose` says what a consumed link does: sign in (and sign up on
 * first use), or prove the address of a guest booking to claim it.
 */
export const magicLinks = sqliteTable(
  "magic_links",
  {
    tokenHash: text("token_hash").primaryKey(),
    email: text("email").notNull(),
    purpose: text("purpose", { enum: ["sign_in", "claim"] }).notNull(),
    /** For `claim`: the signed-in account that asked; null for sign-in. */
    accountId: text("account_id"),
    /** For `claim`: the one guest booking the link adds to that account (its contact address is `email`). */
    bookingId: text("booking_id"),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("magic_links_expires_idx").on(t.expiresAt)],
);
