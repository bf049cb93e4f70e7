import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { App, HttpEnv } from "../../api/context";
import { access, sessionIfAny } from "../../api/middleware/access";
import { idempotency } from "../../api/middleware/idempotency";
import { rateLimit } from "../../api/middleware/rate-limit";
import { ProblemError } from "../../api/problem";
import { problemResponses } from "../../api/schemas";
import { cancelBooking, cancelBookingItem } from "../../bookings/cancel-booking";
import { createBooking } from "../../bookings/create-booking";
import { authoriseBooking, bookingDetails } from "../../bookings/lookup";
import { bearerToken } from "../../bookings/owner-token";
import { quoteCancellation } from "../../bookings/refund-quote";
import { createDb } from "../../db/client";
import { unitOfHold } from "../../holds/hold-id";
import type { DomainError, Err, Result } from "../../lib/result";
import { productOfUnit } from "../../products/registry";
import { bookHeldTrip } from "../book-trip";
import { bookingDepsFor, bookingParty, paymentProviderName, withBookmark } from "../booking-requests";
import { bookableProducts } from "../describe-holds";
import { holdsOf, productRefusal } from "../holdable";
import {
  BookingSchema,
  BookmarkHeaders,
  CreateBookingBody,
  CreatedBookingSchema,
  ItemParams,
  LookupQuery,
  ReferenceParams,
  toBookingBody,
  toCreatedBody,
} from "../schemas/bookings";
import { RefundQuoteSchema, toRefundQuoteBody } from "../schemas/refund-quote";

const json = <S>(description: string, schema: S) => ({ description, content: { "application/json": { schema } } });
/** Either the owner token or, with no security at all, the family_name query parameter. */
const bearer: Record<string, string[]>[] = [{ ownerToken: [] }, {}];

const create = createRoute({
  method: "post",
  path: "/v1/bookings",
  operationId: "createBooking",
  tags: ["bookings"],
  summary: "Book a hold, several holds or a held trip; payment runs in the background",
  description:
    "Answers 202 with status `pending_payment`; poll the booking (send back `x-d1-bookmark` to read your own write). " +
    "With `trip_id`, books the trip's holds as POST /v1/trips/{id}/book does (its problems too: TRIP_EXPIRED, TRIP_STATE_CONFLICT). " +
    "Send an `Idempotency-Key` to retry safely. `owner_token` is shown only in this answer.",
  middleware: [rateLimit("write"), access.open("book"), idempotency()] as const,
  request: { body: { required: true, content: { "application/json": { schema: CreateBookingBody } } } },
  responses: {
    202: json("Booking created, payment pending", CreatedBookingSchema),
    ...problemResponses(400, 404, 409, 410, 503),
  },
});

const read = createRoute({
  method: "get",
  path: "/v1/bookings/{reference}",
  operationId: "getBooking",
  tags: ["bookings"],
  summary: "A booking, with its timeline",
  description:
    "Needs `family_name` (any passenger) or `Authorization: Bearer <owner_token>`. A wrong name answers 404, like an unknown reference.",
  security: bearer,
  middleware: [rateLimit("lookup"), access.open("book")] as const,
  request: { params: ReferenceParams, query: LookupQuery, headers: BookmarkHeaders },
  responses: { 200: json("The booking", BookingSchema), ...problemResponses(401, 404) },
});

const cancel = createRoute({
  method: "post",
  path: "/v1/bookings/{reference}/cancel",
  operationId: "cancelBooking",
  tags: ["bookings"],
  summary: "Cancel a confirmed booking and refund it",
  description: "Same credentials as reading it. Cancelling again answers the booking as it is.",
  security: bearer,
  middleware: [rateLimit("lookup"), access.open("book"), idempotency()] as const,
  request: { params: ReferenceParams, query: LookupQuery },
  responses: { 200: json("The cancelled booking", BookingSchema), ...problemResponses(401, 404, 409) },
});

const cancelItem = createRoute({
  method: "post",
  path: "/v1/bookings/{reference}/items/{item_id}/cancel",
  operationId: "cancelBookingItem",
  tags: ["bookings"],
  summary: "Cancel one item of a confirmed booking, refunded by its policy",
  description:
    "Same credentials as reading the booking. Refunds what the refund quote shows for the item (possibly 0: the item " +
    "is cancelled and nothing comes back). The last active item cancels the booking. Cancelling it again answers the booking as it is.",
  security: bearer,
  middleware: [rateLimit("lookup"), access.open("book"), idempotency()] as const,
  request: { params: ItemParams, query: LookupQuery },
  responses: { 200: json("The booking", BookingSchema), ...problemResponses(401, 404, 409) },
});

