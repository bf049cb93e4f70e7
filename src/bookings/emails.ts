import { type PreparedOutboxEmail, prepareOutboxEmail } from "../notifications/outbox";
import type { BookingEmailData, EmailItem, EmailTemplate, Money } from "../notifications/types";
import type { BookingDeps } from "./deps";
import { type BookingItem, itemsOf } from "./items";
import { type BookingRow, type PaymentRow, passengersOf } from "./store";

type PlanOf<T> = T extends { kind: infer K; data: { money: infer M } } ? { kind: K; money: M } : never;

/**
 * A booking email as its cause knows it: the kind and what happened to the money. Each kind
 * accepts only the money outcomes that can be true for it (src/notifications/types.ts).
 */
export type BookingEmailPlan = PlanOf<Exclude<EmailTemplate, { kind: "departure_reminder" }>>;

export const NOT_CHARGED = { state: "not_charged" } as const;

export const amountOf = (payment: Pick<PaymentRow, "amountMinor" | "currency">): Money => ({
  minor: payment.amountMinor,
  currency: payment.currency,
});

/** The outbox row for a booking email, to go in the same batch as the change that causes it. */
export async function bookingEmail(
  deps: Pick<BookingDeps, "d1" | "db" | "clock">,
  booking: BookingRow,
  plan: BookingEmailPlan,
): Promise<PreparedOutboxEmail> {
  const data = await emailData(deps, booking);
  // The plan pairs each kind with its money outcomes; TypeScript cannot carry that pairing
  // through the spread, so the template is asserted to be what the plan's type already checked.
  const template = { kind: plan.kind, data: { ...data, money: plan.money } } as EmailTemplate;
  return prepareOutboxEmail(deps.d1, {
    bookingId: booking.id,
    to: booking.contactEmail,
    template,
    now: deps.clock.now(),
  });
}

async function emailData(deps: Pick<BookingDeps, "db">, booking: BookingRow): Promise<BookingEmailData> {
  const [passengers, items] = await Promise.all([passengersOf(deps, booking.id), itemsOf(deps, booking.id)]);
  return {
    reference: booking.reference,
    passengers: passengers.map((p) => ({ givenName: p.givenName, familyName: p.familyName })),
    items: items.map(emailItem),
    total: { minor: booking.totalMinor, currency: booking.currency },
  };
}

/** An item as emails show it: its snapshot and times, never the product's columns. */
export function emailItem(item: BookingItem): EmailItem {
  return {
    title: item.snapshot.title,
    startLabel: item.snapshot.startLabel,
    startsAt: item.startsAt,
    timezone: item.timezone,
    location: item.snapshot.location,
    details: item.snapshot.details,
  };
}
