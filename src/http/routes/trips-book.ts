import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../../api/context";
import { access, sessionIfAny } from "../../api/middleware/access";
import { idempotency } from "../../api/middleware/idempotency";
import { rateLimit } from "../../api/middleware/rate-limit";
import { ProblemError } from "../../api/problem";
import { problemResponses } from "../../api/schemas";
import { type CreatedBooking, createBooking } from "../../bookings/create-booking";
import { createDb } from "../../db/client";
import { bookTrip } from "../../trips/book";
import { tripStub } from "../../trips/stub";
import { bookingDepsFor, bookingParty, paymentProviderName, withBookmark } from "../booking-requests";
import { bookableProducts } from "../describe-holds";
import { CreateBookingBody, CreatedBookingSchema, toCreatedBody } from "../schemas/bookings";
import { TripIdParams } from "../schemas/trips";

/** What POST /v1/bookings takes, without the holds: the trip names them. */
const BookTripBody = z
  .object({
    passengers: CreateBookingBody.shape.passengers,
    contact: CreateBookingBody.shape.contact,
    payment: CreateBookingBody.shape.payment,
  })
  .openapi("BookTrip");

const book = createRoute({
  middleware: [rateLimit("write"), access.open("book"), idempotency()] as const,
  method: "post",
  path: "/v1/trips/{id}/book",
  operationId: "bookTrip",
  tags: ["trips"],
  summary: "Book a held trip: one booking, one reference, one charge",
  description:
    "One booking with one item per hold of the trip, charged once for the total in the background (202 " +
    "`pending_payment`, as POST /v1/bookings). Payment confirms every item or none (then the whole charge is " +
    "refunded). The trip becomes `booked`. An expired trip: 410 `TRIP_EXPIRED`; one not held: 409 `TRIP_STATE_CONFLICT`.",
  request: {
    params: TripIdParams,
    body: { required: true, content: { "application/json": { schema: BookTripBody } } },
  },
  responses: {
    202: {
      description: "Booking created, payment pending",
      content: { "application/json": { schema: CreatedBookingSchema } },
    },
    ...problemResponses(400, 404, 409, 410, 503),
  },
});

export function registerTripBookingRoutes(app: App): void {
  app.openapi(book, async (c) => {
    const body = c.req.valid("json");
    const provider = paymentProviderName(c);
    const { env, log } = c.var.services;
    const session = c.env.DB.withSession("first-primary");
    const accountId = (await sessionIfAny(c))?.accountId ?? null;
    const bookingDeps = { ...bookingDepsFor(c, session), ...bookableProducts(createDb(session)) };
    const booked = await bookTrip<CreatedBooking>({
      deps: {
        coordinator: (tripId) => tripStub(env, tripId),
        book: (holdIds) =>
          createBooking({
            deps: bookingDeps,
            input: { holdIds, ...bookingParty(body, provider), accountId },
          }),
        bookingIdOf: (created) => created.booking.id,
        onUnmarked: (tripId, bookingId, code) =>
          log.warn("trip_not_marked_booked", { trip_id: tripId, booking_id: bookingId, code }),
      },
      input: { tripId: c.req.valid("param").id },
    });
    if (!booked.ok) throw new ProblemError(booked.error);
    const { booking, ownerToken } = booked.value.booking;
    withBookmark(c, session);
    c.header("location", `/v1/bookings/${booking.reference}`);
    return c.json(toCreatedBody(booking, ownerToken), 202);
  });
}
