import { and, asc, eq, exists, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { type BookingStatus, bookingItems, bookings } from "../db/schema";
import type { BookingDeps } from "./deps";
import { type BookingItem, parseItem } from "./items";
import { bookingInStatus } from "./store";

type AnnounceDeps = Pick<BookingDeps, "db" | "clock" | "products" | "log">;

/**
 * Tells each item's product that the item is cancelled (ProductModule.onItemCancelled), once the
 * item's row says so, and records on the row that it did (`cancel_announced_at`). Callers pass
 * only the items their own statement cancelled (the guarded update's row count or RETURNING), so
 * two racing paths never both announce one item. A product that fails is logged and does not
 * undo the cancellation (the booking's money and units are the engine's, already settled); the
 * row stays unannounced and the five-minute cron calls the hook again (announceOverdueItems),
 * as it does for an item whose Worker died between the cancelling batch and this call.
 */
export async function announceCancelledItems(
  deps: AnnounceDeps,
  items: readonly BookingItem[],
): Promise<{ announced: number; failed: number }> {
  let announced = 0;
  for (const item of items) {
    try {
      await deps.products.itemCancelled(item);
    } catch (error) {
      deps.log.error("item_cancelled_hook_failed", { item_id: item.id, unit_id: item.unitId, error: String(error) });
      continue;
    }
    announced++;
    try {
      await deps.db
        .update(bookingItems)
        .set({ cancelAnnouncedAt: Math.floor(deps.clock.now() / 1000) })
        .where(and(eq(bookingItems.id, item.id), isNull(bookingItems.cancelAnnouncedAt)));
    } catch (error) {
      // The product heard; without the mark the sweep tells it again, which it must bear anyway.
      deps.log.warn("item_announce_mark_failed", { item_id: item.id, error: String(error) });
    }
  }
  return { announced, failed: items.length - announced };
}

/** How long a cancellation may still be announcing itself before the sweep steps in. */
export const ANNOUNCE_POLICY = { graceSeconds: 5 * 60, batch: 50 } as const;

/**
 * The five-minute cron's retry of onItemCancelled: cancelled items whose product has not heard,
 * cancelled more than a grace period ago (a cancellation in flight is still announcing itself),
 * oldest first, a bounded batch per run (the partial index booking_items_unannounced_idx holds
 * only these rows). A hook may thus run twice for one item (it must be idempotent); never zero times.
 */
export async function announceOverdueItems({
  deps,
  now,
}: {
  deps: AnnounceDeps;
  now: number;
}): Promise<{ announced: number; failed: number }> {
  const rows = await overdueItemsQuery(deps.db, Math.floor(now / 1000) - ANNOUNCE_POLICY.graceSeconds);
  return announceCancelledItems(deps, rows.map(parseItem));
}

/** The sweep's query (exported for its query-plan test: it reads the partial index booking_items_unannounced_idx). */
export function overdueItemsQuery(db: Database, cancelledBefore: number) {
  return db
    .select()
    .from(bookingItems)
    .where(
      and(
        eq(bookingItems.status, "cancelled"),
        isNull(bookingItems.cancelAnnouncedAt),
        lt(bookingItems.cancelledAt, cancelledBefore),
      ),
    )
    .orderBy(asc(bookingItems.cancelledAt))
    .limit(ANNOUNCE_POLICY.batch);
}

/**
 * The items of a booking that ends unconfirmed (declined, given up on, expired unpaid) end with
 * it, in the batch that closes it: cancelled, nothing refunded, and marked announced at once.
 * Their products are not told: an item that was never confirmed had nothing issued for it (a
 * product issues at confirmation: events' tickets). The one exception, a confirmation that lost
 * the race to the close, is undone by cancelItemsOfClosedBooking, which announces them after all.
 * Only while the booking is in `status`: a batch whose transition lost changes no item.
 */
export function closeItemsStatement(db: Database, bookingId: string, status: BookingStatus, nowMs: number) {
  const now = Math.floor(nowMs / 1000);
  return db
    .update(bookingItems)
    .set({ status: "cancelled", cancelledAt: now, refundMinor: 0, cancelAnnouncedAt: now })
    .where(
      and(
        eq(bookingItems.bookingId, bookingId),
        eq(bookingItems.status, "active"),
        exists(bookingInStatus(db, bookingId, status)),
      ),
    );
}

/**
 * A booking closed without being confirmed whose charge succeeded after all (its all-or-nothing
 * confirmation failed, or it was closed while its charge was in flight) gives every item's units
 * back and all the money: each item becomes cancelled refunding its total, and is announced
 * (the losing confirmation may have had its products issue something: events' tickets). That
 * covers items still active and items the close already ended with nothing refunded
 * (closeItemsStatement). Only while the booking is in one of `closed`, and RETURNING names exactly
 * the rows this call changed, so a repeated settlement announces nothing twice.
 */
export async function cancelItemsOfClosedBooking(
  deps: AnnounceDeps,
  bookingId: string,
  closed: readonly ("expired" | "payment_failed")[],
): Promise<BookingItem[]> {
  const now = Math.floor(deps.clock.now() / 1000);
  const rows = await deps.db
    .update(bookingItems)
    .set({
      status: "cancelled",
      cancelledAt: sql`coalesce(${bookingItems.cancelledAt}, ${now})`,
      refundMinor: sql`${bookingItems.totalMinor}`,
      cancelAnnouncedAt: null,
    })
    .where(
      and(
        eq(bookingItems.bookingId, bookingId),
        or(
          eq(bookingItems.status, "active"),
          and(eq(bookingItems.status, "cancelled"), lt(bookingItems.refundMinor, bookingItems.totalMinor)),
        ),
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