const quote = createRoute({
  method: "get",
  path: "/v1/bookings/{reference}/refund-quote",
  operationId: "quoteBookingRefund",
  tags: ["bookings"],
  summary: "What cancelling now would refund",
  description:
    "Same credentials as reading the booking. Computed from each item's refund policy, locked with its price " +
    "when it was held; `valid_until` says when the amount next drops. A booking that cannot be cancelled " +
    "answers the refusal the cancellation would give.",
  security: bearer,
  middleware: [rateLimit("lookup"), access.open("book")] as const,
  request: { params: ReferenceParams, query: LookupQuery },
  responses: { 200: json("The refund quote", RefundQuoteSchema), ...problemResponses(401, 404, 409) },
});

/** A refusal about one hold, in the words of that hold's product (departures: seats). */
function inHoldProductWords(result: Err<DomainError>, holdIds: string[]): Err<DomainError> {
  const unitId = holdIds.length === 1 ? unitOfHold(holdIds[0] as string, (id) => productOfUnit(id) !== null) : null;
  return { ok: false, error: productRefusal(result.error, unitId ? holdsOf(unitId) : undefined) };
}

const BOOKMARK = /^[0-9a-f]{1,16}(?:-[0-9a-f]{1,64}){1,5}$/i;

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new ProblemError(result.error);
  return result.value;
}

export function registerBookingRoutes(app: App): void {
  app.openapi(create, async (c) => {
    const body = c.req.valid("json");
    if (body.trip_id !== undefined) {
      const { booking, ownerToken } = await bookHeldTrip(c, body.trip_id, body);
      c.header("location", `/v1/bookings/${booking.reference}`);
      return c.json(toCreatedBody(booking, ownerToken), 202);
    }
    const provider = paymentProviderName(c);
    const session = c.env.DB.withSession("first-primary");
    const holdIds = body.hold_ids ?? (body.hold_id ? [body.hold_id] : []);
    const result = await createBooking({
      deps: { ...bookingDepsFor(c, session), ...bookableProducts(createDb(session)) },
      input: { holdIds, ...bookingParty(body, provider), accountId: (await sessionIfAny(c))?.accountId ?? null },
    });
    const created = unwrap(result.ok ? result : inHoldProductWords(result, holdIds));
    withBookmark(c, session);
    c.header("location", `/v1/bookings/${created.booking.reference}`);
    return c.json(toCreatedBody(created.booking, created.ownerToken), 202);
  });

  app.openapi(read, async (c) => {
    const sent = c.req.valid("header")["x-d1-bookmark"] ?? "";
    // Bookmarks are opaque; anything that does not look like one is ignored rather than refused.
    const session = c.env.DB.withSession(BOOKMARK.test(sent) ? sent : "first-unconstrained");
    const deps = bookingDepsFor(c, session);
    const booking = unwrap(await authoriseBooking({ deps, input: credentials(c, c.req.valid("param").reference) }));
    const details = await bookingDetails(deps, booking);
    withBookmark(c, session);
    return c.json(toBookingBody(details), 200);
  });

  app.openapi(quote, async (c) => {
    const deps = bookingDepsFor(c, c.env.DB.withSession("first-primary"));
    const quoted = unwrap(await quoteCancellation({ deps, input: credentials(c, c.req.valid("param").reference) }));
    return c.json(toRefundQuoteBody(quoted), 200);
  });

  app.openapi(cancelItem, async (c) => {
    const session = c.env.DB.withSession("first-primary");
    const deps = bookingDepsFor(c, session);
    const { reference, item_id } = c.req.valid("param");
    const booking = unwrap(await cancelBookingItem({ deps, input: { ...credentials(c, reference), itemId: item_id } }));
    const details = await bookingDetails(deps, booking);
    withBookmark(c, session);
    return c.json(toBookingBody(details), 200);
  });

  app.openapi(cancel, async (c) => {
    const session = c.env.DB.withSession("first-primary");
    const deps = bookingDepsFor(c, session);
    const booking = unwrap(await cancelBooking({ deps, input: credentials(c, c.req.valid("param").reference) }));
    const details = await bookingDetails(deps, booking);
    withBookmark(c, session);
    return c.json(toBookingBody(details), 200);
  });
}

function credentials(c: Context<HttpEnv>, reference: string) {
  return {
    reference,
    familyName: c.req.query("family_name"),
    ownerToken: bearerToken(c.req.header("authorization")) ?? undefined,
  };
}
