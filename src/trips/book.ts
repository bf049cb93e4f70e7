import { err, ok, type Result } from "../lib/result";
import type { TripView } from "./model";
import { getTrip, type TripsDeps } from "./verbs";

export interface BookTripDeps<B> extends TripsDeps {
  /**
   * Books the holds, in the trip's item order, as one booking (createBooking in production,
   * injected so trips do not depend on bookings): one item per hold, one charge, all or nothing.
   */
  book: (holdIds: string[]) => Promise<Result<B>>;
  bookingIdOf: (booking: B) => string;
  /** Told when the booking was made but the trip could not be marked (it expired in between). */
  onUnmarked: (tripId: string, bookingId: string, code: string) => void;
}

/**
 * One booking for a held trip. The holds stay their objects' until payment: the booking's own
 * rule decides (every item confirmed, or all released and the charge refunded). Once booked, the
 * coordinator no longer releases the trip's holds at its expiry: the booking owns them.
 */
export async function bookTrip<B>({
  deps,
  input,
}: {
  deps: BookTripDeps<B>;
  input: { tripId: string };
}): Promise<Result<{ booking: B; trip: TripView }>> {
  const found = await getTrip({ deps, input });
  if (!found.ok) return found;
  const trip = found.value;
  if (trip.status === "expired") return err("TRIP_EXPIRED", `Trip ${trip.tripId} expired before it was booked.`);
  if (trip.status !== "held") {
    return err("TRIP_STATE_CONFLICT", `Trip ${trip.tripId} is ${trip.status}, not held.`, {
      trip_status: trip.status,
      ...(trip.bookingId ? { booking_id: trip.bookingId } : {}),
    });
  }
  const booked = await deps.book(trip.items.map((i) => i.holdId));
  if (!booked.ok) return booked;
  const bookingId = deps.bookingIdOf(booked.value);
  const marked = await deps.coordinator(trip.tripId).markBooked(bookingId);
  if (!marked.ok) {
    // The booking stands and its payment decides; only the trip's own record could not follow.
    deps.onUnmarked(trip.tripId, bookingId, marked.error.code);
    return ok({ booking: booked.value, trip: { ...trip, status: "booked", bookingId } });
  }
  return ok({ booking: booked.value, trip: marked.value });
}
