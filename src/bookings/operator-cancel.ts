import { and, eq } from "drizzle-orm";
import { bookings } from "../db/schema";
// The engine still reads departures until bookings have line items (docs/architecture.md).
import { departures } from "../products/departures/schema";
import { cancelAndRefund } from "./cancel-booking";
import type { BookingDeps } from "./deps";

export const OPERATOR_CANCEL_BATCH = 50;
const REASON = "departure cancelled by the operator";

/**
 * When an operator cancels a departure, the object releases its holds at once but sold seats
 * stay sold until each booking is cancelled and refunded here (the object lists them as
 * stranded). Runs right after the cancellation and again from the reconcile cron until none is
 * left, a bounded batch per run: a full flight is hundreds of refunds.
 */
export async function cancelBookingsOfCancelledDepartures({
  deps,
  departureId,
}: {
  deps: BookingDeps;
  departureId?: string;
}): Promise<{ cancelled: number; failed: number }> {
  const where = and(
    eq(bookings.status, "confirmed"),
    eq(departures.status, "cancelled"),
    ...(departureId ? [eq(bookings.departureId, departureId)] : []),
  );
  const rows = await deps.db
    .select({ booking: bookings })
    .from(bookings)
    .innerJoin(departures, eq(departures.id, bookings.departureId))
    .where(where)
    .limit(OPERATOR_CANCEL_BATCH);
  let cancelled = 0;
  let failed = 0;
  for (const { booking } of rows) {
    const result = await cancelAndRefund(deps, booking, { reason: REASON }).catch((error: unknown) => {
      deps.log.error("operator_cancel_failed", { booking_id: booking.id, error: String(error) });
      return null;
    });
    if (result?.ok) cancelled++;
    else failed++;
  }
  return { cancelled, failed };
}
