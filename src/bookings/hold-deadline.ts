import { and, eq, lt } from "drizzle-orm";
import type { Database } from "../db/client";
import { bookings } from "../db/schema";
import type { HoldView } from "../inventory/contract";
import { HOLD_POLICY } from "../inventory/policy";
import type { Logger } from "../lib/logger";
import type { BookingDeps } from "./deps";
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
  const result = await db
    .update(bookings)
    .set({ holdExpiresAt: deadline, updatedAt: Math.floor(nowMs / 1000) })
    .where(and(eq(bookings.holdId, hold.holdId), lt(bookings.holdExpiresAt, deadline)))
    .run();
  return (result.meta.changes ?? 0) > 0;
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

/** The booking as it should read, given the hold just read from the object. */
export async function repairHoldDeadline(
  deps: Pick<BookingDeps, "db" | "clock">,
  booking: BookingRow,
  hold: HoldView | null,
): Promise<BookingRow> {
  if (hold?.status !== "held" || Math.floor(hold.expiresAt / 1000) <= booking.holdExpiresAt) return booking;
  await recordHoldDeadline(deps.db, hold, deps.clock.now());
  return { ...booking, holdExpiresAt: Math.floor(hold.expiresAt / 1000) };
}

/**
 * A charge in doubt keeps its seat: once an attempt has ended with no answer, the money may have
 * moved, so the hold is extended (the object's one extension, never past departure) and the
 * booking's deadline with it, giving the retries, and the sweep's re-drive of a lost retry, time
 * to land while the seat is still the traveller's. A hold the traveller already extended, or one
 * already gone, is left as it is: the usual rules (charge, then refund if the seat is gone) apply.
 */
export async function extendHoldWhileInDoubt(deps: BookingDeps, booking: BookingRow): Promise<boolean> {
  try {
    const extended = await deps.inventory(booking.departureId).extendHold(booking.holdId, HOLD_POLICY.extensionSeconds);
    if (!extended.ok) return false;
    const now = deps.clock.now();
    if (await recordHoldDeadline(deps.db, extended.value, now)) {
      const detail = { reason: "payment in doubt", hold_expires_at: new Date(extended.value.expiresAt).toISOString() };
      await noteEvent(deps.d1, {
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
