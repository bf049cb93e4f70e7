import { type PreparedOutboxEmail, prepareOutboxEmail } from "../notifications/outbox";
import type { BookingEmailData, EmailTemplate, Money } from "../notifications/types";
import type { BookingDeps } from "./deps";
import { type BookingRow, departureOf, passengersOf } from "./store";

export type BookingEmailKind = "booking_confirmed" | "payment_failed" | "hold_expired" | "booking_cancelled";

/** The outbox row for a booking email, to go in the same batch as the change that causes it. */
export async function bookingEmail(
  deps: Pick<BookingDeps, "d1" | "db" | "clock">,
  booking: BookingRow,
  kind: BookingEmailKind,
  refund: Money | null = null,
): Promise<PreparedOutboxEmail> {
  const data = await emailData(deps, booking);
  const template: EmailTemplate = kind === "booking_cancelled" ? { kind, data: { ...data, refund } } : { kind, data };
  return prepareOutboxEmail(deps.d1, {
    bookingId: booking.id,
    to: booking.contactEmail,
    template,
    now: deps.clock.now(),
  });
}

async function emailData(deps: Pick<BookingDeps, "db">, booking: BookingRow): Promise<BookingEmailData> {
  const [passengers, departure] = await Promise.all([
    passengersOf(deps, booking.id),
    departureOf(deps, booking.departureId),
  ]);
  return {
    reference: booking.reference,
    passengers: passengers.map((p) => ({ givenName: p.givenName, familyName: p.familyName })),
    trip: departure
      ? {
          originCode: departure.originCode,
          destinationCode: departure.destinationCode,
          departsAt: departure.departsAt,
          service: `${departure.operator} ${departure.number}`,
        }
      : { originCode: "", destinationCode: "", departsAt: 0 },
    total: { minor: booking.totalMinor, currency: booking.currency },
  };
}
