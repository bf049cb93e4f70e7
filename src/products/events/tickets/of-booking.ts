import { and, asc, eq, sql } from "drizzle-orm";
import { bookingItems, bookingPassengers, bookings } from "../../../db/schema";
import { err, ok, type Result } from "../../../lib/result";
import { EVENTS_PRODUCT } from "../inventory";
import { eventTickets } from "../schema";
import { issueTickets, type Ticket, type TicketDeps } from "./issue";
import type { TicketOwner } from "./owner";

/**
 * Every ticket of a booking, for its owner only (the owner token's hash, or a signed-in account
 * whose proven address is the booking's contact address; anyone else gets BOOKING_NOT_FOUND, as
 * for an unknown reference). A confirmed booking's tickets are issued here if its confirmation
 * email has not been rendered yet: issueTickets is idempotent by item, so the email and this list
 * show the same codes whichever comes first. A cancelled item's tickets are listed as void.
 */
export async function ticketsOfBooking({
  deps,
  input,
}: {
  deps: TicketDeps;
  input: { reference: string; owner: TicketOwner };
}): Promise<Result<Ticket[]>> {
  const { db } = deps;
  const { owner } = input;
  const owns =
    "ownerTokenHash" in owner
      ? eq(bookings.ownerTokenHash, owner.ownerTokenHash)
      : eq(sql`lower(${bookings.contactEmail})`, owner.email.toLowerCase());
  const [booking] = await db
    .select({ id: bookings.id, reference: bookings.reference, status: bookings.status })
    .from(bookings)
    .where(and(eq(bookings.reference, input.reference.toUpperCase()), owns))
    .limit(1);
  if (!booking) return err("BOOKING_NOT_FOUND", `No booking '${input.reference}' of yours.`);
  if (booking.status === "confirmed") {
    const issued = await issueMissing(deps, booking);
    if (!issued.ok) return issued;
  }
  const tickets = await db
    .select({ ticket: eventTickets, itemStatus: bookingItems.status })
    .from(eventTickets)
    .innerJoin(bookingItems, eq(bookingItems.id, eventTickets.itemId))
    .where(and(eq(bookingItems.bookingId, booking.id), eq(eventTickets.bookingReference, booking.reference)))
    .orderBy(asc(bookingItems.position), asc(eventTickets.position));
  // A cancelled item's tickets are void as the door sees them, even before onItemCancelled marked them.
  return ok(tickets.map((t) => (t.itemStatus === "cancelled" ? { ...t.ticket, status: "void" as const } : t.ticket)));
}

/** The tickets of the booking's active event items, as the confirmation would issue them. */
async function issueMissing(deps: TicketDeps, booking: { id: string; reference: string }): Promise<Result<void>> {
  const { db } = deps;
  const [items, [lead]] = await db.batch([
    db
      .select({
        id: bookingItems.id,
        unitId: bookingItems.unitId,
        lines: bookingItems.lines,
        quantity: bookingItems.quantity,
      })
      .from(bookingItems)
      .where(
        and(
          eq(bookingItems.bookingId, booking.id),
          eq(bookingItems.product, EVENTS_PRODUCT),
          eq(bookingItems.status, "active"),
        ),
      ),
    db
      .select({ givenName: bookingPassengers.givenName, familyName: bookingPassengers.familyName })
      .from(bookingPassengers)
      .where(eq(bookingPassengers.bookingId, booking.id))
      .orderBy(asc(bookingPassengers.position))
      .limit(1),
  ]);
  for (const item of items) {
    const [line] = JSON.parse(item.lines) as { pool: string }[];
    if (!line) continue;
    const issued = await issueTickets({
      deps,
      input: {
        bookingReference: booking.reference,
        itemId: item.id,
        eventId: item.unitId,
        tierId: line.pool,
        quantity: item.quantity,
        // The confirmation's lead traveller (src/bookings/emails.ts): the first by position.
        holderName: lead ? `${lead.givenName} ${lead.familyName}` : "",
      },
    });
    if (!issued.ok) return issued;
  }
  return ok(undefined);
}
