import { and, eq, exists, notExists, or } from "drizzle-orm";
import type { Database } from "../db/client";
import { type BookingStatus, bookingItems, bookings, emailOutbox, payments } from "../db/schema";
import { randomId } from "../lib/ids";
import { ok, type Result } from "../lib/result";
import { enqueueOutboxEmails } from "../notifications/outbox";
import { changesOf, commitTransition } from "./commit";
import type { BookingDeps } from "./deps";
import { amountOf, bookingEmail, NOT_CHARGED } from "./emails";
import { announceCancelledItems } from "./item-cancelled";
import { returnItemHolds } from "./item-holds";
import { activeItems, type BookingItem, itemsOf } from "./items";
import { sendRefundJob } from "./refund-job";
import { leftOfCharge, quoteRefund } from "./refund-quote";
import {
  type BookingRow,
  bookingById,
  bookingInStatus,
  noteEvent,
  type PaymentRow,
  paymentsOf,
  refundFields,
} from "./store";

const seconds = (ms: number) => Math.floor(ms / 1000);

/** `policy`: each item's locked refund policy, as the refund quote shows it; `full`: an operator cancelled the unit. */
export type RefundRule = "policy" | "full";

interface ItemRefund {
  item: BookingItem;
  refundMinor: number;
  refundId: string;
}

/** The refund key of one item's cancellation; a whole-charge refund keeps `refund:<booking>`. */
export const itemRefundKey = (bookingId: string, itemId: string) => `refund:${bookingId}:${itemId}`;

/**
 * Cancels some or all of a confirmed booking's active items, each refunded by `rule`, never more
 * in total than is left of the charge. Cancelling the last active item cancels the booking (the
 * state machine's `cancel`); an earlier one leaves it confirmed with the item cancelled. One
 * guarded batch (items, refund rows keyed `refund:<booking>:<item>`, timeline, email stating the
 * refund per item), then the products hear of the items this batch cancelled (onItemCancelled),
 * then the units go back (best effort; the refund job retries), then the refund jobs. An item
 * cancelled with nothing to refund (its policy's last step has passed) is cancelled all the
 * same, with 0 refunded: the units go back on sale.
 */
export async function cancelItems(
  deps: BookingDeps,
  booking: BookingRow,
  chosen: readonly BookingItem[],
  { reason, rule }: { reason: string; rule: RefundRule },
): Promise<Result<BookingRow>> {
  const [items, payments] = await Promise.all([itemsOf(deps, booking.id), paymentsOf(deps, booking.id)]);
  const active = activeItems(items);
  const targets = active.filter((item) => chosen.some((c) => c.id === item.id));
  if (targets.length === 0) return ok(booking);
  const charge = payments.find((p) => p.kind === "charge" && p.status === "succeeded");
  const refunds = planRefunds(targets, rule, deps.clock.now(), charge ? leftOfCharge(charge, payments) : 0);
  const money = moneyOf(charge, refunds);
  const closes = targets.length === active.length;
  const sent = closes
    ? await cancelBookingWithItems(deps, booking, refunds, charge, money, reason)
    : await cancelSomeItems(deps, booking, refunds, charge, money, reason);
  const cancelled = refunds.filter((_, i) => sent.itemsCancelled[i]).map((r) => r.item.id);
  if (cancelled.length > 0) {
    const after = await itemsOf(deps, booking.id);
    await announceCancelledItems(
      deps,
      after.filter((item) => cancelled.includes(item.id)),
    );
  }
  if (sent.won) {
    await returnItemHolds(deps, booking.id, targets, reason);
  }
  for (const [i, r] of refunds.entries())
    if (sent.refundsInserted[i]) await sendRefundJob(deps, booking.id, r.refundId);
  const after = await bookingById(deps, booking.id);
  if (!after) throw new Error(`booking ${booking.id} vanished`);
  return ok(after);
}

function planRefunds(items: BookingItem[], rule: RefundRule, now: number, left: number): ItemRefund[] {
  let remaining = left;
  return items.map((item) => {
    const wanted = rule === "full" ? item.totalMinor : quoteRefund(item.lines, item.currency, now).refundMinor;
    const refundMinor = Math.max(0, Math.min(wanted, remaining));
    remaining -= refundMinor;
    return { item, refundMinor, refundId: randomId("pay") };
  });
}

function moneyOf(charge: PaymentRow | undefined, refunds: ItemRefund[]) {
  if (!charge) return NOT_CHARGED;
  const total = refunds.reduce((sum, r) => sum + r.refundMinor, 0);
  const amount = amountOf(charge);
  if (total === 0) return { state: "not_refunded", amount } as const;
  if (total === charge.amountMinor) return { state: "refunding", amount } as const;
  return { state: "partly_refunding", amount, refund: { minor: total, currency: charge.currency } } as const;
}

type CancelMoney = ReturnType<typeof moneyOf>;

