import { and, asc, eq, exists, ne, notExists, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Database } from "../db/client";
import { type BookingStatus, bookingEvents, bookingPassengers, bookings, emailOutbox, payments } from "../db/schema";
import type { BookingDeps } from "./deps";

export type BookingRow = typeof bookings.$inferSelect;
export type PaymentRow = typeof payments.$inferSelect;
export type PassengerRow = typeof bookingPassengers.$inferSelect;
export type EventRow = typeof bookingEvents.$inferSelect;
export type PaymentState = BookingRow["paymentState"];

const seconds = (ms: number) => Math.floor(ms / 1000);

/** A statement of a booking batch (`deps.db.batch([...])`): D1 runs a batch as one transaction. */
export type BatchStatement = BatchItem<"sqlite">;

/** The booking's row while it is in `status` (`INSERT … SELECT … FROM bookings`: no row, no insert). */
const bookingIn = (bookingId: string, status: BookingStatus) =>
  and(eq(bookings.id, bookingId), eq(bookings.status, status));

/** The booking, if it is in `status`: for EXISTS guards. */
export const bookingInStatus = (db: Database, bookingId: string, status: BookingStatus) =>
  db.select({ id: bookings.id }).from(bookings).where(bookingIn(bookingId, status));

/**
 * A constant as a select's field, bound as a parameter: a value an INSERT … SELECT writes (drizzle
 * wants select fields aliased; the alias is the column's, which SQLite ignores there).
 */
const value = <T>(v: T, column: string) => sql<T>`${v}`.as(column);

/**
 * The only way a booking's status changes: conditional on the status the caller read, so of
 * two workers racing on the same booking exactly one UPDATE matches (`meta.changes === 1`).
 */
export function updateStatus(
  db: Database,
  a: {
    bookingId: string;
    from: BookingStatus;
    to: BookingStatus;
    paymentState?: PaymentState;
    now: number;
    /** Only while the charge has not been attempted: see expireUncharged. */
    uncharged?: string;
  },
): BatchStatement {
  const neverAttempted = a.uncharged
    ? exists(
        db
          .select({ id: payments.id })
          .from(payments)
          .where(and(eq(payments.id, a.uncharged), eq(payments.status, "pending"), eq(payments.attempts, 0))),
      )
    : undefined;
  return db
    .update(bookings)
    .set({ status: a.to, ...(a.paymentState ? { paymentState: a.paymentState } : {}), updatedAt: seconds(a.now) })
    .where(and(eq(bookings.id, a.bookingId), eq(bookings.status, a.from), neverAttempted));
}

/**
 * The outbox insert (owned by notifications) cannot carry our condition, so the batch ends by
 * removing the email again unless the booking reached the status that causes it. Same batch,
 * same transaction: a loser's email never becomes visible to the delivery sweep.
 */
export function keepEmailOnlyIf(db: Database, a: { outboxId: string; bookingId: string; status: BookingStatus }) {
  return db
    .delete(emailOutbox)
    .where(and(eq(emailOutbox.id, a.outboxId), notExists(bookingInStatus(db, a.bookingId, a.status))));
}

/**
 * The timeline entry of a transition, written only if the booking is now in `status` and the
 * entry does not exist yet. Statuses are entered at most once, so a duplicate settlement
 * (consumer and webhook both confirming) leaves one entry, and a lost race leaves none.
 */
export function transitionEvent(
  db: Database,
  a: { bookingId: string; status: BookingStatus; kind: string; now: number; detail?: object; requestId: string | null },
): BatchStatement {
  const entered = db
    .select({ id: bookingEvents.id })
    .from(bookingEvents)
    .where(and(eq(bookingEvents.bookingId, a.bookingId), eq(bookingEvents.kind, a.kind)));
  return db.insert(bookingEvents).select(
    db
      .select(eventFields(a))
      .from(bookings)
      .where(and(bookingIn(a.bookingId, a.status), notExists(entered))),
  );
}

/** booking_events' columns, in order, as constants (the id is SQLite's: NULL picks the next). */
export function eventFields(a: {
  bookingId: string;
  now: number;
  kind: string;
  detail?: object;
  requestId: string | null;
}) {
  return {
    id: value<number | null>(null, "id"),
    bookingId: value(a.bookingId, "booking_id"),
    at: value(seconds(a.now), "at"),
    kind: value(a.kind, "kind"),
    detail: value(JSON.stringify(a.detail ?? {}), "detail"),
    requestId: value(a.requestId, "request_id"),
  };
}

/**
 * Informational entries (a retried charge, a processing payment): may repeat. With
 * `whilePending`, written only while that payment is still pending: a provider answer that
 * arrives after a webhook settled the payment must not add "retrying" after "confirmed".
 */
