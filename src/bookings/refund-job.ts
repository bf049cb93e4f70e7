import { refundJob } from "../payments/messages";
import type { BookingDeps } from "./deps";

/** A lost enqueue leaves a pending refund row, which reconcileBookings re-sends. */
export async function sendRefundJob(deps: BookingDeps, bookingId: string, refundId: string): Promise<void> {
  try {
    await deps.paymentJobs.send(refundJob(bookingId, refundId), { contentType: "json" });
  } catch (error) {
    deps.log.warn("refund_enqueue_failed", { booking_id: bookingId, error: String(error) });
  }
}
