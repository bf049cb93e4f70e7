import { prepareOutboxEmailQuery } from "../notifications/outbox";
import type { BookingEmailData, EmailAttachment, EmailItem, EmailTemplate, Money } from "../notifications/types";
import { itemCalendar } from "./calendar";
import type { BookingDeps } from "./deps";
import { type BookingItem, itemsOf } from "./items";
import { type BookingRow, type PaymentRow, passengersOf } from "./store";

type PlanOf<T> = T extends { kind: infer K; data: { money: infer M } } ? { kind: K; money: M } : never;

/**
 * A booking email as its cause knows it: the kind and what happened to the money. Each kind
 * accepts only the money outcomes that can be true for it (src/notifications/types.ts).
 */
export type BookingEmailPlan = PlanOf<Exclude<EmailTemplate, { kind: "booking_reminder" }>>;

export const NOT_CHARGED = { state: "not_charged" } as const;

export const amountOf = (payment: Pick<PaymentRow, "amountMinor" | "currency">): Money => ({
  minor: payment.amountMinor,
  currency: payment.currency,
});

/** What part of a booking an email is about, beyond its kind and money. */
export interface EmailScope {
  /** Only these items (one item's cancellation); default: every item. */
  itemIds?: string[];
  /** Per item id, what its cancellation refunds: stated on the item's rows. */
  refunds?: Map<string, Money>;
  /** Default `<kind>:<booking>`; one item's cancellation names its item. */
  dedupeKey?: string;
}

/** A product's extra rows and files for one item's confirmation (ProductModule.confirmationExtras, injected). */
export type ConfirmationExtras = (
  item: BookingItem,
  booking: { id: string; reference: string; leadTraveller: string },
) => Promise<{ details: [string, string][]; attachments: EmailAttachment[] }>;

/**
 * The outbox row for a booking email, to go in the same batch as the change that causes it.
 * A confirmation carries one calendar file per item (and the product's extras); a cancellation
 * one that removes each cancelled item's entry.
 */
export async function bookingEmail(
  deps: Pick<BookingDeps, "db" | "clock" | "products" | "log">,
  booking: BookingRow,
  plan: BookingEmailPlan,
  scope: EmailScope = {},
): Promise<ReturnType<typeof prepareOutboxEmailQuery>> {
  const now = deps.clock.now();
  const [passengers, allItems] = await Promise.all([passengersOf(deps, booking.id), itemsOf(deps, booking.id)]);
  const items = scope.itemIds ? allItems.filter((item) => scope.itemIds?.includes(item.id)) : allItems;
  const shown = items.map((item) => {
    const refund = scope.refunds?.get(item.id);
    return { ...emailItem(item), ...(refund ? { refund } : {}) };
  });
  const attachments: EmailAttachment[] = [];
  if (plan.kind === "booking_confirmed") {
    const leadTraveller = passengers[0] ? `${passengers[0].givenName} ${passengers[0].familyName}` : "";
    for (const [i, item] of items.entries()) {
      attachments.push(itemCalendar(item, booking, { now, method: "PUBLISH" }));
      const extras = await extrasOf(deps, item, { id: booking.id, reference: booking.reference, leadTraveller });
      shown[i]?.details.push(...extras.details);
      attachments.push(...extras.attachments);
    }
  }
  if (plan.kind === "booking_cancelled") {
    for (const item of items) attachments.push(itemCalendar(item, booking, { now, method: "CANCEL" }));
  }
  const data: BookingEmailData = {
    reference: booking.reference,
    passengers: passengers.map((p) => ({ givenName: p.givenName, familyName: p.familyName })),
    items: shown,
    total: { minor: booking.totalMinor, currency: booking.currency },
  };
  // The plan pairs each kind with its money outcomes; TypeScript cannot carry that pairing
  // through the spread, so the template is asserted to be what the plan's type already checked.
  const template = { kind: plan.kind, data: { ...data, money: plan.money } } as EmailTemplate;
  return prepareOutboxEmailQuery(deps.db, {
    bookingId: booking.id,
    to: booking.contactEmail,
    template,
    now,
    ...(scope.dedupeKey ? { dedupeKey: scope.dedupeKey } : {}),
    ...(attachments.length > 0 ? { attachments } : {}),
  });
}

/**
 * A product that cannot give its extras now (its tables unreachable) must not stop the
 * confirmation: the email goes without them, and the failure is logged for an operator.
 */
async function extrasOf(
  deps: Pick<BookingDeps, "products" | "log">,
  item: BookingItem,
  booking: { id: string; reference: string; leadTraveller: string },
) {
  try {
    return await deps.products.confirmationExtras(item, booking);
  } catch (error) {
    deps.log.error("confirmation_extras_failed", { booking_id: booking.id, item_id: item.id, error: String(error) });
    return { details: [], attachments: [] };
  }
}

/** An item as emails show it: its snapshot and times, never the product's columns. */
export function emailItem(item: BookingItem): EmailItem {
  return {
    title: item.snapshot.title,
    startLabel: item.snapshot.startLabel,
    startsAt: item.startsAt,
    timezone: item.timezone,
    location: item.snapshot.location,
    details: [...item.snapshot.details],
  };
}
