import { and, asc, eq, exists, inArray } from "drizzle-orm";
import { type BookingStatus, bookingEvents, bookingPassengers, bookings, payments } from "../db/schema";
import type { BookingDeps, D1 } from "./deps";

export type BookingRow = typeof bookings.$inferSelect;
export type PaymentRow = typeof payments.$inferSelect;
export type PassengerRow = typeof bookingPassengers.$inferSelect;
export type EventRow = typeof bookingEvents.$inferSelect;
export type PaymentState = BookingRow["paymentState"];

const seconds = (ms: number) => Math.floor(ms / 1000);

/**
 * The only way a booking's status changes: conditional on the status the caller read, so of
 * two workers racing on the same booking exactly one UPDATE matches (`meta.changes === 1`).
 */
export function updateStatus(
  d1: D1,
  a: {
    bookingId: string;
    from: BookingStatus;
    to: BookingStatus;
    paymentState?: PaymentState;
    now: number;
    /** Only while the charge has not been attempted: see expireUncharged. */
    uncharged?: string;
  },
): D1PreparedStatement {
  const uncharged = a.uncharged
    ? " AND EXISTS (SELECT 1 FROM payments WHERE id = ? AND status = 'pending' AND attempts = 0)"
    : "";
  return d1
    .prepare(
      `UPDATE bookings SET status = ?, payment_state = COALESCE(?, payment_state), updated_at = ?
       WHERE id = ? AND status = ?${uncharged}`,
    )
    .bind(a.to, a.paymentState ?? null, seconds(a.now), a.bookingId, a.from, ...(a.uncharged ? [a.uncharged] : []));
}

/**
 * The outbox insert (owned by notifications) cannot carry our condition, so the batch ends by
 * removing the email again unless the booking reached the status that causes it. Same batch,
 * same transaction: a loser's email never becomes visible to the delivery sweep.
 */
export function keepEmailOnlyIf(d1: D1, a: { outboxId: string; bookingId: string; status: BookingStatus }) {
  return d1
    .prepare(
      "DELETE FROM email_outbox WHERE id = ? AND NOT EXISTS (SELECT 1 FROM bookings WHERE id = ? AND status = ?)",
    )
    .bind(a.outboxId, a.bookingId, a.status);
}

/**
 * The timeline entry of a transition, written only if the booking is now in `status` and the
 * entry does not exist yet. Statuses are entered at most once, so a duplicate settlement
 * (consumer and webhook both confirming) leaves one entry, and a lost race leaves none.
 */
export function transitionEvent(
  d1: D1,
  a: { bookingId: string; status: BookingStatus; kind: string; now: number; detail?: object; requestId: string | null },
): D1PreparedStatement {
  return d1
    .prepare(
      `INSERT INTO booking_events (booking_id, at, kind, detail, request_id)
       SELECT ?, ?, ?, ?, ?
       WHERE EXISTS (SELECT 1 FROM bookings WHERE id = ? AND status = ?)
         AND NOT EXISTS (SELECT 1 FROM booking_events WHERE booking_id = ? AND kind = ?)`,
    )
    .bind(
      a.bookingId,
      seconds(a.now),
      a.kind,
      JSON.stringify(a.detail ?? {}),
      a.requestId,
      a.bookingId,
      a.status,
      a.bookingId,
      a.kind,
    );
}

/**
 * Informational entries (a retried charge, a processing payment): may repeat. With
 * `whilePending`, written only while that payment is still pending: a provider answer that
 * arrives after a webhook settled the payment must not add "retrying" after "confirmed".
 */
export function noteEvent(
  d1: D1,
  a: { bookingId: string; kind: string; now: number; detail?: object; requestId: string | null; whilePending?: string },
): D1PreparedStatement {
  const values = [a.bookingId, seconds(a.now), a.kind, JSON.stringify(a.detail ?? {}), a.requestId];
  if (!a.whilePending) {
    return d1
      .prepare("INSERT INTO booking_events (booking_id, at, kind, detail, request_id) VALUES (?, ?, ?, ?, ?)")
      .bind(...values);
  }
  return d1
    .prepare(
      `INSERT INTO booking_events (booking_id, at, kind, detail, request_id) SELECT ?, ?, ?, ?, ?
       WHERE EXISTS (SELECT 1 FROM payments WHERE id = ? AND status = 'pending')`,
    )
    .bind(...values, a.whilePending);
}

export function settlePayment(
  d1: D1,
  a: {
    paymentId: string;
    from: PaymentRow["status"];
    to: PaymentRow["status"];
    providerRef?: string | null;
    error?: string | null;
    now: number;
  },
): D1PreparedStatement {
  return d1
    .prepare(
      `UPDATE payments SET status = ?, provider_ref = COALESCE(?, provider_ref), last_error = COALESCE(?, last_error),
       updated_at = ? WHERE id = ? AND status = ?`,
    )
    .bind(a.to, a.providerRef ?? null, a.error ?? null, seconds(a.now), a.paymentId, a.from);
}

