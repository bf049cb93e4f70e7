import type { HoldView } from "../inventory/contract";
import type { BookingDeps } from "./deps";
import type { BookingItem } from "./items";

/**
 * A booking's holds, one per item, each in its own unit's object (`deps.inventory(item.unitId)`).
 * The object decides every seat, room or ticket; these only fan the booking's decision out.
 */

export function holdsOf(deps: Pick<BookingDeps, "inventory">, items: readonly BookingItem[]) {
  return Promise.all(items.map((item) => deps.inventory(item.unitId).getHold(item.holdId)));
}

/**
 * Sells every item's hold, or none: the first hold the object refuses (expired, released, unit
 * cancelled) undoes the others (a confirmed one is cancelled, returning its units; a held one is
 * released) and its code is returned. Null: all sold. confirmHold is idempotent per booking, so a
 * second settlement of the same success finds them sold and changes nothing. An unreachable
 * object throws, leaving the charge's job to retry: nothing is undone on a mere outage.
 */
export async function confirmItemHolds(
  deps: BookingDeps,
  bookingId: string,
  items: readonly BookingItem[],
): Promise<{ code: string; itemId: string } | null> {
  for (const [index, item] of items.entries()) {
    const confirmed = await deps.inventory(item.unitId).confirmHold(item.holdId, bookingId);
    if (confirmed.ok) continue;
    const reason = "another item of the booking could not be confirmed";
    await returnItemHolds(deps, bookingId, items.slice(0, index), reason);
    await releaseItemHolds(deps, bookingId, items.slice(index + 1), reason);
    return { code: confirmed.error.code, itemId: item.id };
  }
  return null;
}

/** Best effort: a hold the object cannot release now lapses at its own deadline. */
export async function releaseItemHolds(
  deps: Pick<BookingDeps, "inventory" | "log">,
  bookingId: string,
  items: readonly BookingItem[],
  reason: string,
): Promise<void> {
  for (const item of items) {
    try {
      const released = await deps.inventory(item.unitId).releaseHold(item.holdId, reason);
      if (!released.ok)
        deps.log.warn("hold_release_refused", { booking_id: bookingId, item_id: item.id, code: released.error.code });
    } catch (error) {
      deps.log.warn("hold_release_failed", { booking_id: bookingId, item_id: item.id, error: String(error) });
    }
  }
}

/**
 * Gives sold units back (cancelHold, idempotent). True when every item's are back; the refund
 * job retries otherwise. HOLD_NOT_FOUND means the unit's object has retired (deleted its storage
 * some days after the unit's end, docs/inventory.md): nothing is left to return, so that counts
 * as done.
 */
export async function returnItemHolds(
  deps: Pick<BookingDeps, "inventory" | "log">,
  bookingId: string,
  items: readonly BookingItem[],
  reason: string,
): Promise<boolean> {
  let all = true;
  for (const item of items) {
    try {
      const result = await deps.inventory(item.unitId).cancelHold(item.holdId, reason);
      if (result.ok || result.error.code === "HOLD_NOT_FOUND") continue;
      deps.log.warn("unit_return_refused", { booking_id: bookingId, item_id: item.id, code: result.error.code });
      all = false;
    } catch (error) {
      deps.log.warn("unit_return_failed", { booking_id: bookingId, item_id: item.id, error: String(error) });
      all = false;
    }
  }
  return all;
}

/** Whether every hold can still be sold to this booking (held and not lapsed, or already its). */
export function holdsUsable(holds: readonly (HoldView | null)[], bookingId: string, now: number): boolean {
  return holds.length > 0 && holds.every((hold) => holdUsable(hold, bookingId, now));
}

export function holdUsable(hold: HoldView | null, bookingId: string, now: number): boolean {
  if (!hold) return false;
  if (hold.status === "confirmed") return hold.bookingId === bookingId;
  return hold.status === "held" && hold.expiresAt > now;
}

/** Why the holds cannot be sold, for the timeline: the first that is not usable. */
export function unusableReason(holds: readonly (HoldView | null)[], bookingId: string, now: number): string {
  const hold = holds.find((h) => !holdUsable(h, bookingId, now));
  if (hold === undefined) return "no hold";
  return hold ? `hold ${hold.status}` : "hold not found";
}
