import { createRoute, z } from "@hono/zod-openapi";
import { claimBooking, listMyBookings, myBooking } from "../../accounts/my-bookings";
import type { App } from "../../api/context";
import { access, signedInSession } from "../../api/middleware/access";
import { idempotency } from "../../api/middleware/idempotency";
import { rateLimit } from "../../api/middleware/rate-limit";
import { pageLinks } from "../../api/page";
import { ProblemError, valueOrProblem } from "../../api/problem";
import { PageLinksSchema, problemResponses, queryInteger } from "../../api/schemas";
import { bookingDetails } from "../../bookings/lookup";
import { BOOKING_STATUSES } from "../../db/schema";
import { BookingSchema, ReferenceParams, toBookingBody } from "../schemas/bookings";
import { MyBookingSummary, toMyBookingSummary } from "../schemas/me";

const json = <S>(description: string, schema: S) => ({ description, content: { "application/json": { schema } } });

const ListQuery = z.object({
  status: z.enum(BOOKING_STATUSES).optional(),
  upcoming: z
    .enum(["true", "false"])
    .optional()
    .openapi({ description: "true: pending or confirmed with an item still to start; false: every other booking" }),
  limit: queryInteger({ min: 1, max: 50 }).optional(),
  cursor: z.string().max(512).optional().openapi({ description: "`links.next` of the previous page" }),
});

const list = createRoute({
  method: "get",
  path: "/v1/me/bookings",
  operationId: "listMyBookings",
  tags: ["accounts"],
  summary: "The signed-in traveller's bookings, newest first",
  description:
    "Bookings made while signed in, and guest bookings claimed with `POST /v1/me/bookings/claim`. " +
    "A guest booking is never listed because its contact address matches the account's (docs/accounts.md).",
  middleware: [rateLimit("lookup"), access.signedIn()] as const,
  request: { query: ListQuery },
  responses: {
    200: json("A page of bookings", z.object({ data: z.array(MyBookingSummary), links: PageLinksSchema })),
  },
});

const read = createRoute({
  method: "get",
  path: "/v1/me/bookings/{reference}",
  operationId: "getMyBooking",
  tags: ["accounts"],
  summary: "One of the signed-in traveller's bookings (no owner token needed)",
  middleware: [rateLimit("lookup"), access.signedIn()] as const,
  request: { params: ReferenceParams },
  responses: { 200: json("The booking", BookingSchema), ...problemResponses(404) },
});

const ClaimBody = z
  .object({
    reference: z.string().min(1).max(32).openapi({ example: "K7M4QX" }),
    owner_token: z
      .string()
      .regex(/^own_[A-Za-z0-9_-]{20,100}$/, "The owner_token returned when the booking was made")
      .openapi({ example: "own_Q2xhaW1NZUlmWW91Q2FuUmVhZFRoaXNBbmRUaGF0aXQ" }),
  })
  .openapi("ClaimBooking");

const claim = createRoute({
  method: "post",
  path: "/v1/me/bookings/claim",
  operationId: "claimBooking",
  tags: ["accounts"],
  summary: "Add a guest booking to the account, with its owner token",
  description: "Idempotent: claiming a booking the account holds already answers it again.",
  // The replayed answer is only ever the body's own booking: the same key needs the same owner token.
  middleware: [rateLimit("write"), access.signedIn(), idempotency()] as const,
  request: { body: { required: true, content: { "application/json": { schema: ClaimBody } } } },
  responses: { 200: json("The booking, now the account's", BookingSchema), ...problemResponses(404, 409) },
});

export function registerMeBookingRoutes(app: App): void {
  app.openapi(list, async (c) => {
    const session = await signedInSession(c);
    const query = c.req.valid("query");
    const { db, clock } = c.var.services;
    const page = valueOrProblem(
      await listMyBookings({
        deps: { db, now: clock.now() },
        input: {
          accountId: session.accountId,
          status: query.status,
          upcoming: query.upcoming === undefined ? undefined : query.upcoming === "true",
          cursor: query.cursor,
          limit: query.limit ?? 20,
        },
      }),
    );
    c.header("Cache-Control", "private, no-store");
    return c.json(
      {
        data: page.bookings.map(({ booking, items }) => toMyBookingSummary(booking, items)),
        links: pageLinks(page.nextCursor, new URL(c.req.url)),
      },
      200,
    );
  });

  app.openapi(read, async (c) => {
    const session = await signedInSession(c);
    const { db } = c.var.services;
    const booking = await myBooking(db, session.accountId, c.req.valid("param").reference);
    if (!booking) throw ProblemError.of("BOOKING_NOT_FOUND", "The account has no booking with this reference.");
    c.header("Cache-Control", "private, no-store");
    return c.json(toBookingBody(await bookingDetails({ db }, booking)), 200);
  });

  app.openapi(claim, async (c) => {
    const session = await signedInSession(c);
    const body = c.req.valid("json");
    const { db } = c.var.services;
    const booking = valueOrProblem(
      await claimBooking({
        deps: { db },
        input: { accountId: session.accountId, reference: body.reference, ownerToken: body.owner_token },
      }),
    );
    c.var.services.log.info("booking_claimed", { booking_id: booking.id, account_id: session.accountId });
    return c.json(toBookingBody(await bookingDetails({ db }, booking)), 200);
  });
}
