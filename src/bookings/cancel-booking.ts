import { err, ok, type Result } from "../lib/result";
import { cancelItems, type RefundRule } from "./cancel-items";
import type { BookingDeps } from "./deps";
import { returnItemHolds } from "./item-holds";
import { activeItems, type BookingItem, itemsOf } from "./items";
import { authoriseBooking, type BookingCredentials } from "./lookup";
import { canApply } from "./state-machine";
import type { BookingRow } from "./store";

/**
 * confirmed → cancelled: every active item, each refunded by its locked refund policy (the
 * numbers GET /v1/bookings/{reference}/refund-quote shows). The booking is cancelled in D1 first
 * and the units returned after: if an object cannot be reached, its unit is undersold for a
 * while (the refund job retries cancelHold), never oversold. Cancelling an already cancelled or
 * refunded booking answers it as it is.
 */
export async function cancelBooking({
  deps,
  input,
}: {
  deps: BookingDeps;
  input: BookingCredentials;
}): Promise<Result<BookingRow>> {
  const found = await authoriseBooking({ deps, input });
  if (!found.ok) return found;
  const booking = found.value;
  const refused = refusal(booking);
  if (refused !== undefined) return refused ?? ok(booking);
  const active = activeItems(await itemsOf(deps, booking.id));
  const started = active.find((item) => hasStarted(deps, item));
  if (started) return alreadyStarted(booking, started);
  return cancelItems(deps, booking, active, { reason: "cancelled by the traveller", rule: "policy" });
}

/**
 * One item of a confirmed booking (POST /v1/bookings/{reference}/items/{item_id}/cancel), refunded
 * by its own policy. The last active item cancels the booking. An item already cancelled answers
 * the booking as it is.
 */
export async function cancelBookingItem({
  deps,
  input,
}: {
  deps: BookingDeps;
  input: BookingCredentials & { itemId: string };
}): Promise<Result<BookingRow>> {
  const found = await authoriseBooking({ deps, input });
  if (!found.ok) return found;
  const booking = found.value;
  const item = (await itemsOf(deps, booking.id)).find((i) => i.id === input.itemId);
  if (!item) return err("BOOKING_ITEM_NOT_FOUND", `Booking ${booking.reference} has no item ${input.itemId}.`);
  const refused = refusal(booking);
  if (refused !== undefined) return refused ?? ok(booking);
  if (item.status === "cancelled") return ok(booking);
  if (hasStarted(deps, item)) return alreadyStarted(booking, item);
  return cancelItems(deps, booking, [item], { reason: "cancelled by the traveller", rule: "policy" });
}

/**
 * The cancellation itself, for an already authorised booking: every active item (or those on
 * `unitIds`), by `rule`. Used by the operator's cancellation of a unit (full refunds).
 */
export async function cancelAndRefund(
  deps: BookingDeps,
  booking: BookingRow,
  { reason, rule = "full", unitIds }: { reason: string; rule?: RefundRule; unitIds?: string[] },
): Promise<Result<BookingRow>> {
  const active = activeItems(await itemsOf(deps, booking.id));
  const chosen = unitIds ? active.filter((item) => unitIds.includes(item.unitId)) : active;
  return cancelItems(deps, booking, chosen, { reason, rule });
}

/** undefined: go on; null: nothing to do (already cancelled); else the refusal. */
function refusal(booking: BookingRow): Result<never> | null | undefined {
  if (booking.status === "cancelled" || booking.status === "refunded") return null;
  if (!canApply(booking.status, "cancel")) {
    return err("BOOKING_NOT_CANCELLABLE", `A booking that is ${booking.status} cannot be cancelled.`, {
      booking_status: booking.status,
    });
  }
  return undefined;
}

const hasStarted = (deps: Pick<BookingDeps, "clock">, item: BookingItem) => item.startsAt * 1000 <= deps.clock.now();

function alreadyStarted(booking: BookingRow, item: BookingItem): Result<never> {
  return err("BOOKING_NOT_CANCELLABLE", `${item.snapshot.title} has already started.`, {
    booking_status: booking.status,
  });
}

/**
 * Best effort here; the refund job calls it again (cancelHold is idempotent) until it works. A
 * cancelled booking returns every item's units; a confirmed one only its cancelled items'.
 */
export async function returnUnits(
  deps: BookingDeps,
  booking: BookingRow,
  reason = "booking cancelled",
): Promise<boolean> {
  const items = await itemsOf(deps, booking.id);
  const toReturn = booking.status === "confirmed" ? items.filter((item) => item.status === "cancelled") : items;
  return returnItemHolds(deps, booking.id, toReturn, reason);
}
