import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Sign-in attempts per account and per network, a fixed window in D1 (src/accounts/attempts.ts).
 * D1, not Redis: the count must hold when Redis is down (the general limiter fails open) and
 * across every isolate; sign-in is rare enough for one write per attempt.
 */
export const signInAttempts = sqliteTable("sign_in_attempts", {
  key: text("key").primaryKey(),
  windowStart: integer("window_start").notNull(),
  count: integer("count").notNull(),
});
