import { sql } from "drizzle-orm";
import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * One row per incident of an alert rule (src/alerts): opened when the rule starts firing,
 * resolved when it stops. At most one open incident per rule (the partial unique index), so two
 * overlapping cron runs cannot open the same incident twice; its emails are de-duplicated by
 * the outbox on `alert-open:<id>` and `alert-resolved:<id>`.
 */
export const alertIncidents = sqliteTable(
  "alert_incidents",
  {
    id: text("id").primaryKey(),
    rule: text("rule").notNull(),
    status: text("status", { enum: ["open", "resolved"] }).notNull(),
    /** What was measured when it opened, as a sentence (also the email's summary). */
    summary: text("summary").notNull(),
    /** Epoch ms. */
    openedAt: integer("opened_at").notNull(),
    resolvedAt: integer("resolved_at"),
    /** Epoch ms the webhook accepted the open and the recovery notices; null: still to send. */
    webhookOpenedAt: integer("webhook_opened_at"),
    webhookResolvedAt: integer("webhook_resolved_at"),
  },
  (t) => [uniqueIndex("alert_incidents_open_rule_idx").on(t.rule).where(sql`status = 'open'`)],
);
