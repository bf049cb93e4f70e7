import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { bookings } from "./bookings";

export const bookingPassengers = sqliteTable(
  "booking_passengers",
  {
    bookingId: text("booking_id")
      .notNull()
      .references(() => bookings.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    givenName: text("given_name").notNull(),
    familyName: text("family_name").notNull(),
    /** Case- and accent-folded family name, compared when a traveller looks up a booking. */
    familyNameFolded: text("family_name_folded").notNull(),
    birthDate: text("birth_date"),
  },
  (t) => [primaryKey({ columns: [t.bookingId, t.position] })],
);
