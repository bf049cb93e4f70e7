import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const ROLES = ["traveller", "organiser", "admin"] as const;
export type Role = (typeof ROLES)[number];

/**
 * A person who signs in (docs/accounts.md). The email is stored folded to lower case, the one
 * spelling sign-in compares. Erasure (`DELETE /v1/me`) replaces it with a tombstone and sets
 * `erased_at`; the row stays so foreign keys of kept financial records still resolve.
 */
export const accounts = sqliteTable(
  "accounts",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    role: text("role", { enum: ROLES }).notNull().default("traveller"),
    createdAt: integer("created_at").notNull(),
    erasedAt: integer("erased_at"),
  },
  (t) => [uniqueIndex("accounts_email_unique").on(t.email)],
);
