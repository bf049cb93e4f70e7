import { randomId } from "../lib/ids";
import { err, ok, type Result } from "../lib/result";
import { commitTransition } from "./commit";
import type { BookingDeps } from "./deps";
import { amountOf, NOT_CHARGED } from "./emails";
import { returnItemHolds } from "./item-holds";
import { activeItems, itemsOf } from "./items";
import { authoriseBooking, type BookingCredentials } from "./lookup";
import { sendRefundJob } from "./refund-job";
import { canApply } from "./state-machine";
import { type BookingRow, bookingById, insertRefund, paymentsOf } from "./store";

/**
 * confirmed → cancelled, with a full refund (edgefare has no fare rules yet). The booking is
 * cancelled in D1 first and the seats returned after: if the object cannot be reached, the
 * departure is undersold for a while (the refund job retries cancelHold), never oversold.
 * Cancelling an already cancelled or refunded booking answers it as it is.
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
  if (booking.status === "cancelled" || booking.status === "refunded") return ok(booking);
  if (!canApply(booking.status, "cancel")) {
    return err("BOOKING_NOT_CANCELLABLE", `A booking that is ${booking.status} cannot be cancelled.`, {
      booking_status: booking.status,
    });
  }
  const started = activeItems(await itemsOf(deps, booking.id)).find((item) => item.startsAt * 1000 <= deps.clock.now());
  if (started) {
    return err("BOOKING_NOT_CANCELLABLE", `${started.snapshot.title} has already started.`, {
      booking_status: booking.status,
    });
  }

  return cancelAndRefund(deps, booking, { reason: "cancelled by the traveller" });
}

/**
 * The cancellation itself, for an already authorised booking: the traveller's request or an
 * operator's cancellation of the whole departure. One guarded batch (status, timeline, refund row,
 * email), then the seats, then the refund job.
 */
export async function cancelAndRefund(
  deps: BookingDeps,
  booking: BookingRow,
  { reason }: { reason: string },
): Promise<Result<BookingRow>> {
  const charge = (await paymentsOf(deps, booking.id)).find((p) => p.kind === "charge" && p.status === "succeeded");
  const refundId = randomId("pay");
  const now = deps.clock.now();
  const { won, extraChanges } = await commitTransition(deps, booking, {
    event: "cancel",
    paymentState: charge ? "refund_pending" : booking.paymentState,
    detail: { reason, refund_minor: charge?.amountMinor ?? 0 },
    email: {
      kind: "booking_cancelled",
      money: charge ? { state: "refunding", amount: amountOf(charge) } : NOT_CHARGED,
    },
    extra: charge ? [insertRefund(deps.d1, charge, refundId, now)] : [],
  });
  const after = await bookingById(deps, booking.id);
  if (!after) throw new Error(`booking ${booking.id} vanished`);
  if (!won && after.status !== "cancelled" && after.status !== "refunded") {
    return err("BOOKING_NOT_CANCELLABLE", `A booking that is ${after.status} cannot be cancelled.`, {
      booking_status: after.status,
    });
  }
  if (won) await returnSeats(deps, booking, reason);
  if (extraChanges[0] === 1) await sendRefundJob(deps, booking.id, refundId);
  return ok(after);
}

/**
 * Best effort here; the refund job calls it again (cancelHold is idempotent) until it works.
 * Every item's units, each in its own unit's object (src/bookings/item-holds.ts).
 */
export async function returnSeats(
  deps: BookingDeps,
  booking: BookingRow,
  reason = "booking cancelled",
): Promise<boolean> {
  return returnItemHolds(deps, booking.id, await itemsOf(deps, booking.id), reason);
}
