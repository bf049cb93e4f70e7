import { enqueueOutboxEmails } from "../notifications/outbox";
import type { BookingDeps } from "./deps";
import { type BookingEmailPlan, bookingEmail, type EmailScope } from "./emails";
import { type BookingEvent, edgeOf } from "./state-machine";
import {
  type BatchStatement,
  type BookingRow,
  keepEmailOnlyIf,
  type PaymentState,
  transitionEvent,
  updateStatus,
} from "./store";

export interface TransitionPlan {
  event: BookingEvent;
  paymentState: PaymentState;
  /** Timeline detail for the transition entry. */
  detail: object;
  /** The email the transition causes, with what happened to the traveller's money. */
  email: BookingEmailPlan;
  /** Which items the email shows, with their refunds (default: all, none stated). */
  emailScope?: EmailScope;
  /** Statements that belong to the same atomic change (payment rows). They run even if the
   *  booking's update loses, so each must carry its own condition. */
  extra?: BatchStatement[];
  /** Payment id: the transition applies only while that charge was never attempted. */
  uncharged?: string;
}

export interface Committed {
  /** This call moved the booking (false: it was already moved, by this or another worker). */
  won: boolean;
  /** meta.changes of each `extra` statement, in order. */
  extraChanges: number[];
}

/**
 * One booking transition as one D1 batch: the conditional status update, its timeline entry,
 * the caller's payment statements and the email, which survives only if the update won.
 */
export async function commitTransition(
  deps: BookingDeps,
  booking: BookingRow,
  plan: TransitionPlan,
): Promise<Committed> {
  const { from, to } = edgeOf(plan.event);
  const now = deps.clock.now();
  const email = await bookingEmail(deps, booking, plan.email, plan.emailScope);
  const extra = plan.extra ?? [];
  const results = await deps.db.batch([
    updateStatus(deps.db, {
      bookingId: booking.id,
      from,
      to,
      paymentState: plan.paymentState,
      now,
      ...(plan.uncharged ? { uncharged: plan.uncharged } : {}),
    }),
    transitionEvent(deps.db, {
      bookingId: booking.id,
      status: to,
      kind: to,
      now,
      detail: plan.detail,
      requestId: deps.requestId,
    }),
    ...extra,
    email.query,
    keepEmailOnlyIf(deps.db, { outboxId: email.outboxId, bookingId: booking.id, status: to }),
  ]);
  const won = changesOf(results[0]) === 1;
  if (won) await enqueueOutboxEmails(deps.emailJobs, [email.outboxId], deps.log);
  else
    deps.log.info("booking_transition_lost", {
      booking_id: booking.id,
      event: plan.event,
      read_status: booking.status,
    });
  return { won, extraChanges: extra.map((_, i) => changesOf(results[2 + i])) };
}

/** Rows a batch statement changed: D1's meta.changes of its run result (0 for any other result). */
export function changesOf(result: unknown): number {
  const meta = (result as { meta?: { changes?: unknown } } | undefined)?.meta;
  return typeof meta?.changes === "number" ? meta.changes : 0;
}
