import { and, asc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { bookingItems, bookings, inventoryOwners } from "../db/schema";
import { decodeCursorPayload, encodeCursorPayload, queryFingerprintOf } from "../lib/cursor";
import { checkDateRange } from "../lib/date-range";
import { err, ok, type Result } from "../lib/result";

export const SALES_MAX_DAYS = 31;

export interface SalesQuery {
  /** The organiser whose units are reported. */
  ownerId: string;
  /** UTC calendar dates, inclusive: the day each booking was made. */
  from: string;
  to: string;
  cursor?: string | undefined;
  limit: number;
}

export interface SalesRow {
  unitId: string;
  product: string;
  day: string;
  currency: string;
  /** Confirmed bookings with an active item on the unit, their quantity and its price. */
  bookings: number;
  quantity: number;
  revenueMinor: number;
  /** Items on the unit cancelled after payment, and what was refunded for them. */
  cancelledItems: number;
  refundedMinor: number;
}

type Key = [unit: string, day: string, currency: string];

const SOLD = sql`${bookings.status} = 'confirmed' AND ${bookingItems.status} = 'active'`;
const CANCELLED = sql`(${bookingItems.status} = 'cancelled' OR ${bookings.status} IN ('cancelled', 'refunded'))`;
const DAY = sql<string>`date(${bookings.createdAt}, 'unixepoch')`;

/**
 * Sales of the units an organiser owns (inventory_owners), per unit, UTC day of sale and currency,
 * over at most 31 days. Only paid bookings count (confirmed, or cancelled/refunded after payment).
 * The query starts from the owner's units (inventory_owners_account_idx → booking_items_unit_idx),
 * so no other organiser's unit can enter it. Keyset-paged on (unit, day, currency).
 */
export async function organiserSales({
  deps,
  input,
}: {
  deps: { db: Database };
  input: SalesQuery;
}): Promise<Result<{ rows: SalesRow[]; nextCursor: string | null }>> {
  return salesPage<SalesRow, Key>(
    input,
    [],
    (q) => salesQuery(deps.db, q),
    (r) => [r.unitId, r.day, r.currency],
  );
}

/** One page's window: epoch seconds [start, end), the key to continue after, and how many rows to read. */
export interface SalesWindow<K> {
  ownerId: string;
  start: number;
  end: number;
  after: K | null;
  size: number;
}

/**
 * What every sales view shares: the date range (at most SALES_MAX_DAYS), a cursor valid only for
 * the same view, owner and dates (`view` names the view in its fingerprint), and keyset paging on
 * the key `keyOf` reads from a row.
 */
export async function salesPage<Row, K extends string[]>(
  input: SalesQuery,
  view: string[],
  read: (window: SalesWindow<K>) => Promise<Row[]>,
  keyOf: (row: Row) => K,
): Promise<Result<{ rows: Row[]; nextCursor: string | null }>> {
  const range = checkDateRange(input.from, input.to, SALES_MAX_DAYS);
  if (!range.ok) return range;
  const fingerprint = queryFingerprintOf([...view, input.ownerId, input.from, input.to]);
  let after: K | null = null;
  if (input.cursor !== undefined) {
    after = decodeCursor<K>(input.cursor, fingerprint);
    if (!after) return err("INVALID_CURSOR", "The cursor is not valid for this query; start again without it.");
  }
  const start = Date.parse(`${input.from}T00:00:00Z`) / 1000;
  const end = Date.parse(`${input.to}T00:00:00Z`) / 1000 + 86_400;
  const rows = await read({ ownerId: input.ownerId, start, end, after, size: input.limit + 1 });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > input.limit && last ? encodeCursorPayload({ k: keyOf(last), f: fingerprint }) : null;
  return ok({ rows: page, nextCursor });
}

/** The query of one page (exported for its query-plan test). Epoch seconds, [start, end). */
export function salesQuery(db: Database, q: SalesWindow<Key>) {
  const { after } = q;
  return (
    db
      .select({
        unitId: bookingItems.unitId,
        product: sql<string>`min(${bookingItems.product})`,
        day: DAY,
        currency: bookingItems.currency,
        bookings: sql<number>`count(DISTINCT CASE WHEN ${SOLD} THEN ${bookings.id} END)`,
        quantity: sql<number>`coalesce(sum(CASE WHEN ${SOLD} THEN ${bookingItems.quantity} END), 0)`,
        revenueMinor: sql<number>`coalesce(sum(CASE WHEN ${SOLD} THEN ${bookingItems.totalMinor} END), 0)`,
        cancelledItems: sql<number>`count(CASE WHEN ${CANCELLED} THEN 1 END)`,
        refundedMinor: sql<number>`coalesce(sum(CASE WHEN ${CANCELLED} THEN ${bookingItems.refundMinor} END), 0)`,
      })
      .from(inventoryOwners)
      .innerJoin(bookingItems, eq(bookingItems.unitId, inventoryOwners.unitId))
      .innerJoin(bookings, eq(bookings.id, bookingItems.bookingId))
      .where(
        and(
          eq(inventoryOwners.accountId, q.ownerId),
          gte(bookings.createdAt, q.start),
          lt(bookings.createdAt, q.end),
          inArray(bookings.status, ["confirmed", "cancelled", "refunded"]),
        ),
      )
      .groupBy(bookingItems.unitId, DAY, bookingItems.currency)
      // A row value compares the three keys in order (SQLite ≥ 3.15).
      .having(
        after
          ? sql`(${bookingItems.unitId}, ${DAY}, ${bookingItems.currency}) > (${after[0]}, ${after[1]}, ${after[2]})`
          : undefined,
      )
      .orderBy(asc(bookingItems.unitId), asc(DAY), asc(bookingItems.currency))
      .limit(q.size)
  );
}

function decodeCursor<K extends string[]>(cursor: string, fingerprint: string): K | null {
  const payload = decodeCursorPayload(cursor) as { k?: unknown; f?: unknown } | null;
  if (!payload || typeof payload !== "object" || payload.f !== fingerprint) return null;
  const { k } = payload;
  if (!Array.isArray(k) || k.length === 0 || k.length > 8) return null;
  if (!k.every((part) => typeof part === "string" && part.length <= 64)) return null;
  return k as K;
}
