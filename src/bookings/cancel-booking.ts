import { randomId } from "../lib/ids";
import { err, ok, type Result } from "../lib/result";
import { commitTransition } from "./commit";
import type { BookingDeps } from "./deps";
import { amountOf, NOT_CHARGED } from "./emails";
import { authoriseBooking, type BookingCredentials } from "./lookup";
import { sendRefundJob } from "./refund-job";
import { canApply } from "./state-machine";
import { type BookingRow, bookingById, departureOf, insertRefund, paymentsOf } from "./store";

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
  const departure = await departureOf(deps, booking.departureId);
  if (departure && departure.departsAt * 1000 <= deps.clock.now()) {
    return err("BOOKING_NOT_CANCELLABLE", "The departure has already left.", { booking_status: booking.status });
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
 * Best effort here; the refund job calls cancelHold again (it is idempotent) until it works.
 * HOLD_NOT_FOUND means the departure's object has retired (deleted its storage some days after
 * departure, docs/inventory.md): there are no seats left to return, so that counts as done.
 */
export async function returnSeats(
  deps: BookingDeps,
  booking: BookingRow,
  reason = "booking cancelled",
): Promise<boolean> {
  try {
    const result = await deps.inventory(booking.departureId).cancelHold(booking.holdId, reason);
    if (!result.ok && result.error.code === "HOLD_NOT_FOUND") return true;
    if (!result.ok) deps.log.warn("seat_return_refused", { booking_id: booking.id, code: result.error.code });
    return result.ok;
  } catch (error) {
    deps.log.warn("seat_return_failed", { booking_id: booking.id, error: String(error) });
    return false;
  }
}
