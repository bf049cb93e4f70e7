import { and, eq, exists, notExists, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { bookingItems } from "../../../db/schema";
import { err, ok, type Result } from "../../../lib/result";
import { eventCheckIns, eventTickets } from "../schema";
import { type TicketClaims, type TicketJwks, verifyTicketCode } from "./code";

export interface CheckInDeps {
  db: Database;
  jwks: TicketJwks;
  now: () => number;
}

export interface CheckInInput {
  /** The event whose door is scanning (from the path). */
  eventId: string;
  code: string;
  gate: string;
  /** Epoch ms of an offline scan the door app uploads later; the server's time when absent. */
  scannedAt?: number;
}

export interface Admission {
  claims: TicketClaims;
  gate: string;
  /** Epoch seconds. */
  checkedInAt: number;
  scannedOffline: boolean;
}

/** An offline door app uploads within this long; a scan "from the future" may be this far ahead (clock skew). */
export const MAX_SCAN_AGE_MS = 7 * 24 * 3600_000;
export const MAX_SCAN_SKEW_MS = 5 * 60_000;

/**
 * Admits a ticket once. The order is the door's: is the code ours and unaltered (no storage read
 * for a forgery), is it for this event, is the ticket still valid, then one conditional insert
 * whose primary key is the ticket: of any number of concurrent scans exactly one inserts, and D1
 * runs it as one statement, so a ticket voided at the same moment is either voided first (the
 * insert selects nothing) or admitted first. "Valid" also asks the booking item: a ticket whose
 * item is cancelled is void even before the product's onItemCancelled has marked it so.
 */
export async function checkInTicket({
  deps,
  input,
}: {
  deps: CheckInDeps;
  input: CheckInInput;
}): Promise<Result<Admission>> {
  if (deps.jwks.keys.length === 0) return err("TICKETS_UNAVAILABLE", "No ticket keys are configured.");
  // Scanners often end what they read with a line break.
  const code = input.code.trim();
  const verified = await verifyTicketCode(code, deps.jwks);
  if (!verified.ok) {
    return err("TICKET_INVALID", INVALID_DETAIL[verified.reason], { reason: verified.reason });
  }
  const { claims } = verified;
  if (claims.eventId !== input.eventId) {
    return err("TICKET_WRONG_EVENT", `This ticket is for event ${claims.eventId}, not ${input.eventId}.`, {
      ticket_event_id: claims.eventId,
    });
  }
  const now = deps.now();
  const scannedAt = input.scannedAt ?? now;
  if (scannedAt > now + MAX_SCAN_SKEW_MS || scannedAt < now - MAX_SCAN_AGE_MS) {
    return err("TICKET_SCAN_TIME_INVALID", "scanned_at must be within the last 7 days and not in the future.");
  }
  const checkedInAt = Math.floor(scannedAt / 1000);

  const { db } = deps;
  const admitted = await db
    .insert(eventCheckIns)
    .select(
      db
        .select({
          ticketId: eventTickets.id,
          eventId: eventTickets.eventId,
          gate: sql<string>`${input.gate}`.as("gate"),
          checkedInAt: sql<number>`${checkedInAt}`.as("checked_in_at"),
          recordedAt: sql<number>`${Math.floor(now / 1000)}`.as("recorded_at"),
        })
        .from(eventTickets)
        .where(
          and(
            eq(eventTickets.id, claims.ticketId),
            eq(eventTickets.eventId, input.eventId),
            eq(eventTickets.code, code),
            eq(eventTickets.status, "valid"),
            notExists(cancelledItem(db)),
          ),
        ),
    )
    .onConflictDoNothing({ target: eventCheckIns.ticketId })
    .returning({ ticketId: eventCheckIns.ticketId });
  if (admitted.length === 1) {
    return ok({ claims, gate: input.gate, checkedInAt, scannedOffline: input.scannedAt !== undefined });
  }
  return refusal(db, claims, code);
}

const INVALID_DETAIL = {
  malformed: "This is not a ticket code.",
  unknown_key: "The ticket code is signed with a key this service does not know.",
  bad_signature: "The ticket code's signature does not match: it was altered or forged.",
} as const;

/** The ticket's booking item, when it is cancelled (correlated with the ticket row of the outer query). */
const cancelledItem = (db: Database) =>
  db
    .select({ one: sql`1` })
    .from(bookingItems)
    .where(and(eq(bookingItems.id, eventTickets.itemId), eq(bookingItems.status, "cancelled")));

/** Why the insert admitted nothing: read after it, so the answer describes the state that refused. */
async function refusal(db: Database, claims: TicketClaims, code: string): Promise<Result<Admission>> {
  const [ticket] = await db
    .select({ ticket: eventTickets, itemCancelled: sql<number>`${exists(cancelledItem(db))}` })
    .from(eventTickets)
    .where(eq(eventTickets.id, claims.ticketId))
    .then((rows) => rows.map((r) => ({ ...r.ticket, itemCancelled: r.itemCancelled === 1 })));
  // A valid signature on a code we never stored (a database restored from before it was issued).
  if (!ticket || ticket.code !== code) return err("TICKET_NOT_FOUND", `No ticket ${claims.ticketId} was issued.`);
  if (ticket.status === "void" || ticket.itemCancelled) {
    return err("TICKET_VOID", "This ticket was voided: its booking was cancelled.", { ticket_id: ticket.id });
  }
  const [first] = await db.select().from(eventCheckIns).where(eq(eventCheckIns.ticketId, ticket.id));
  if (!first) return err("CONFLICT", "The ticket could not be checked in; scan it again.");
  return err(
    "TICKET_ALREADY_CHECKED_IN",
    `This ticket was checked in at ${new Date(first.checkedInAt * 1000).toISOString()} at gate ${first.gate}.`,
    { ticket_id: ticket.id, first_checked_in_at: new Date(first.checkedInAt * 1000).toISOString(), gate: first.gate },
  );
}
