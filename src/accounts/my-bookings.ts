import { and, asc, desc, eq, exists, gt, inArray, isNull, lt, notExists, notInArray, or, type SQL } from "drizzle-orm";
import { hashOwnerToken } from "../bookings/owner-token";
import { normaliseReference } from "../bookings/reference";
import { type BookingRow, bookingByReferenceAndToken } from "../bookings/store";
import type { Database } from "../db/client";
import { type BookingStatus, bookingItems, bookings } from "../db/schema";
import { decodeCursorPayload, encodeCursorPayload, queryFingerprintOf } from "../lib/cursor";
import { err, ok, type Result } from "../lib/result";
import { nowSeconds } from "./tokens";

export interface MyBookingsDeps {
  db: Database;
  /** Epoch ms. */
  now: number;
}

export interface MyBookingsQuery {
  accountId: string;
  status?: BookingStatus | undefined;
  /** true: still to come (pending or confirmed, an active item starting later); false: the rest. */
  upcoming?: boolean | undefined;
  cursor?: string | undefined;
  limit: number;
}

export type BookingItemRow = typeof bookingItems.$inferSelect;

export interface MyBookingsPage {
  bookings: { booking: BookingRow; items: BookingItemRow[] }[];
  nextCursor: string | null;
}

/**
 * The account's bookings, newest first, keyset-paged on (created_at, id) by
 * bookings_account_created_idx. The cursor is bound to the filters it was issued for.
 */
export async function listMyBookings({
  deps,
  input,
}: {
  deps: MyBookingsDeps;
  input: MyBookingsQuery;
}): Promise<Result<MyBookingsPage>> {
  const fingerprint = queryFingerprintOf([input.status ?? "", String(input.upcoming ?? "")]);
  const conditions: (SQL | undefined)[] = [eq(bookings.accountId, input.accountId)];
  if (input.cursor !== undefined) {
    const after = decodeCursor(input.cursor, fingerprint);
    if (!after) return err("INVALID_CURSOR", "The cursor is not valid for this query; start again without it.");
    conditions.push(
      or(lt(bookings.createdAt, after.c), and(eq(bookings.createdAt, after.c), lt(bookings.id, after.i))),
    );
  }
  if (input.status) conditions.push(eq(bookings.status, input.status));
  if (input.upcoming === true) {
    conditions.push(and(inArray(bookings.status, OPEN), exists(activeItemAhead(deps))));
  } else if (input.upcoming === false) {
    // NOT (upcoming), written out: the open statuses are the only ones that can be upcoming.
    conditions.push(or(notInArray(bookings.status, OPEN), notExists(activeItemAhead(deps))));
  }
  const rows = await deps.db
    .select()
    .from(bookings)
    .where(and(...conditions))
    .orderBy(desc(bookings.createdAt), desc(bookings.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const items = await itemsOfBookings(
    deps.db,
    page.map((b) => b.id),
  );
  const last = page.at(-1);
  return ok({
    bookings: page.map((booking) => ({ booking, items: items.filter((i) => i.bookingId === booking.id) })),
    nextCursor:
      rows.length > input.limit && last ? encodeCursorPayload({ c: last.createdAt, i: last.id, f: fingerprint }) : null,
  });
}

const OPEN: BookingStatus[] = ["pending_payment", "confirmed"];

/** An item of the booking still active and starting after now (correlated with the outer bookings row). */
function activeItemAhead(deps: MyBookingsDeps) {
  return deps.db
    .select({ id: bookingItems.id })
    .from(bookingItems)
    .where(
      and(
        eq(bookingItems.bookingId, bookings.id),
        eq(bookingItems.status, "active"),
        gt(bookingItems.startsAt, nowSeconds(deps.now)),
      ),
    );
}

function decodeCursor(cursor: string, fingerprint: string): { c: number; i: string } | null {
  const payload = decodeCursorPayload(cursor) as { c?: unknown; i?: unknown; f?: unknown } | null;
  if (!payload || typeof payload !== "object") return null;
  const { c, i, f } = payload;
  if (!Number.isSafeInteger(c) || typeof i !== "string" || i.length > 64 || f !== fingerprint) return null;
  return { c: c as number, i };
}

export async function itemsOfBookings(db: Database, ids: string[]): Promise<BookingItemRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(bookingItems)
    .where(inArray(bookingItems.bookingId, ids))
    .orderBy(asc(bookingItems.bookingId), asc(bookingItems.position));
}

/** One of the account's bookings by reference; another account's or a guest's is not found. */
export async function myBooking(db: Database, accountId: string, reference: string): Promise<BookingRow | null> {
  const normalised = normaliseReference(reference);
  if (!normalised) return null;
  const row = await db
    .select()
    .from(bookings)
    .where(and(eq(bookings.reference, normalised), eq(bookings.accountId, accountId)))
    .get();
  return row ?? null;
}

/**
 * A guest booking joins the account that proves it holds the booking: the owner token, which only
 * the person who made the booking was ever shown. Matching the contact address alone is not
 * proof (docs/accounts.md, "Claiming"). Claiming twice is a no-op; a booking another account
 * holds is refused, never moved.
 */
export async function claimBooking({
  deps,
  input,
}: {
  deps: { db: Database };
  input: { accountId: string; reference: string; ownerToken: string };
}): Promise<Result<BookingRow>> {
  const reference = normaliseReference(input.reference) ?? "";
  const found = await bookingByReferenceAndToken(deps, reference, await hashOwnerToken(input.ownerToken));
  if (!found) return err("BOOKING_NOT_FOUND", "No booking matches this reference and owner token.");
  if (found.accountId === input.accountId) return ok(found);
  if (found.accountId === null) {
    const [claimed] = await deps.db
      .update(bookings)
      .set({ accountId: input.accountId })
      .where(and(eq(bookings.id, found.id), isNull(bookings.accountId)))
      .returning();
    if (claimed) return ok(claimed);
    // Another account won a concurrent claim: read who holds it now.
    const now = await deps.db.select().from(bookings).where(eq(bookings.id, found.id)).get();
    if (now?.accountId === input.accountId) return ok(now);
  }
  return err("BOOKING_ALREADY_CLAIMED", "This booking belongs to another account.");
}
