import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { bookings } from "../../../db/schema";
import { err, ok, type Result } from "../../../lib/result";
import { eventTickets } from "../schema";
import type { Ticket } from "./issue";

/** Who asks for a ticket: the booking's owner token (its hash), or a signed-in account's address. */
export type TicketOwner = { ownerTokenHash: string } | { email: string };

/**
 * A ticket, for its booking's owner only: whoever holds the owner token the booking answered
 * with, or a signed-in account whose (proven) address is the booking's contact address. Any
 * other ticket id, and a ticket of someone else's booking, answer the same TICKET_NOT_FOUND, so
 * ticket ids cannot be probed. A void ticket (its item was cancelled) is TICKET_VOID.
 */
export async function ticketForOwner({
  deps,
  input,
}: {
  deps: { db: Database };
  input: { ticketId: string; owner: TicketOwner };
}): Promise<Result<Ticket>> {
  const { owner } = input;
  const owns =
    "ownerTokenHash" in owner
      ? eq(bookings.ownerTokenHash, owner.ownerTokenHash)
      : eq(sql`lower(${bookings.contactEmail})`, owner.email.toLowerCase());
  const [found] = await deps.db
    .select({ ticket: eventTickets })
    .from(eventTickets)
    .innerJoin(bookings, eq(bookings.reference, eventTickets.bookingReference))
    .where(and(eq(eventTickets.id, input.ticketId), owns))
    .limit(1);
  if (!found) return err("TICKET_NOT_FOUND", `No ticket '${input.ticketId}' in a booking of yours.`);
  if (found.ticket.status === "void") return err("TICKET_VOID", `Ticket '${input.ticketId}' was cancelled.`);
  return ok(found.ticket);
}
