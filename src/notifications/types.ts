/**
 * Typed inputs of every email edgefare sends. Callers pass data, never markup: rendering
 * (and HTML escaping) happens in one place, src/notifications/render.ts.
 */
export interface Money {
  /** Integer amount in the currency's minor units (cents, pence; yen have none). */
  minor: number;
  /** ISO 4217 code. */
  currency: string;
}

export interface PassengerName {
  givenName: string;
  familyName: string;
}

export interface TripSummary {
  originCode: string;
  destinationCode: string;
  /** UTC epoch seconds; shown in the origin's local time. */
  departsAt: number;
  /** Carrier and number as a traveller reads them on a board, e.g. "Test Air TA 1". */
  service?: string;
}

export interface BookingEmailData {
  reference: string;
  passengers: PassengerName[];
  trip: TripSummary;
  total: Money;
}

export type EmailTemplate =
  | { kind: "booking_confirmed"; data: BookingEmailData }
  | { kind: "payment_failed"; data: BookingEmailData }
  | { kind: "hold_expired"; data: BookingEmailData }
  /** `refund` is null when nothing was charged (cancelled before payment settled). */
  | { kind: "booking_cancelled"; data: BookingEmailData & { refund: Money | null } }
  | { kind: "departure_reminder"; data: BookingEmailData };

export type EmailKind = EmailTemplate["kind"];

export const EMAIL_KINDS = [
  "booking_confirmed",
  "payment_failed",
  "hold_expired",
  "booking_cancelled",
  "departure_reminder",
] as const satisfies readonly EmailKind[];

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}