async function cancelBookingWithItems(
  deps: BookingDeps,
  booking: BookingRow,
  refunds: ItemRefund[],
  charge: PaymentRow | undefined,
  money: CancelMoney,
  reason: string,
) {
  const now = deps.clock.now();
  const total = refunds.reduce((sum, r) => sum + r.refundMinor, 0);
  const owed = refundsOwed(refunds, charge);
  // Conditional on the booking now being cancelled: a batch whose transition lost writes nothing.
  const { won, extraChanges } = await commitTransition(deps, booking, {
    event: "cancel",
    paymentState: total > 0 ? "refund_pending" : booking.paymentState,
    detail: { reason, refund_minor: total, items: refunds.map((r) => r.item.id) },
    email: { kind: "booking_cancelled", money },
    emailScope: { itemIds: refunds.map((r) => r.item.id), refunds: refundMap(refunds) },
    extra: [
      ...refunds.map((r) => cancelItemStatement(deps.db, booking.id, r, now, "cancelled")),
      ...owed.map(({ refund, charge }) => refundStatement(deps.db, booking.id, charge, refund, now)),
    ],
  });
  const inserted = new Set(owed.filter((_, i) => extraChanges[refunds.length + i] === 1).map((o) => o.refund));
  return {
    won,
    itemsCancelled: refunds.map((_, i) => extraChanges[i] === 1),
    refundsInserted: refunds.map((r) => inserted.has(r)),
  };
}

/** Not the last active item: the booking stays confirmed, and its email names the items cancelled. */
async function cancelSomeItems(
  deps: BookingDeps,
  booking: BookingRow,
  refunds: ItemRefund[],
  charge: PaymentRow | undefined,
  money: CancelMoney,
  reason: string,
) {
  const now = deps.clock.now();
  const { db } = deps;
  const total = refunds.reduce((sum, r) => sum + r.refundMinor, 0);
  const ids = refunds.map((r) => r.item.id);
  const owed = refundsOwed(refunds, charge);
  const email = await bookingEmail(
    deps,
    booking,
    { kind: "booking_cancelled", money },
    {
      itemIds: ids,
      refunds: refundMap(refunds),
      dedupeKey: `cancellation:${booking.id}:${ids.join(",")}`,
    },
  );
  const confirmed = bookingInStatus(db, booking.id, "confirmed");
  const firstCancelled = db
    .select({ id: bookingItems.id })
    .from(bookingItems)
    .where(and(eq(bookingItems.id, ids[0] ?? ""), eq(bookingItems.status, "cancelled")));
  const results = await db.batch([
    cancelItemStatement(db, booking.id, refunds[0] as ItemRefund, now, "confirmed"),
    ...refunds.slice(1).map((r) => cancelItemStatement(db, booking.id, r, now, "confirmed")),
    ...owed.map(({ refund, charge }) => refundStatement(db, booking.id, charge, refund, now)),
    // Money goes back on this booking: its payment state says so while it does.
    ...(total > 0
      ? [
          db
            .update(bookings)
            .set({ paymentState: "refund_pending", updatedAt: seconds(now) })
            .where(and(eq(bookings.id, booking.id), eq(bookings.status, "confirmed"))),
        ]
      : []),
    noteEvent(db, {
      bookingId: booking.id,
      kind: "items_cancelled",
      now,
      detail: { reason, refund_minor: total, items: ids },
      requestId: deps.requestId,
    }),
    email.query,
    // Only the batch that cancelled the items keeps its email (a racing whole cancellation wins otherwise).
    db
      .delete(emailOutbox)
      .where(and(eq(emailOutbox.id, email.outboxId), or(notExists(firstCancelled), notExists(confirmed)))),
  ]);
  const won = changesOf(results[0]) === 1;
  if (won) await enqueueOutboxEmails(deps.emailJobs, [email.outboxId], deps.log);
  const inserted = new Set(owed.filter((_, i) => changesOf(results[refunds.length + i]) === 1).map((o) => o.refund));
  return {
    won,
    itemsCancelled: refunds.map((_, i) => changesOf(results[i]) === 1),
    refundsInserted: refunds.map((r) => inserted.has(r)),
  };
}

function refundMap(refunds: ItemRefund[]) {
  return new Map(refunds.map((r) => [r.item.id, { minor: r.refundMinor, currency: r.item.currency }]));
}

/** The items' refunds that move money: a charge was taken and the item's policy gives something back. */
function refundsOwed(refunds: ItemRefund[], charge: PaymentRow | undefined) {
  if (!charge) return [];
  return refunds.filter((r) => r.refundMinor > 0).map((refund) => ({ refund, charge }));
}

/** The item, if still active, becomes cancelled with its refund, only while the booking is in `status`. */
function cancelItemStatement(db: Database, bookingId: string, r: ItemRefund, now: number, status: BookingStatus) {
  return db
    .update(bookingItems)
    .set({ status: "cancelled", cancelledAt: seconds(now), refundMinor: r.refundMinor })
    .where(
      and(
        eq(bookingItems.id, r.item.id),
        eq(bookingItems.status, "active"),
        exists(bookingInStatus(db, bookingId, status)),
      ),
    );
}

/**
 * One refund row per cancelled item with something to give back, keyed `refund:<booking>:<item>`
 * (unique: a repeated cancellation inserts nothing), and only once the item is cancelled: the
 * row is selected from the cancelled item, so no cancelled item, no refund.
 */
function refundStatement(db: Database, bookingId: string, charge: PaymentRow, r: ItemRefund, now: number) {
  const fields = refundFields({
    refundId: r.refundId,
    bookingId,
    amountMinor: r.refundMinor,
    currency: charge.currency,
    provider: charge.provider,
    idempotencyKey: itemRefundKey(bookingId, r.item.id),
    now,
  });
  return db
    .insert(payments)
    .select(
      db
        .select(fields)
        .from(bookingItems)
        .where(and(eq(bookingItems.id, r.item.id), eq(bookingItems.status, "cancelled"))),
    )
    .onConflictDoNothing({ target: payments.idempotencyKey });
}
