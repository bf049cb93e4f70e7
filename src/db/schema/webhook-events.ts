import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Provider event ids already processed: a replayed or duplicated webhook is acknowledged and ignored. */
export const webhookEvents = sqliteTable("webhook_events", {
  id: text("id").primaryKey(),
  provider: text("provider").notNull(),
  type: text("type").notNull(),
  receivedAt: integer("received_at").notNull(),
});
