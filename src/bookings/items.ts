import { asc, eq } from "drizzle-orm";
import { bookingItems } from "../db/schema/booking-items";
import type { ItemSnapshot } from "../holds/item-snapshot";
import type { HoldLine, RefundStep } from "../inventory/contract";
import type { BookingDeps } from "./deps";

/** A booking item as the engine reads it: the row with its JSON parsed. */
export interface BookingItem {
  id: string;
  position: number;
  product: string;
  unitId: string;
  holdId: string;
  status: "active" | "cancelled";
  lines: HoldLine[];
  quantity: number;
  totalMinor: number;
  currency: string;
  startsAt: number;
  endsAt: number | null;
  timezone: string;
  snapshot: ItemSnapshot;
  refundPolicy: RefundStep[];
  cancelledAt: number | null;
  refundMinor: number | null;
}

export async function itemsOf(deps: Pick<BookingDeps, "db">, bookingId: string): Promise<BookingItem[]> {
  const rows = await deps.db
    .select()
    .from(bookingItems)
    .where(eq(bookingItems.bookingId, bookingId))
    .orderBy(asc(bookingItems.position));
  return rows.map(({ bookingId: _booking, lines, snapshot, refundPolicy, ...row }) => ({
    ...row,
    lines: JSON.parse(lines) as HoldLine[],
    snapshot: JSON.parse(snapshot) as ItemSnapshot,
    refundPolicy: JSON.parse(refundPolicy) as RefundStep[],
  }));
}
