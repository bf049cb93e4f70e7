import { and, asc, eq, notExists, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { bookingItems } from "../../../db/schema";
import { randomId } from "../../../lib/ids";
import { err, ok, type Result } from "../../../lib/result";
import { eventTickets } from "../schema";
import { signTicket } from "./code";
import { holderInitials } from "./holder";
import type { TicketSigner } from "./keys";

export interface TicketDeps {
  db: Database;
  /** The signing key (ticketSigner(env)); asked only when tickets have to be written. */
  signer: () => Promise<Result<TicketSigner>>;
  now: () => number;
}

export interface IssueTicketsInput {
  bookingReference: string;
  /** The booking item the tickets were sold in: what makes issuing idempotent. */
  itemId: string;
  eventId: string;
  tierId: string;
  quantity: number;
  /** The lead traveller's full name; only its initials are written into the ticket. */
  holderName: string;
}

export type Ticket = typeof eventTickets.$inferSelect;

/** One item never holds more tickets than this (tiers cap an order far lower). */
export const MAX_TICKETS_PER_ITEM = 50;

/**
 * Writes one signed ticket per unit of quantity for a confirmed booking item, or returns the
 * tickets already written for it: a confirmation retried, or two confirmations racing, issue the
 * same tickets (rows are unique by item and position; the loser's inserts do nothing).
 */
export async function issueTickets({
  deps,
  input,
}: {
  deps: TicketDeps;
  input: IssueTicketsInput;
}): Promise<Result<Ticket[]>> {
  const { db } = deps;
  if (!Number.isInteger(input.quantity) || input.quantity < 1 || input.quantity > MAX_TICKETS_PER_ITEM) {
    return err("VALIDATION_FAILED", `A booking item has 1 to ${MAX_TICKETS_PER_ITEM} tickets, not ${input.quantity}.`);
  }
  const existing = await ticketsOfItem(db, input.itemId);
  if (existing.length > 0) return sameItem(existing, input);

  const signer = await deps.signer();
  if (!signer.ok) return signer;
  const issuedAt = Math.floor(deps.now() / 1000);
  const initials = holderInitials(input.holderName);
  const rows = await Promise.all(
    Array.from({ length: input.quantity }, async (_, i) => {
      const id = randomId("tkt", 20);
      const claims = {
        kid: signer.value.kid,
        ticketId: id,
        eventId: input.eventId,
        tierId: input.tierId,
        bookingReference: input.bookingReference,
        holderInitials: initials,
        issuedAt,
      };
      const code = await signTicket(claims, signer.value.key);
      return {
        id,
        itemId: input.itemId,
        position: i + 1,
        bookingReference: input.bookingReference,
        eventId: input.eventId,
        tierId: input.tierId,
        holderInitials: initials,
        code,
        kid: signer.value.kid,
        status: "valid" as const,
        issuedAt,
      };
    }),
  );
  const [first, ...rest] = rows.map((row) =>
    db
      .insert(eventTickets)
      .values(row)
      .onConflictDoNothing({ target: [eventTickets.itemId, eventTickets.position] }),
  );
  if (first) await db.batch([first, ...rest]);
  return sameItem(await ticketsOfItem(db, input.itemId), input);
}

/**
 * Voids every valid ticket of a cancelled booking item; answers the ids it voided (none the second
 * time). An item whose row still says active keeps its tickets: a call with a stale or mistaken
 * item cannot void what a traveller still holds (an item the engine has no row of, as in tests of
 * this product alone, is taken as cancelled).
 */
export async function voidTickets({
  deps,
  input,
}: {
  deps: Pick<TicketDeps, "db" | "now">;
  input: { itemId: string };
}): Promise<Result<{ voided: string[] }>> {
  const { db } = deps;
  const stillActive = db
    .select({ one: sql`1` })
    .from(bookingItems)
    .where(and(eq(bookingItems.id, input.itemId), eq(bookingItems.status, "active")));
  const voided = await db
    .update(eventTickets)
    .set({ status: "void", voidedAt: Math.floor(deps.now() / 1000) })
    .where(and(eq(eventTickets.itemId, input.itemId), eq(eventTickets.status, "valid"), notExists(stillActive)))
    .returning({ id: eventTickets.id });
  return ok({ voided: voided.map((r) => r.id) });
}

function ticketsOfItem(db: Database, itemId: string): Promise<Ticket[]> {
  return db.select().from(eventTickets).where(eq(eventTickets.itemId, itemId)).orderBy(asc(eventTickets.position));
}

/** The item's tickets, if they are the ones this input describes; a different request for the same item is a conflict. */
function sameItem(tickets: Ticket[], input: IssueTicketsInput): Result<Ticket[]> {
  const matches =
    tickets.length === input.quantity &&
    tickets.every(
      (t) => t.eventId === input.eventId && t.tierId === input.tierId && t.bookingReference === input.bookingReference,
    );
  if (matches) return ok(tickets);
  return err("CONFLICT", `Booking item ${input.itemId} already has ${tickets.length} tickets for another request.`);
}
