import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** A WebAuthn challenge we issued: single use (DELETE … RETURNING), five minutes. */
export const webauthnChallenges = sqliteTable("webauthn_challenges", {
  id: text("id").primaryKey(),
  challenge: text("challenge").notNull(),
  purpose: text("purpose", { enum: ["register", "sign_in"] }).notNull(),
  /** The account registering a passkey; null for sign-in. */
  accountId: text("account_id"),
  expiresAt: integer("expires_at").notNull(),
});
