import { randomId } from "../lib/ids";
import { ok, type Result } from "../lib/result";
import { enqueueOutboxEmails } from "../notifications/outbox";
import { commitTransition } from "./commit";
import type { BookingDeps, D1 } from "./deps";
import { amountOf, bookingEmail, NOT_CHARGED } from "./emails";
import { returnItemHolds } from "./item-holds";
import { activeItems, type BookingItem, itemsOf } from "./items";
import { sendRefundJob } from "./refund-job";
import { leftOfCharge, quoteRefund } from "./refund-quote";
import { type BookingRow, bookingById, noteEvent, type PaymentRow, paymentsOf } from "./store";

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
 * refund per item), then the units go back (best effort; the refund job retries), then the
 * refund jobs. An item cancelled with nothing to refund (its policy's last step has passed) is
 * cancelled all the same, with 0 refunded: the units go back on sale.
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
  // Conditional on the booking now being cancelled: a batch whose transition lost writes nothing.
  const guard = { sql: "EXISTS (SELECT 1 FROM bookings WHERE id = ? AND status = 'cancelled')", value: booking.id };
  const { won, extraChanges } = await commitTransition(deps, booking, {
    event: "cancel",
    paymentState: total > 0 ? "refund_pending" : booking.paymentState,
    detail: { reason, refund_minor: total, items: refunds.map((r) => r.item.id) },
    email: { kind: "booking_cancelled", money },
    emailScope: { itemIds: refunds.map((r) => r.item.id), refunds: refundMap(refunds) },
    extra: [
      ...refunds.map((r) => cancelItemStatement(deps.d1, r, now, guard)),
      ...refunds.map((r) => refundStatement(deps.d1, booking.id, charge, r, now)),
    ],
  });
  return { won, refundsInserted: refunds.map((_, i) => extraChanges[refunds.length + i] === 1) };
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
  const { d1 } = deps;
  const total = refunds.reduce((sum, r) => sum + r.refundMinor, 0);
  const ids = refunds.map((r) => r.item.id);
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
  const guard = { sql: "EXISTS (SELECT 1 FROM bookings WHERE id = ? AND status = 'confirmed')", value: booking.id };
  const results = await d1.batch([
    ...refunds.map((r) => cancelItemStatement(d1, r, now, guard)),
    ...refunds.map((r) => refundStatement(d1, booking.id, charge, r, now)),
    d1
      .prepare(
        `UPDATE bookings SET payment_state = 'refund_pending', updated_at = ? WHERE id = ? AND status = 'confirmed' AND ? > 0`,
      )
      .bind(seconds(now), booking.id, total),
    noteEvent(d1, {
      bookingId: booking.id,
      kind: "items_cancelled",
      now,
      detail: { reason, refund_minor: total, items: ids },
      requestId: deps.requestId,
    }),
    email.statement,
    // Only the batch that cancelled the items keeps its email (a racing whole cancellation wins otherwise).
    d1
      .prepare(
        `DELETE FROM email_outbox WHERE id = ? AND NOT (
           EXISTS (SELECT 1 FROM booking_items WHERE id = ? AND status = 'cancelled')
           AND EXISTS (SELECT 1 FROM bookings WHERE id = ? AND status = 'confirmed'))`,
      )
      .bind(email.outboxId, ids[0], booking.id),
  ]);
  const won = results[0]?.meta.changes === 1;
  if (won) await enqueueOutboxEmails(deps.emailJobs, [email.outboxId], deps.log);
  return { won, refundsInserted: refunds.map((_, i) => results[refunds.length + i]?.meta.changes === 1) };
}

function refundMap(refunds: ItemRefund[]) {
  return new Map(refunds.map((r) => [r.item.id, { minor: r.refundMinor, currency: r.item.currency }]));
}

function cancelItemStatement(d1: D1, r: ItemRefund, now: number, guard: { sql: string; value: string }) {
  return d1
    .prepare(
      `UPDATE booking_items SET status = 'cancelled', cancelled_at = ?, refund_minor = ?
       WHERE id = ? AND status = 'active' AND ${guard.sql}`,
    )
    .bind(seconds(now), r.refundMinor, r.item.id, guard.value);
}

/**
 * One refund row per cancelled item with something to give back, keyed `refund:<booking>:<item>`
 * (unique: a repeated cancellation inserts nothing), and only once the item is cancelled.
 */
function refundStatement(d1: D1, bookingId: string, charge: PaymentRow | undefined, r: ItemRefund, now: number) {
  if (!charge || r.refundMinor === 0) return d1.prepare("SELECT 0 WHERE 0");
  return d1
    .prepare(
      `INSERT INTO payments (id, booking_id, kind, status, amount_minor, currency, provider, idempotency_key, attempts,
         created_at, updated_at)
       SELECT ?, ?, 'refund', 'pending', ?, ?, ?, ?, 0, ?, ?
       WHERE EXISTS (SELECT 1 FROM booking_items WHERE id = ? AND status = 'cancelled')
       ON CONFLICT (idempotency_key) DO NOTHING`,
    )
    .bind(
      r.refundId,
      bookingId,
      r.refundMinor,
      charge.currency,
      charge.provider,
      itemRefundKey(bookingId, r.item.id),
      seconds(now),
      seconds(now),
      r.item.id,
    );
}
