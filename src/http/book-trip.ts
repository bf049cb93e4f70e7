import type { Context } from "hono";
import type { HttpEnv } from "../api/context";
import { sessionIfAny } from "../api/middleware/access";
import { ProblemError } from "../api/problem";
import { type CreatedBooking, createBooking } from "../bookings/create-booking";
import { createDb } from "../db/client";
import { bookTrip } from "../trips/book";
import { tripStub } from "../trips/stub";
import { bookingDepsFor, bookingParty, type Party, paymentProviderName, withBookmark } from "./booking-requests";
import { bookableProducts } from "./describe-holds";

/**
 * Books a held trip as one booking (one item per hold, one charge), for POST /v1/trips/{id}/book
 * and POST /v1/bookings with `trip_id`; sets the bookmark of the write. The trip becomes `booked`.
 */
export async function bookHeldTrip(c: Context<HttpEnv>, tripId: string, body: Party): Promise<CreatedBooking> {
  const provider = paymentProviderName(c);
  const { env, log } = c.var.services;
  const session = c.env.DB.withSession("first-primary");
  const accountId = (await sessionIfAny(c))?.accountId ?? null;
  const bookingDeps = { ...bookingDepsFor(c, session), ...bookableProducts(createDb(session)) };
  const booked = await bookTrip<CreatedBooking>({
    deps: {
      coordinator: (id) => tripStub(env, id),
      book: (holdIds) =>
        createBooking({ deps: bookingDeps, input: { holdIds, ...bookingParty(body, provider), accountId } }),
      bookingIdOf: (created) => created.booking.id,
      onUnmarked: (trip, bookingId, code) =>
        log.warn("trip_not_marked_booked", { trip_id: trip, booking_id: bookingId, code }),
    },
    input: { tripId },
  });
  if (!booked.ok) throw new ProblemError(booked.error);
  withBookmark(c, session);
  return booked.value.booking;
}
