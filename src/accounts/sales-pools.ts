import { sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { bookingItems, bookings, inventoryOwners } from "../db/schema";
import type { Result } from "../lib/result";
import { type SalesQuery, type SalesWindow, salesPage } from "./sales";

export interface PoolSalesRow {
  unitId: string;
  product: string;
  /** The pool without a night: a fare class, a room type (its nights together), a ticket tier. */
  pool: string;
  label: string;
  day: string;
  currency: string;
  /** Confirmed bookings with an active item holding the pool; the quantity of the pool in them and its price. */
  bookings: number;
  quantity: number;
  revenueMinor: number;
  /** Quantity of the pool in items cancelled after payment. */
  cancelledQuantity: number;
}

type Key = [unit: string, pool: string, day: string, currency: string];

/**
 * Sales per pool of the organiser's units (what was sold: seats of a fare class, room-nights of a
 * room type, tickets of a tier), per UTC day of sale and currency; the same units, days and paid
 * bookings as organiserSales. Read from each item's locked hold lines (booking_items.lines), so a
 * price or label changed later does not rewrite past sales. Keyset-paged on (unit, pool, day, currency).
 */
export async function organiserPoolSales({
  deps,
  input,
}: {
  deps: { db: Database };
  input: SalesQuery;
}): Promise<Result<{ rows: PoolSalesRow[]; nextCursor: string | null }>> {
  return salesPage<PoolSalesRow, Key>(
    input,
    ["pools"],
    (q) => deps.db.all<PoolSalesRow>(poolSalesQuery(q)),
    (r) => [r.unitId, r.pool, r.day, r.currency],
  );
}

/**
 * Raw SQL because the lines are unpacked with SQLite's table-valued json_each, which drizzle's
 * query builder cannot join; the columns are still drizzle's. A stay's pool is `<room type>@<night>`:
 * the night is cut off so a room type's nights add up (quantity = room-nights).
 */
export function poolSalesQuery(q: SalesWindow<Key>) {
  const poolOf = sql`CASE WHEN instr(json_extract(line.value, '$.pool'), '@') > 0
    THEN substr(json_extract(line.value, '$.pool'), 1, instr(json_extract(line.value, '$.pool'), '@') - 1)
    ELSE json_extract(line.value, '$.pool') END`;
  const day = sql`date(${bookings.createdAt}, 'unixepoch')`;
  const sold = sql`${bookings.status} = 'confirmed' AND ${bookingItems.status} = 'active'`;
  const cancelled = sql`(${bookingItems.status} = 'cancelled' OR ${bookings.status} IN ('cancelled', 'refunded'))`;
  const quantity = sql`json_extract(line.value, '$.quantity')`;
  const after = q.after
    ? sql`HAVING (${bookingItems.unitId}, ${poolOf}, ${day}, ${bookingItems.currency}) > (${q.after[0]}, ${q.after[1]}, ${q.after[2]}, ${q.after[3]})`
    : sql``;
  return sql`
    SELECT ${bookingItems.unitId} AS unitId, min(${bookingItems.product}) AS product, ${poolOf} AS pool,
      min(json_extract(line.value, '$.label')) AS label, ${day} AS day, ${bookingItems.currency} AS currency,
      count(DISTINCT CASE WHEN ${sold} THEN ${bookings.id} END) AS bookings,
      coalesce(sum(CASE WHEN ${sold} THEN ${quantity} END), 0) AS quantity,
      coalesce(sum(CASE WHEN ${sold} THEN json_extract(line.value, '$.totalMinor') END), 0) AS revenueMinor,
      coalesce(sum(CASE WHEN ${cancelled} THEN ${quantity} END), 0) AS cancelledQuantity
    FROM ${inventoryOwners}
    JOIN ${bookingItems} ON ${bookingItems.unitId} = ${inventoryOwners.unitId}
    JOIN ${bookings} ON ${bookings.id} = ${bookingItems.bookingId}
    JOIN json_each(${bookingItems.lines}) AS line
    WHERE ${inventoryOwners.accountId} = ${q.ownerId}
      AND ${bookings.createdAt} >= ${q.start} AND ${bookings.createdAt} < ${q.end}
      AND ${bookings.status} IN ('confirmed', 'cancelled', 'refunded')
    GROUP BY ${bookingItems.unitId}, ${poolOf}, ${day}, ${bookingItems.currency}
    ${after}
    ORDER BY ${bookingItems.unitId}, ${poolOf}, ${day}, ${bookingItems.currency}
    LIMIT ${q.size}`;
}
