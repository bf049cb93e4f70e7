import type { BookingDeps } from "./deps";
import { RECONCILE_POLICY, stalledSeconds } from "./reconcile-policy";
import { type BookingRow, bookingById, type PaymentRow, paymentById } from "./store";

/** The reconcile sweep's three reads, each bounded by RECONCILE_POLICY.batchSize. */

export type Pair = { booking: BookingRow; charge: PaymentRow };

async function pairs(deps: BookingDeps, rows: { booking_id: string; payment_id: string }[]): Promise<Pair[]> {
  const found = await Promise.all(
    rows.map(async (r) => ({
      booking: await bookingById(deps, r.booking_id),
      charge: await paymentById(deps, r.payment_id),
    })),
  );
  return found.filter((p): p is Pair => p.booking !== null && p.charge !== null);
}

/** Pending bookings whose hold has not lapsed, with a pending charge untouched long enough to
 *  have no live job. The deadline copy is the object's (src/bookings/hold-deadline.ts). */
export async function chargesToRedrive(deps: BookingDeps, nowSec: number): Promise<Pair[]> {
  const { results } = await deps.d1
    .prepare(
      `SELECT b.id AS booking_id, p.id AS payment_id FROM bookings b
       JOIN payments p ON p.booking_id = b.id AND p.kind = 'charge' AND p.status = 'pending'
       WHERE b.status = 'pending_payment' AND b.hold_expires_at > ?
         AND p.updated_at < ? - CASE WHEN p.attempts = 0 THEN ? ELSE ? END
       ORDER BY p.updated_at LIMIT ?`,
    )
    .bind(nowSec, nowSec, stalledSeconds(0), stalledSeconds(1), RECONCILE_POLICY.batchSize)
    .all<{ booking_id: string; payment_id: string }>();
  return pairs(deps, results);
}

export async function overdueBookings(deps: BookingDeps, deadline: number): Promise<Pair[]> {
  const { results } = await deps.d1
    .prepare(
      `SELECT b.id AS booking_id, p.id AS payment_id FROM bookings b
       JOIN payments p ON p.booking_id = b.id AND p.kind = 'charge' AND p.status = 'pending'
       WHERE b.status = 'pending_payment' AND b.hold_expires_at < ?
       ORDER BY b.hold_expires_at LIMIT ?`,
    )
    .bind(deadline, RECONCILE_POLICY.batchSize)
    .all<{ booking_id: string; payment_id: string }>();
  return pairs(deps, results);
}

export interface StalledRefund {
  id: string;
  booking_id: string;
  attempts: number;
}

export async function stalledRefunds(deps: BookingDeps, nowSec: number): Promise<StalledRefund[]> {
  const { results } = await deps.d1
    .prepare(
      `SELECT id, booking_id, attempts FROM payments
       WHERE kind = 'refund' AND status = 'pending' AND updated_at < ? - CASE WHEN attempts = 0 THEN ? ELSE ? END
       ORDER BY updated_at LIMIT ?`,
    )
    .bind(nowSec, stalledSeconds(0), stalledSeconds(1), RECONCILE_POLICY.batchSize)
    .all<StalledRefund>();
  return results;
}
