import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts";

/**
 * Which account created a trip. A trip itself lives only in its coordinator object (one per
 * `trp_…` id), and objects cannot be listed: this row is how `GET /v1/me/trips` finds them. It
 * holds no personal data and is deleted once the coordinator has forgotten the trip
 * (MY_TRIPS.horizonSeconds, nightly) or the account is erased. Times in epoch seconds.
 */
export const accountTrips = sqliteTable(
  "account_trips",
  {
    tripId: text("trip_id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("account_trips_account_created_idx").on(t.accountId, t.createdAt, t.tripId)],
);
