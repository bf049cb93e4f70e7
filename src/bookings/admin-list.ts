import { and, asc, desc, eq, inArray, lt, or, type SQL } from "drizzle-orm";
import type { Database } from "../db/client";
import { type BookingStatus, bookingItems, bookings } from "../db/schema";
import { err, ok, type Result } from "../lib/result";
import type { BookingRow, PaymentState } from "./store";

export interface BookingListPage {
  items: (BookingRow & { unitIds: string[] })[];
  nextCursor: string | null;
}

/**
 * Bookings in one status, for an operator: the ones the stuck rule gave up on
 * (`payment_failed` + `unknown`), pending ones past their deadline, refunds still owed
 * (`refund_pending`). Latest deadline first, a keyset page at a time, read along
 * bookings_status_deadline_idx, so no status is ever sorted in full.
 */
export async function listBookingsForOperator({
  deps,
  input,
}: {
  deps: { db: Database };
  input: { status: BookingStatus; paymentState?: PaymentState | undefined; limit: number; cursor?: string | undefined };
}): Promise<Result<BookingListPage>> {
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  if (input.cursor && !after) return err("INVALID_CURSOR", "The cursor is malformed; start again without it.");
  const conditions: (SQL | undefined)[] = [eq(bookings.status, input.status)];
  if (input.paymentState) conditions.push(eq(bookings.paymentState, input.paymentState));
  if (after) {
    conditions.push(
      or(
        lt(bookings.holdExpiresAt, after.deadline),
        and(eq(bookings.holdExpiresAt, after.deadline), lt(bookings.id, after.id)),
      ),
    );
  }
  // One extra row tells whether another page exists without a COUNT.
  const rows = await deps.db
    .select()
    .from(bookings)
    .where(and(...conditions))
    .orderBy(desc(bookings.holdExpiresAt), desc(bookings.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  const units = page.length
    ? await deps.db
        .select({ bookingId: bookingItems.bookingId, unitId: bookingItems.unitId })
        .from(bookingItems)
        .where(
          inArray(
            bookingItems.bookingId,
            page.map((b) => b.id),
          ),
        )
        .orderBy(asc(bookingItems.bookingId), asc(bookingItems.position))
    : [];
  const items = page.map((b) => ({
    ...b,
    unitIds: units.filter((u) => u.bookingId === b.id).map((u) => u.unitId),
  }));
  return ok({ items, nextCursor: rows.length > input.limit && last ? encodeCursor(last) : null });
}

function encodeCursor(b: Pick<BookingRow, "holdExpiresAt" | "id">): string {
  return btoa(JSON.stringify([b.holdExpiresAt, b.id]))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

function decodeCursor(cursor: string): { deadline: number; id: string } | null {
  try {
    const parsed: unknown = JSON.parse(atob(cursor.replace(/-/g, "+").replace(/_/g, "/")));
    if (!Array.isArray(parsed) || parsed.length !== 2) return null;
    const [deadline, id] = parsed;
    if (!Number.isSafeInteger(deadline) || typeof id !== "string" || !id.startsWith("bkg_")) return null;
    return { deadline, id };
  } catch {
    return null;
  }
}
