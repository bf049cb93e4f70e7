import { and, eq } from "drizzle-orm";
import { bookingItems, bookings, unitCancellations } from "../db/schema";
import { cancelAndRefund } from "./cancel-booking";
import type { BookingDeps } from "./deps";

export const OPERATOR_CANCEL_BATCH = 50;

/**
 * Step one of an operator's cancellation of a unit, product-neutral: the engine records the unit
 * (idempotent), so what the request does not finish the reconcile cron does. The object itself
 * has already released the unit's holds and lists its sold ones as stranded.
 */
export async function recordUnitCancellation(
  deps: Pick<BookingDeps, "db" | "clock" | "requestId">,
  unit: { unitId: string; product: string; reason: string },
): Promise<void> {
  await deps.db
    .insert(unitCancellations)
    .values({ ...unit, cancelledAt: Math.floor(deps.clock.now() / 1000), requestId: deps.requestId })
    .onConflictDoNothing()
    .run();
}

/**
 * Cancels and refunds the confirmed bookings with an active item on a cancelled unit (one unit,
 * or every recorded one), a bounded batch per run: a full flight is hundreds of refunds. Runs
 * right after the cancellation and again from the reconcile cron until none is left.
 */
export async function cancelBookingsOfCancelledUnits({
  deps,
  unitId,
}: {
  deps: BookingDeps;
  unitId?: string;
}): Promise<{ cancelled: number; failed: number }> {
  const rows = await deps.db
    .selectDistinct({ booking: bookings, reason: unitCancellations.reason })
    .from(unitCancellations)
    .innerJoin(bookingItems, and(eq(bookingItems.unitId, unitCancellations.unitId), eq(bookingItems.status, "active")))
    .innerJoin(bookings, and(eq(bookings.id, bookingItems.bookingId), eq(bookings.status, "confirmed")))
    .where(unitId ? eq(unitCancellations.unitId, unitId) : undefined)
    .limit(OPERATOR_CANCEL_BATCH);
  let cancelled = 0;
  let failed = 0;
  for (const { booking, reason } of rows) {
    const result = await cancelAndRefund(deps, booking, { reason }).catch((error: unknown) => {
      deps.log.error("operator_cancel_failed", { booking_id: booking.id, error: String(error) });
      return null;
    });
    if (result?.ok) cancelled++;
    else failed++;
  }
  return { cancelled, failed };
}
