import { createRoute } from "@hono/zod-openapi";
import { recordAccountTrip } from "../../accounts/my-trips";
import type { App } from "../../api/context";
import { access, sessionIfAny } from "../../api/middleware/access";
import { idempotency } from "../../api/middleware/idempotency";
import { rateLimit } from "../../api/middleware/rate-limit";
import { ProblemError } from "../../api/problem";
import { problemResponses } from "../../api/schemas";
import type { Services } from "../../api/services";
import { idempotencyScope } from "../../idempotency/request";
import { err, ok, type Result } from "../../lib/result";
import { parseItineraryId } from "../../products/departures/itinerary-id";
import type { TripItemRequest, TripView } from "../../trips/model";
import { tripStub } from "../../trips/stub";
import { createTrip, getTrip, releaseTrip, type TripsDeps } from "../../trips/verbs";
import { productOfBody } from "../holdable";
import { IdempotencyHeaders } from "../schemas/holds";
import { CreateTripBody, itemProblem, TripIdParams, type TripItemBody, TripSchema, toTripBody } from "../schemas/trips";

const tripJson = (description: string) => ({
  description,
  content: { "application/json": { schema: TripSchema } },
});

const create = createRoute({
  middleware: [rateLimit("write"), access.open("book"), idempotency()] as const,
  method: "post",
  path: "/v1/trips",
  operationId: "createTrip",
  tags: ["trips"],
  summary: "Hold several items at once, all or nothing",
  description:
    "Holds every item (any product's hold body, or every segment of an itinerary from /v1/search) or none. " +
    "An item that cannot be held: 409 `TRIP_ITEM_REFUSED` with `item` (its index) and `problem` (what POST /v1/holds " +
    "would have answered), and nothing stays held. The trip expires with its earliest hold. With an `Idempotency-Key`, " +
    "a retry answers the same trip and places nothing twice. docs/trips.md.",
  request: {
    headers: IdempotencyHeaders,
    body: { required: true, content: { "application/json": { schema: CreateTripBody } } },
  },
  responses: { 201: tripJson("The trip, every item held"), ...problemResponses(400, 404, 409, 422, 503) },
});

const read = createRoute({
  middleware: [rateLimit("lookup"), access.open("book")] as const,
  method: "get",
  path: "/v1/trips/{id}",
  operationId: "getTrip",
  tags: ["trips"],
  summary: "A trip as it is now: its items' holds, total and expiry",
  request: { params: TripIdParams },
  responses: { 200: tripJson("The trip"), ...problemResponses(404) },
});

const release = createRoute({
  middleware: [rateLimit("write"), access.open("book")] as const,
  method: "delete",
  path: "/v1/trips/{id}",
  operationId: "releaseTrip",
  tags: ["trips"],
  summary: "Give back every item of a trip",
  description:
    "Idempotent: a trip that already ended answers 200 as it is. A booked trip: 409 `TRIP_STATE_CONFLICT` (cancel the booking).",
  request: { params: TripIdParams },
  responses: { 200: tripJson("The released trip"), ...problemResponses(404, 409) },
});

function tripsDeps(services: Services): TripsDeps {
  return { coordinator: (tripId) => tripStub(services.env, tripId) };
}

function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  const { error } = result;
  if (error.code !== "TRIP_ITEM_REFUSED") throw new ProblemError(error);
  // The inner problem in the words of the item's product, as POST /v1/holds would have answered it.
  const extra = error.extra as { item: number; unit_id: string | null; problem: typeof error };
  throw ProblemError.of("TRIP_ITEM_REFUSED", error.detail, {
    item: extra.item,
    unit_id: extra.unit_id,
    problem: itemProblem(extra.problem, extra.unit_id),
  });
}

/** Every item as the engine holds it: a product's body becomes its request, an itinerary one item per segment. */
function toItems(bodies: readonly TripItemBody[]): Result<TripItemRequest[]> {
  const items: TripItemRequest[] = [];
  for (const body of bodies) {
    const itinerary = "itinerary_id" in body ? parseItineraryId(body.itinerary_id) : null;
    const segments = itinerary
      ? itinerary.departureIds.map((departure_id) => ({
          departure_id,
          cabin: itinerary.cabin,
          passengers: body.passengers,
        }))
      : [body];
    for (const segment of segments) {
      const request = productOfBody(segment).toRequest(segment);
      if (!request.ok) {
        return err(request.error.code, `Item ${items.length}: ${request.error.detail}`, {
          ...request.error.extra,
          item: items.length,
        });
      }
      items.push(request.value);
    }
  }
  return ok(items);
}

function answer(trip: TripView) {
  return toTripBody(trip);
}

export function registerTripRoutes(app: App): void {
  app.openapi(create, async (c) => {
    const key = c.req.valid("header")["idempotency-key"];
    const items = unwrap(toItems(c.req.valid("json").items));
    const scope = idempotencyScope(c.var.idempotencyOwner, "POST", "/v1/trips");
    const input = { items, ...(key ? { idempotency: { scope, key } } : {}) };
    // Created with a session, the trip is the account's (GET /v1/me/trips); asked first, so a session
    // that does not verify is refused before anything is held. A retry records it once.
    const accountId = (await sessionIfAny(c))?.accountId;
    const trip = unwrap(await createTrip({ deps: tripsDeps(c.var.services), input }));
    const { db, clock } = c.var.services;
    if (accountId) await recordAccountTrip(db, { accountId, tripId: trip.tripId, now: clock.now() });
    c.header("Location", `/v1/trips/${trip.tripId}`);
    return c.json(answer(trip), 201);
  });

  app.openapi(read, async (c) => {
    const trip = unwrap(await getTrip({ deps: tripsDeps(c.var.services), input: { tripId: c.req.valid("param").id } }));
    return c.json(answer(trip), 200);
  });

  app.openapi(release, async (c) => {
    const trip = unwrap(
      await releaseTrip({ deps: tripsDeps(c.var.services), input: { tripId: c.req.valid("param").id } }),
    );
    return c.json(answer(trip), 200);
  });
}
