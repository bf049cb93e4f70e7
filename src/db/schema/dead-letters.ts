import { isNull } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Messages that exhausted their retries, kept where an operator can read and replay them. */
export const deadLetters = sqliteTable(
  "dead_letters",
  {
    id: text("id").primaryKey(),
    queue: text("queue").notNull(),
    messageId: text("message_id").notNull(),
    body: text("body").notNull(),
    attempts: integer("attempts").notNull(),
    createdAt: integer("created_at").notNull(),
    replayedAt: integer("replayed_at"),
  },
  (t) => [
    index("dead_letters_created_idx").on(t.createdAt),
    // The alerts cron counts the unreplayed every minute: a partial index keeps that off a table scan.
    index("dead_letters_unreplayed_idx").on(t.createdAt).where(isNull(t.replayedAt)),
  ],
);
