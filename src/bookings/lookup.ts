import { foldCompact } from "../lib/fold";
import { err, ok, type Result } from "../lib/result";
import type { BookingDeps } from "./deps";
import { type BookingItem, itemsOf } from "./items";
import { hashOwnerToken } from "./owner-token";
import { normaliseReference } from "./reference";
import {
  type BookingRow,
  bookingByReferenceAndName,
  bookingByReferenceAndToken,
  type EventRow,
  eventsOf,
  type PassengerRow,
  type PaymentRow,
  passengersOf,
  paymentsOf,
} from "./store";

export interface BookingCredentials {
  reference: string;
  familyName?: string | undefined;
  ownerToken?: string | undefined;
}

export interface BookingDetails {
  booking: BookingRow;
  passengers: PassengerRow[];
  events: EventRow[];
  payments: PaymentRow[];
  items: BookingItem[];
}

/**
 * A reference alone opens nothing: it takes a passenger's family name or the owner token.
 * Unknown reference, malformed reference and wrong name give the same answer, and each does
 * one indexed query, so neither the body nor the work done tells them apart.
 */
export async function authoriseBooking({
  deps,
  input,
}: {
  deps: Pick<BookingDeps, "db">;
  input: BookingCredentials;
}): Promise<Result<BookingRow>> {
  if (!input.ownerToken && !input.familyName) {
    return err("UNAUTHENTICATED", "Send family_name (any passenger's) or Authorization: Bearer <owner_token>.");
  }
  const reference = normaliseReference(input.reference) ?? "";
  const booking = input.ownerToken
    ? await bookingByReferenceAndToken(deps, reference, await hashOwnerToken(input.ownerToken))
    : await bookingByReferenceAndName(deps, reference, foldCompact(input.familyName ?? ""));
  return booking ? ok(booking) : bookingNotFound();
}

export function bookingNotFound() {
  return err("BOOKING_NOT_FOUND", "No booking matches this reference and these details.");
}

export async function bookingDetails(deps: Pick<BookingDeps, "db">, booking: BookingRow): Promise<BookingDetails> {
  const [passengers, events, payments, items] = await Promise.all([
    passengersOf(deps, booking.id),
    eventsOf(deps, booking.id),
    paymentsOf(deps, booking.id),
    itemsOf(deps, booking.id),
  ]);
  return { booking, passengers, events, payments, items };
}
