import type { HoldLine, RefundStep } from "../inventory/contract";
import { err, ok, type Result } from "../lib/result";
import type { BookingDeps } from "./deps";
import { itemsOf } from "./items";
import { authoriseBooking, type BookingCredentials } from "./lookup";
import { canApply } from "./state-machine";
import { paymentsOf } from "./store";

/**
 * The refund rule every product shares (docs/bookings-and-payments.md): a line's refund policy
 * is a list of steps locked into the hold with its price; the first step whose `before` is after
 * now applies; past the last step nothing comes back. Amounts round down to the minor unit, so a
 * quote never promises a cent more than the policy gives.
 */
export function refundBpsAt(policy: readonly RefundStep[], nowMs: number): number {
  return policy.find((step) => step.before > nowMs)?.refundBps ?? 0;
}

export interface LineQuote {
  pool: string;
  totalMinor: number;
  refundBps: number;
  refundMinor: number;
  /** Epoch ms when this line's share next drops (null: it will not change any more). */
  changesAt: number | null;
}

export interface RefundQuote {
  refundMinor: number;
  currency: string;
  lines: LineQuote[];
  /** The earliest moment a line's share drops: the quote holds until then. */
  validUntil: number | null;
}

export function quoteRefund(lines: readonly HoldLine[], currency: string, nowMs: number): RefundQuote {
  const quoted = lines.map((line) => {
    const refundBps = refundBpsAt(line.refundPolicy, nowMs);
    const next = line.refundPolicy.find((step) => step.before > nowMs);
    return {
      pool: line.pool,
      totalMinor: line.totalMinor,
      refundBps,
      refundMinor: Math.floor((line.totalMinor * refundBps) / 10_000),
      changesAt: next ? next.before : null,
    };
  });
  const changes = quoted.flatMap((l) => (l.changesAt === null ? [] : [l.changesAt]));
  return {
    refundMinor: quoted.reduce((sum, l) => sum + l.refundMinor, 0),
    currency,
    lines: quoted,
    validUntil: changes.length > 0 ? Math.min(...changes) : null,
  };
}

export interface ItemQuote extends RefundQuote {
  itemId: string;
  title: string;
}

export interface CancellationQuote {
  bookingId: string;
  reference: string;
  /** What cancelling now refunds: the items' quotes, capped by what was charged (nothing if nothing was). */
  refundMinor: number;
  currency: string;
  items: ItemQuote[];
  validUntil: number | null;
}

/**
 * What cancelling the booking now would refund, item by item, from each item's locked policy
 * (GET /v1/bookings/{reference}/refund-quote). A booking that could not be cancelled now answers
 * the same refusal the cancellation would.
 */
export async function quoteCancellation({
  deps,
  input,
}: {
  deps: Pick<BookingDeps, "db" | "clock">;
  input: BookingCredentials;
}): Promise<Result<CancellationQuote>> {
  const found = await authoriseBooking({ deps, input });
  if (!found.ok) return found;
  const booking = found.value;
  if (!canApply(booking.status, "cancel")) {
    return err("BOOKING_NOT_CANCELLABLE", `A booking that is ${booking.status} cannot be cancelled.`, {
      booking_status: booking.status,
    });
  }
  const now = deps.clock.now();
  const [items, payments] = await Promise.all([itemsOf(deps, booking.id), paymentsOf(deps, booking.id)]);
  const active = items.filter((item) => item.status === "active");
  if (active.length > 0 && active.every((item) => item.startsAt * 1000 <= now)) {
    return err("BOOKING_NOT_CANCELLABLE", "Everything in the booking has already started.", {
      booking_status: booking.status,
    });
  }
  const quoted = active.map((item) => ({
    itemId: item.id,
    title: item.snapshot.title,
    ...quoteRefund(item.lines, item.currency, now),
  }));
  const charged = payments.find((p) => p.kind === "charge" && p.status === "succeeded")?.amountMinor ?? 0;
  const changes = quoted.flatMap((q) => (q.validUntil === null ? [] : [q.validUntil]));
  return ok({
    bookingId: booking.id,
    reference: booking.reference,
    refundMinor: Math.min(
      charged,
      quoted.reduce((sum, q) => sum + q.refundMinor, 0),
    ),
    currency: booking.currency,
    items: quoted,
    validUntil: changes.length > 0 ? Math.min(...changes) : null,
  });
}
