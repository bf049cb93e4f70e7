import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts";

/**
 * Which organiser runs a sellable unit (`dep_…`, `prp_…`, `evt_…`): product-neutral, so a new
 * product needs no column of its own. A unit without a row belongs to the operators (admins) only.
 */
export const inventoryOwners = sqliteTable(
  "inventory_owners",
  {
    unitId: text("unit_id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("inventory_owners_account_idx").on(t.accountId)],
);
