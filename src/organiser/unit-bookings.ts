import { and, desc, eq, lt, or } from "drizzle-orm";
import { type BookingDetails, bookingDetails } from "../bookings/lookup";
import { normaliseReference } from "../bookings/reference";
import type { BookingRow } from "../bookings/store";
import type { Database } from "../db/client";
import { bookingItems, bookings } from "../db/schema";
import { decodeCursorPayload, encodeCursorPayload, queryFingerprintOf } from "../lib/cursor";
import { err, ok, type Result } from "../lib/result";

/** A booking with an item on the unit, and that item. */
export interface UnitBooking {
  booking: BookingRow;
  item: { id: string; status: "active" | "cancelled"; quantity: number; totalMinor: number; currency: string };
}

/**
 * The bookings of one unit, newest first, every status (an organiser also wants to see the ones
 * that expired or failed). Read along booking_items_unit_idx: a unit's items are at most its
 * capacity's worth, so sorting them by the booking's creation is bounded by what the unit sells.
 */
export async function listUnitBookings({
  deps,
  input,
}: {
  deps: { db: Database };
  input: { unitId: string; limit: number; cursor?: string | undefined };
}): Promise<Result<{ bookings: UnitBooking[]; nextCursor: string | null }>> {
  const fingerprint = queryFingerprintOf([input.unitId]);
  let after: { at: number; id: string } | null = null;
  if (input.cursor !== undefined) {
    const payload = decodeCursorPayload(input.cursor) as { k?: unknown; f?: unknown } | null;
    const k = payload?.k;
    if (
      !payload ||
      payload.f !== fingerprint ||
      !Array.isArray(k) ||
      !Number.isSafeInteger(k[0]) ||
      typeof k[1] !== "string"
    ) {
      return err("INVALID_CURSOR", "The cursor is not valid for this list; start again without it.");
    }
    after = { at: k[0] as number, id: k[1] };
  }
  const rows = await unitBookingsQuery(deps.db, { unitId: input.unitId, after, size: input.limit + 1 });
  const page = rows.slice(0, input.limit).map((r) => ({
    booking: r.booking,
    item: {
      id: r.itemId,
      status: r.itemStatus,
      quantity: r.quantity,
      totalMinor: r.totalMinor,
      currency: r.currency,
    },
  }));
  const last = page.at(-1)?.booking;
  const nextCursor =
    rows.length > input.limit && last ? encodeCursorPayload({ k: [last.createdAt, last.id], f: fingerprint }) : null;
  return ok({ bookings: page, nextCursor });
}

/** The query of one page (exported for its query-plan test): newest first, keyset on (created_at, id). */
export function unitBookingsQuery(
  db: Database,
  q: { unitId: string; after: { at: number; id: string } | null; size: number },
) {
  const { after } = q;
  return db
    .select({
      booking: bookings,
      itemId: bookingItems.id,
      itemStatus: bookingItems.status,
      quantity: bookingItems.quantity,
      totalMinor: bookingItems.totalMinor,
      currency: bookingItems.currency,
    })
    .from(bookingItems)
    .innerJoin(bookings, eq(bookings.id, bookingItems.bookingId))
    .where(
      and(
        eq(bookingItems.unitId, q.unitId),
        after
          ? or(lt(bookings.createdAt, after.at), and(eq(bookings.createdAt, after.at), lt(bookings.id, after.id)))
          : undefined,
      ),
    )
    .orderBy(desc(bookings.createdAt), desc(bookings.id))
    .limit(q.size);
}

/**
 * One booking with its timeline, if it has an item on the unit; otherwise the same "not found"
 * as an unknown reference, so an organiser learns nothing of other organisers' bookings.
 */
export async function unitBooking({
  deps,
  input,
}: {
  deps: { db: Database };
  input: { unitId: string; reference: string };
}): Promise<Result<BookingDetails>> {
  const reference = normaliseReference(input.reference);
  const row = reference
    ? await deps.db
        .select({ booking: bookings })
        .from(bookings)
        .innerJoin(bookingItems, eq(bookingItems.bookingId, bookings.id))
        .where(and(eq(bookings.reference, reference), eq(bookingItems.unitId, input.unitId)))
        .get()
    : undefined;
  if (!row) return err("BOOKING_NOT_FOUND", "No booking with this reference has an item on this unit.");
  return ok(await bookingDetails({ db: deps.db }, row.booking));
}
