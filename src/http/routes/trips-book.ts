import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../../api/context";
import { access } from "../../api/middleware/access";
import { idempotency } from "../../api/middleware/idempotency";
import { rateLimit } from "../../api/middleware/rate-limit";
import { problemResponses } from "../../api/schemas";
import { bookHeldTrip } from "../book-trip";
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
    const { booking, ownerToken } = await bookHeldTrip(c, c.req.valid("param").id, c.req.valid("json"));
    c.header("location", `/v1/bookings/${booking.reference}`);
    return c.json(toCreatedBody(booking, ownerToken), 202);
  });
}