export function noteEvent(
  db: Database,
  a: { bookingId: string; kind: string; now: number; detail?: object; requestId: string | null; whilePending?: string },
) {
  if (!a.whilePending) {
    return db.insert(bookingEvents).values({
      bookingId: a.bookingId,
      at: seconds(a.now),
      kind: a.kind,
      detail: JSON.stringify(a.detail ?? {}),
      requestId: a.requestId,
    });
  }
  return db.insert(bookingEvents).select(
    db
      .select(eventFields(a))
      .from(payments)
      .where(and(eq(payments.id, a.whilePending), eq(payments.status, "pending"))),
  );
}

export function settlePayment(
  db: Database,
  a: {
    paymentId: string;
    from: PaymentRow["status"];
    to: PaymentRow["status"];
    providerRef?: string | null;
    error?: string | null;
    now: number;
  },
): BatchStatement {
  // An answer without a reference or an error keeps the ones recorded before it.
  return db
    .update(payments)
    .set({
      status: a.to,
      ...(a.providerRef != null ? { providerRef: a.providerRef } : {}),
      ...(a.error != null ? { lastError: a.error } : {}),
      updatedAt: seconds(a.now),
    })
    .where(and(eq(payments.id, a.paymentId), eq(payments.status, a.from)));
}

/** Returns the attempt number now being made, or null when the payment is no longer pending. */
export async function startAttempt(db: Database, paymentId: string, now: number): Promise<number | null> {
  const row = await db
    .update(payments)
    .set({ attempts: sql`${payments.attempts} + 1`, updatedAt: seconds(now) })
    .where(and(eq(payments.id, paymentId), eq(payments.status, "pending")))
    .returning({ attempts: payments.attempts })
    .get();
  return row?.attempts ?? null;
}

export function recordAttemptError(db: Database, paymentId: string, error: string, now: number): BatchStatement {
  return db
    .update(payments)
    .set({ lastError: error.slice(0, 500), updatedAt: seconds(now) })
    .where(and(eq(payments.id, paymentId), eq(payments.status, "pending")));
}

/** payments' columns, in order, for a pending refund written by INSERT … SELECT. */
export function refundFields(a: {
  refundId: string;
  bookingId: string;
  amountMinor: number;
  currency: string;
  provider: string;
  idempotencyKey: string;
  now: number;
}) {
  return {
    id: value(a.refundId, "id"),
    bookingId: value(a.bookingId, "booking_id"),
    kind: value("refund" as const, "kind"),
    status: value("pending" as const, "status"),
    amountMinor: value(a.amountMinor, "amount_minor"),
    currency: value(a.currency, "currency"),
    provider: value(a.provider, "provider"),
    providerRef: value<string | null>(null, "provider_ref"),
    idempotencyKey: value(a.idempotencyKey, "idempotency_key"),
    attempts: value(0, "attempts"),
    lastError: value<string | null>(null, "last_error"),
    createdAt: value(seconds(a.now), "created_at"),
    updatedAt: value(seconds(a.now), "updated_at"),
  };
}

/**
 * The full refund of a charge: one per booking (its idempotency key is `refund:<booking>`), so
 * every path that discovers money to give back can insert it without coordinating. Never for a
 * confirmed booking: a traveller who has what was sold keeps paying for it. With `onlyIf`, only
 * while the booking is in that status (the one the same batch moves it to), so a batch whose
 * transition lost writes no refund and leaves the money to the path that closed the booking.
 */
export function insertRefund(
  db: Database,
  charge: Pick<PaymentRow, "bookingId" | "amountMinor" | "currency" | "provider">,
  refundId: string,
  now: number,
  { onlyIf }: { onlyIf?: BookingStatus } = {},
): BatchStatement {
  const fields = refundFields({
    refundId,
    bookingId: charge.bookingId,
    amountMinor: charge.amountMinor,
    currency: charge.currency,
    provider: charge.provider,
    idempotencyKey: `refund:${charge.bookingId}`,
    now,
  });
  const guard = onlyIf ? eq(bookings.status, onlyIf) : ne(bookings.status, "confirmed");
  return db
    .insert(payments)
    .select(
      db
        .select(fields)
        .from(bookings)
        .where(and(eq(bookings.id, charge.bookingId), guard)),
    )
    .onConflictDoNothing({ target: payments.idempotencyKey });
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
  /** foldCompact of the family name, as `family_name_folded` stores it. */
  foldedFamilyName: string,
): Promise<BookingRow | null> {
  const { db } = deps;
  const named = db
    .select({ one: bookingPassengers.position })
    .from(bookingPassengers)
    .where(and(eq(bookingPassengers.bookingId, bookings.id), eq(bookingPassengers.familyNameFolded, foldedFamilyName)));
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