/** Returns the attempt number now being made, or null when the payment is no longer pending. */
export async function startAttempt(d1: D1, paymentId: string, now: number): Promise<number | null> {
  const row = await d1
    .prepare(
      `UPDATE payments SET attempts = attempts + 1, updated_at = ? WHERE id = ? AND status = 'pending' RETURNING attempts`,
    )
    .bind(seconds(now), paymentId)
    .first<{ attempts: number }>();
  return row?.attempts ?? null;
}

export function recordAttemptError(d1: D1, paymentId: string, error: string, now: number): D1PreparedStatement {
  return d1
    .prepare("UPDATE payments SET last_error = ?, updated_at = ? WHERE id = ? AND status = 'pending'")
    .bind(error.slice(0, 500), seconds(now), paymentId);
}

/**
 * The full refund of a charge: one per booking (its idempotency key is `refund:<booking>`), so
 * every path that discovers money to give back can insert it without coordinating. Never for a
 * confirmed booking: a traveller with a seat keeps paying for it. With `onlyIf`, only while the
 * booking is in that status (the one the same batch moves it to), so a batch whose transition
 * lost writes no refund and leaves the money to the path that closed the booking.
 */
export function insertRefund(
  d1: D1,
  charge: Pick<PaymentRow, "bookingId" | "amountMinor" | "currency" | "provider">,
  refundId: string,
  now: number,
  { onlyIf }: { onlyIf?: BookingStatus } = {},
): D1PreparedStatement {
  const guard = onlyIf
    ? "EXISTS (SELECT 1 FROM bookings WHERE id = ? AND status = ?)"
    : "NOT EXISTS (SELECT 1 FROM bookings WHERE id = ? AND status = 'confirmed')";
  return d1
    .prepare(
      `INSERT INTO payments (id, booking_id, kind, status, amount_minor, currency, provider, idempotency_key, attempts,
         created_at, updated_at)
       SELECT ?, ?, 'refund', 'pending', ?, ?, ?, ?, 0, ?, ?
       WHERE ${guard}
       ON CONFLICT (idempotency_key) DO NOTHING`,
    )
    .bind(
      refundId,
      charge.bookingId,
      charge.amountMinor,
      charge.currency,
      charge.provider,
      `refund:${charge.bookingId}`,
      seconds(now),
      seconds(now),
      charge.bookingId,
      ...(onlyIf ? [onlyIf] : []),
    );
}

export async function bookingById(deps: Pick<BookingDeps, "db">, id: string): Promise<BookingRow | null> {
  return (await deps.db.select().from(bookings).where(eq(bookings.id, id)).get()) ?? null;
}

export async function paymentById(deps: Pick<BookingDeps, "db">, id: string): Promise<PaymentRow | null> {
  return (await deps.db.select().from(payments).where(eq(payments.id, id)).get()) ?? null;
}

export async function paymentsOf(deps: Pick<BookingDeps, "db">, bookingId: string): Promise<PaymentRow[]> {
  return deps.db.select().from(payments).where(eq(payments.bookingId, bookingId)).orderBy(asc(payments.createdAt));
}

export async function passengersOf(deps: Pick<BookingDeps, "db">, bookingId: string): Promise<PassengerRow[]> {
  return deps.db
    .select()
    .from(bookingPassengers)
    .where(eq(bookingPassengers.bookingId, bookingId))
    .orderBy(asc(bookingPassengers.position));
}

export async function eventsOf(deps: Pick<BookingDeps, "db">, bookingId: string): Promise<EventRow[]> {
  return deps.db
    .select()
    .from(bookingEvents)
    .where(eq(bookingEvents.bookingId, bookingId))
    .orderBy(asc(bookingEvents.at), asc(bookingEvents.id));
}

/** One query whether the reference is unknown or the name is wrong: both look the same from outside. */
export async function bookingByReferenceAndName(
  deps: Pick<BookingDeps, "db">,
  reference: string,
  /** The name under each rule a stored booking may have been folded with (storedNameForms). */
  foldedFamilyNames: string[],
): Promise<BookingRow | null> {
  const { db } = deps;
  const named = db
    .select({ one: bookingPassengers.position })
    .from(bookingPassengers)
    .where(
      and(eq(bookingPassengers.bookingId, bookings.id), inArray(bookingPassengers.familyNameFolded, foldedFamilyNames)),
    );
  return (
    (await db
      .select()
      .from(bookings)
      .where(and(eq(bookings.reference, reference), exists(named)))
      .get()) ?? null
  );
}

export async function bookingByReferenceAndToken(
  deps: Pick<BookingDeps, "db">,
  reference: string,
  tokenHash: string,
): Promise<BookingRow | null> {
  const row = await deps.db
    .select()
    .from(bookings)
    .where(and(eq(bookings.reference, reference), eq(bookings.ownerTokenHash, tokenHash)))
    .get();
  return row ?? null;
}
