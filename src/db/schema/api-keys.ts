import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts";

export const API_KEY_SCOPES = ["search", "book", "manage:inventory"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/**
 * Partner API keys: `efk_<prefix>_<secret>`. The prefix is visible (lists, logs) and finds the
 * row; only the secret's SHA-256 is stored and compared. A key acts for its account, within its
 * scopes, with its own rate-limit budget.
 */
export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    secretHash: text("secret_hash").notNull(),
    scopes: text("scopes", { mode: "json" }).$type<ApiKeyScope[]>().notNull(),
    /** Requests per minute in every rate-limit bucket; null: the default budgets. */
    rateLimitPerMinute: integer("rate_limit_per_minute"),
    createdAt: integer("created_at").notNull(),
    lastUsedAt: integer("last_used_at"),
    expiresAt: integer("expires_at"),
    revokedAt: integer("revoked_at"),
  },
  (t) => [uniqueIndex("api_keys_prefix_unique").on(t.prefix), index("api_keys_account_idx").on(t.accountId)],
);
