import type { BookingStatus } from "../db/schema";

/**
 * The booking state machine: the only place that decides which status may follow which.
 *
 *   pending_payment ──payment_succeeded──▶ confirmed ──cancel──▶ cancelled ──refund_settled──▶ refunded
 *         │ ├──payment_declined──▶ payment_failed
 *         │ ├──payment_unresolved▶ payment_failed   (the provider never answered: given up on)
 *         │ └──hold_lost────────▶ expired
 *
 * Every status is entered at most once (the graph has no cycles), which is what lets the
 * timeline write one event per transition idempotently.
 */
export type BookingEvent =
  | "payment_succeeded"
  | "payment_declined"
  | "payment_unresolved"
  | "hold_lost"
  | "cancel"
  | "refund_settled";

const TRANSITIONS: Record<BookingStatus, Partial<Record<BookingEvent, BookingStatus>>> = {
  pending_payment: {
    payment_succeeded: "confirmed",
    payment_declined: "payment_failed",
    payment_unresolved: "payment_failed",
    hold_lost: "expired",
  },
  confirmed: { cancel: "cancelled" },
  cancelled: { refund_settled: "refunded" },
  payment_failed: {},
  expired: {},
  refunded: {},
};

export interface IllegalTransition {
  kind: "illegal_transition";
  from: BookingStatus;
  event: BookingEvent;
}

export type Transition = { ok: true; from: BookingStatus; to: BookingStatus } | { ok: false; error: IllegalTransition };

export function transition(from: BookingStatus, event: BookingEvent): Transition {
  const to = TRANSITIONS[from][event];
  if (!to) return { ok: false, error: { kind: "illegal_transition", from, event } };
  return { ok: true, from, to };
}

export function canApply(from: BookingStatus, event: BookingEvent): boolean {
  return TRANSITIONS[from][event] !== undefined;
}

export function isTerminal(status: BookingStatus): boolean {
  return Object.keys(TRANSITIONS[status]).length === 0;
}

/**
 * The one status an event may leave from, and the one it leads to: what a conditional UPDATE
 * puts in its SET and WHERE clauses. Every event has exactly one source in this graph (two
 * events may share a target: a status is still entered at most once).
 */
export function edgeOf(event: BookingEvent): { from: BookingStatus; to: BookingStatus } {
  for (const [from, edges] of Object.entries(TRANSITIONS) as [
    BookingStatus,
    Partial<Record<BookingEvent, BookingStatus>>,
  ][]) {
    const to = edges[event];
    if (to) return { from, to };
  }
  throw new Error(`no transition for ${event}`);
}
