import { and, eq, exists, inArray, sql } from "drizzle-orm";
import { bookingItems, bookings } from "../db/schema";
import type { BookingDeps } from "./deps";
import { type BookingItem, parseItem } from "./items";

/**
 * Tells each item's product that the item is cancelled (ProductModule.onItemCancelled), once the
 * item's row says so. Callers pass only the items their own statement cancelled (the guarded
 * update's row count or RETURNING), so two racing paths never both announce one item. A product
 * that fails is logged for an operator and does not undo the cancellation: the booking's
 * money and units are the engine's, already settled.
 */
export async function announceCancelledItems(
  deps: Pick<BookingDeps, "products" | "log">,
  items: readonly BookingItem[],
): Promise<void> {
  for (const item of items) {
    try {
      await deps.products.itemCancelled(item);
    } catch (error) {
      deps.log.error("item_cancelled_hook_failed", { item_id: item.id, unit_id: item.unitId, error: String(error) });
    }
  }
}

/**
 * A booking closed without being confirmed (its all-or-nothing confirmation failed, or it was
 * closed while its charge succeeded) gives every item's units back and all the money: its active
 * items become cancelled, each refunding its total, and are announced. Only while the booking is
 * in one of `closed`, and RETURNING names exactly the rows this call changed, so a repeated
 * settlement announces nothing twice.
 */
export async function cancelItemsOfClosedBooking(
  deps: Pick<BookingDeps, "db" | "clock" | "products" | "log">,
  bookingId: string,
  closed: readonly ("expired" | "payment_failed")[],
): Promise<BookingItem[]> {
  const rows = await deps.db
    .update(bookingItems)
    .set({
      status: "cancelled",
      cancelledAt: Math.floor(deps.clock.now() / 1000),
      refundMinor: sql`${bookingItems.totalMinor}`,
    })
    .where(
      and(
        eq(bookingItems.bookingId, bookingId),
        eq(bookingItems.status, "active"),
        exists(
          deps.db
            .select({ id: bookings.id })
            .from(bookings)
            .where(and(eq(bookings.id, bookingId), inArray(bookings.status, [...closed]))),
        ),
      ),
    )
    .returning();
  const items = rows.map(parseItem).sort((a, b) => a.position - b.position);
  await announceCancelledItems(deps, items);
  return items;
}
