import { and, eq, inArray, lt, ne, notExists } from "drizzle-orm";
import type { Database } from "../db/client";
import { bookingItems, bookings } from "../db/schema";
import type { HoldView } from "../inventory/contract";
import { HOLD_POLICY } from "../inventory/policy";
import type { Logger } from "../lib/logger";
import type { BookingDeps } from "./deps";
import type { BookingItem } from "./items";
import { type BookingRow, noteEvent } from "./store";

/**
 * A booking's deadline is its hold's, and the hold's deadline is the Durable Object's:
 * `bookings.hold_expires_at` is a copy, kept for the booking's own view and for the reconcile
 * sweep's index. Every path that moves the deadline (an extension by the traveller, or while a
 * payment is in doubt) writes the copy in the same flow, and every path that reads the hold
 * anyway (the payment consumer, the sweep) repairs a copy that fell behind, for instance when the
 * extension landed between a booking's read of the hold and its insert.
 *
 * Deadlines only ever move later, so the write is monotonic: a slow writer with an older view
 * can never move the copy back.
 */
export async function recordHoldDeadline(
  db: Database,
  hold: Pick<HoldView, "holdId" | "expiresAt">,
  nowMs: number,
): Promise<boolean> {
  const deadline = Math.floor(hold.expiresAt / 1000);
  const ofHold = db
    .select({ id: bookingItems.bookingId })
    .from(bookingItems)
    .where(eq(bookingItems.holdId, hold.holdId));
  // A booking of several holds lasts as long as its earliest: one hold's extension says nothing
  // of the others', so only the consumer and the sweep, which read them all, move its copy.
  const otherHolds = db
    .select({ one: bookingItems.position })
    .from(bookingItems)
    .where(and(eq(bookingItems.bookingId, bookings.id), ne(bookingItems.holdId, hold.holdId)));
  const result = await db
    .update(bookings)
    .set({ holdExpiresAt: deadline, updatedAt: Math.floor(nowMs / 1000) })
    .where(and(inArray(bookings.id, ofHold), lt(bookings.holdExpiresAt, deadline), notExists(otherHolds)))
    .run();
  return (result.meta.changes ?? 0) > 0;
}

/** Monotonic, like recordHoldDeadline: the copy of a booking whose holds were all just read. */
async function recordBookingDeadline(db: Database, bookingId: string, deadline: number, nowMs: number) {
  const result = await db
    .update(bookings)
    .set({ holdExpiresAt: deadline, updatedAt: Math.floor(nowMs / 1000) })
    .where(and(eq(bookings.id, bookingId), lt(bookings.holdExpiresAt, deadline)))
    .run();
  return (result.meta.changes ?? 0) > 0;
}

/** The booking's deadline given its holds: the earliest, or null unless every one is still held. */
function earliestDeadline(holds: readonly (HoldView | null)[]): number | null {
  if (holds.length === 0 || holds.some((hold) => hold?.status !== "held")) return null;
  return Math.floor(Math.min(...holds.map((hold) => hold?.expiresAt ?? 0)) / 1000);
}

/**
 * After an extension that already happened in the object: a failure here must not turn the
 * traveller's successful extension into an error; the consumer or the sweep repairs the copy.
 */
export async function holdDeadlineMoved(
  deps: { db: Database; log: Logger; now: () => number },
  hold: HoldView,
): Promise<void> {
  try {
    await recordHoldDeadline(deps.db, hold, deps.now());
  } catch (error) {
    deps.log.warn("hold_deadline_copy_failed", { hold_id: hold.holdId, error: String(error) });
  }
}

/** The booking as it should read, given its items' holds just read from their objects. */
export async function repairHoldDeadline(
  deps: Pick<BookingDeps, "db" | "clock">,
  booking: BookingRow,
  holds: readonly (HoldView | null)[],
): Promise<BookingRow> {
  const deadline = earliestDeadline(holds);
  if (deadline === null || deadline <= booking.holdExpiresAt) return booking;
  await recordBookingDeadline(deps.db, booking.id, deadline, deps.clock.now());
  return { ...booking, holdExpiresAt: deadline };
}

/**
 * A charge in doubt keeps its units: once an attempt has ended with no answer, the money may have
 * moved, so each item's hold is extended (the object's one extension, never past the unit's
 * closing) and the booking's deadline with them, giving the retries, and the sweep's re-drive of
 * a lost retry, time to land while the units are still the traveller's. A hold the traveller
 * already extended, or one already gone, is left as it is: the usual rules (charge, then refund
 * if a unit is gone) apply.
 */
export async function extendHoldWhileInDoubt(
  deps: BookingDeps,
  booking: BookingRow,
  items: readonly BookingItem[],
  holds: readonly (HoldView | null)[],
): Promise<boolean> {
  try {
    const after = [...holds];
    let extendedAny = false;
    for (const [i, item] of items.entries()) {
      const hold = holds[i];
      if (hold?.status !== "held" || hold.extended) continue;
      const extended = await deps.inventory(item.unitId).extendHold(item.holdId, HOLD_POLICY.extensionSeconds);
      if (!extended.ok) continue;
      after[i] = extended.value;
      extendedAny = true;
    }
    const deadline = earliestDeadline(after);
    if (!extendedAny || deadline === null) return false;
    const now = deps.clock.now();
    if (await recordBookingDeadline(deps.db, booking.id, deadline, now)) {
      const detail = { reason: "payment in doubt", hold_expires_at: new Date(deadline * 1000).toISOString() };
      await noteEvent(deps.db, {
        bookingId: booking.id,
        kind: "hold_extended",
        now,
        detail,
        requestId: deps.requestId,
      }).run();
    }
    return true;
  } catch (error) {
    deps.log.warn("hold_extension_failed", { booking_id: booking.id, error: String(error) });
    return false;
  }
}
