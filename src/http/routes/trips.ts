import { createRoute } from "@hono/zod-openapi";
import { recordAccountTrip } from "../../accounts/my-trips";
import type { App } from "../../api/context";
import type { IsolateState } from "../../api/isolate-state";
import { access, sessionIfAny } from "../../api/middleware/access";
import { idempotency } from "../../api/middleware/idempotency";
import { rateLimit } from "../../api/middleware/rate-limit";
import { ProblemError } from "../../api/problem";
import { problemResponses } from "../../api/schemas";
import type { Services } from "../../api/services";
import { idempotencyScope } from "../../idempotency/request";
import { err, ok, type Result } from "../../lib/result";
import type { TripItemRequest, TripView } from "../../trips/model";
import { checkTripItems } from "../../trips/rules";
import { tripStub } from "../../trips/stub";
import { createTrip, getTrip, releaseTrip, type TripsDeps } from "../../trips/verbs";
import { unitOfPass } from "../../waiting-room/pass";
import { holdBodiesOf, productOfBody } from "../holdable";
import { IdempotencyHeaders } from "../schemas/holds";
import { CreateTripBody, itemProblem, TripIdParams, TripPassHeaders, TripSchema, toTripBody } from "../schemas/trips";
import { admitToUnit } from "../waiting-room-admission";

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
    "a retry answers the same trip and places nothing twice. An item on a unit selling through a waiting room needs " +
    "that unit's pass in `Waiting-Room-Pass` (several passes comma-separated), else the problem POST /v1/holds answers, " +
    "with `item`. docs/trips.md.",
  request: {
    headers: IdempotencyHeaders.merge(TripPassHeaders),
    body: { required: true, content: { "application/json": { schema: CreateTripBody } } },
  },
  responses: { 201: tripJson("The trip, every item held"), ...problemResponses(400, 403, 404, 409, 422, 429, 503) },
});

const read = createRoute({
  middleware: [rateLimit("lookup"), access.open("book")] as const,
  method: "get",
  path: "/v1/trips/{id}",
  operationId: "getTrip",
  tags: ["trips"],
  summary: "A trip as it is now: its items' holds, total and expiry",
  description:
    "Each hold as its object has it now (held and booked trips ask each item's object). A held trip one of whose " +
    "holds was released or expired through another path ends here (`released` or `expired`) and gives the rest back.",
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

/** Every item as the engine holds it: a product's body becomes its request, a bundle (an itinerary) one per hold. */
function toItems(bodies: readonly unknown[]): Result<TripItemRequest[]> {
  const items: TripItemRequest[] = [];
  for (const body of bodies) {
    const segments = holdBodiesOf(body);
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

/**
 * Every item on a unit with an open waiting room needs that unit's pass, checked as POST /v1/holds
 * checks it (each unit's room looked up at once; the first refused item by index answers). An
 * admitted item holds under its pass's hold id, and the trip's id is derived from its passes, so a
 * pass retried in the same trip answers that trip and never takes a second hold.
 */
async function admitItems(
  services: Services,
  isolate: IsolateState,
  items: TripItemRequest[],
  header: string | undefined,
): Promise<{ items: TripItemRequest[]; admissions: string | null }> {
  const passes = (header ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  // One pass is checked against every gated unit (another unit's pass is refused as invalid there).
  const passFor = (unitId: string) => (passes.length === 1 ? passes[0] : passes.find((p) => unitOfPass(p) === unitId));
  const settled = await Promise.allSettled(
    items.map((item, index) => admitToUnit(services, isolate, item.unitId, passFor(item.unitId), { item: index })),
  );
  const admitted: TripItemRequest[] = [];
  const keys: string[] = [];
  for (const [index, outcome] of settled.entries()) {
    if (outcome.status === "rejected") throw outcome.reason;
    const item = items[index] as TripItemRequest;
    const key = outcome.value.idempotency;
    admitted.push(key ? { ...item, holdKey: key } : item);
    if (key) keys.push(`${key.scope}/${key.key}`);
  }
  return { items: admitted, admissions: keys.length > 0 ? keys.sort().join(",") : null };
}

export function registerTripRoutes(app: App, isolate: IsolateState): void {
  app.openapi(create, async (c) => {
    const headers = c.req.valid("header");
    const key = headers["idempotency-key"];
    const requested = unwrap(toItems(c.req.valid("json").items));
    // A trip that cannot be one is refused before its units' waiting rooms are looked up.
    unwrap(checkTripItems(requested));
    const { items, admissions } = await admitItems(c.var.services, isolate, requested, headers["waiting-room-pass"]);
    const scope = idempotencyScope(c.var.idempotencyOwner, "POST", "/v1/trips");
    const idempotency = admissions ? { scope: "waiting-room-trip", key: admissions } : key ? { scope, key } : undefined;
    const input = { items, ...(idempotency ? { idempotency } : {}) };
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
