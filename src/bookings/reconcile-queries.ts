import { and, asc, eq, gt, lt, sql } from "drizzle-orm";
import { bookings, payments } from "../db/schema";
import type { BookingDeps } from "./deps";
import { RECONCILE_POLICY, stalledSeconds } from "./reconcile-policy";
import type { BookingRow, PaymentRow } from "./store";

/** The reconcile sweep's three reads, each bounded by RECONCILE_POLICY.batchSize. */

export type Pair = { booking: BookingRow; charge: PaymentRow };

const pendingCharge = and(
  eq(payments.bookingId, bookings.id),
  eq(payments.kind, "charge"),
  eq(payments.status, "pending"),
);

/**
 * A payment untouched for longer than any live job would leave it (stalledSeconds: never
 * attempted, or attempted). Raw `sql` only for the CASE, which the query builder has no form for.
 */
const untouchedSince = (nowSec: number) =>
  lt(
    payments.updatedAt,
    sql`${nowSec} - CASE WHEN ${payments.attempts} = 0 THEN ${stalledSeconds(0)} ELSE ${stalledSeconds(1)} END`,
  );

/** Pending bookings whose hold has not lapsed, with a pending charge untouched long enough to
 *  have no live job. The deadline copy is the objects' (src/bookings/hold-deadline.ts). */
export async function chargesToRedrive(deps: BookingDeps, nowSec: number): Promise<Pair[]> {
  return deps.db
    .select({ booking: bookings, charge: payments })
    .from(bookings)
    .innerJoin(payments, pendingCharge)
    .where(and(eq(bookings.status, "pending_payment"), gt(bookings.holdExpiresAt, nowSec), untouchedSince(nowSec)))
    .orderBy(asc(payments.updatedAt))
    .limit(RECONCILE_POLICY.batchSize);
}

export async function overdueBookings(deps: BookingDeps, deadline: number): Promise<Pair[]> {
  return deps.db
    .select({ booking: bookings, charge: payments })
    .from(bookings)
    .innerJoin(payments, pendingCharge)
    .where(and(eq(bookings.status, "pending_payment"), lt(bookings.holdExpiresAt, deadline)))
    .orderBy(asc(bookings.holdExpiresAt))
    .limit(RECONCILE_POLICY.batchSize);
}

export interface StalledRefund {
  id: string;
  booking_id: string;
  attempts: number;
}

export async function stalledRefunds(deps: BookingDeps, nowSec: number): Promise<StalledRefund[]> {
  return deps.db
    .select({ id: payments.id, booking_id: payments.bookingId, attempts: payments.attempts })
    .from(payments)
    .where(and(eq(payments.kind, "refund"), eq(payments.status, "pending"), untouchedSince(nowSec)))
    .orderBy(asc(payments.updatedAt))
    .limit(RECONCILE_POLICY.batchSize);
}
