import { createRoute } from "@hono/zod-openapi";
import type { App } from "../../api/context";
import type { IsolateState } from "../../api/isolate-state";
import { access } from "../../api/middleware/access";
import { idempotency } from "../../api/middleware/idempotency";
import { rateLimit } from "../../api/middleware/rate-limit";
import { ProblemError } from "../../api/problem";
import { problemResponses } from "../../api/schemas";
import type { Services } from "../../api/services";
import { holdDeadlineMoved } from "../../bookings/hold-deadline";
import { extendHold, getHold, type HoldsDeps, placeHold, releaseHold } from "../../holds/verbs";
import type { HoldView } from "../../inventory/contract";
import { inventoryStub } from "../../inventory/stub";
import type { Result } from "../../lib/result";
import type { ProductHolds } from "../../products/module";
import { HoldSchema, holdsOf, PlaceHoldBody, productOfBody, productRefusal } from "../holdable";
import { HoldIdParams, IdempotencyHeaders, toHoldBody } from "../schemas/holds";
import { PassHeaders } from "../schemas/waiting-rooms";
import { admitToUnit } from "../waiting-room-admission";

const holdJson = (description: string) => ({
  description,
  content: { "application/json": { schema: HoldSchema } },
});

const place = createRoute({
  middleware: [rateLimit("write"), access.open("book"), idempotency()] as const,
  method: "post",
  path: "/v1/holds",
  operationId: "placeHold",
  tags: ["holds"],
  summary: "Hold units of one product's unit at today's price",
  description:
    "Takes units (seats on a departure, rooms for the nights of a stay, tickets of an event tier) out of " +
    "sale for a short time (`expires_at`) at a locked price, every line or none. The body is one product's " +
    "hold request. Not enough left: 409 in the product's words (`INSUFFICIENT_SEATS` with `seats_left`, " +
    "`INSUFFICIENT_ROOMS`, …) with what is left per line. With an `Idempotency-Key`, a retry answers the same hold. " +
    "A unit selling through a waiting room (docs/waiting-room.md) needs the `Waiting-Room-Pass` header: 429 " +
    "`WAITING_ROOM_REQUIRED` without it, `WAITING_ROOM_NOT_YET` (with Retry-After) before its turn.",
  request: {
    headers: IdempotencyHeaders.merge(PassHeaders),
    body: { required: true, content: { "application/json": { schema: PlaceHoldBody } } },
  },
  responses: { 201: holdJson("The hold"), ...problemResponses(400, 403, 404, 409, 429, 503) },
});

const read = createRoute({
  middleware: [rateLimit("lookup"), access.open("book")] as const,
  method: "get",
  path: "/v1/holds/{id}",
  operationId: "getHold",
  tags: ["holds"],
  summary: "A hold as it is now",
  request: { params: HoldIdParams },
  responses: { 200: holdJson("The hold"), ...problemResponses(404) },
});

const release = createRoute({
  middleware: [rateLimit("write"), access.open("book")] as const,
  method: "delete",
  path: "/v1/holds/{id}",
  operationId: "releaseHold",
  tags: ["holds"],
  summary: "Give the held units back",
  description: "Idempotent: a hold that is already released or expired answers 200 as it is.",
  request: { params: HoldIdParams },
  responses: { 200: holdJson("The released hold"), ...problemResponses(404, 409) },
});

const extend = createRoute({
  middleware: [rateLimit("write"), access.open("book"), idempotency()] as const,
  method: "post",
  path: "/v1/holds/{id}/extend",
  operationId: "extendHold",
  tags: ["holds"],
  summary: "Add time to a hold, once",
  description:
    "Adds a fixed extension to `expires_at` once; asking again while the hold is held answers the extended hold unchanged. " +
    "A released, confirmed or cancelled hold answers 409 `HOLD_STATE_CONFLICT`, an expired one 410 `HOLD_EXPIRED`, whether it was extended before or not.",
  request: { params: HoldIdParams },
  responses: { 200: holdJson("The extended hold"), ...problemResponses(404, 409, 410) },
});

function holdsDeps(services: Services): HoldsDeps {
  return {
    inventory: (unitId) => inventoryStub(services.env, unitId),
    isUnitId: (unitId) => holdsOf(unitId) !== undefined,
    deadlineMoved: (hold) =>
      holdDeadlineMoved({ db: services.db, log: services.log, now: () => services.clock.now() }, hold),
    metrics: services.metrics,
  };
}

/** The engine's refusal, in the words of the product whose unit it is. */
function unwrap<T>(result: Result<T>, product?: ProductHolds): T {
  if (!result.ok) throw new ProblemError(productRefusal(result.error, product));
  return result.value;
}

function answer(hold: HoldView) {
  return toHoldBody(hold, holdsOf(hold.unitId));
}

export function registerHoldRoutes(app: App, isolate: IsolateState): void {
  app.openapi(place, async (c) => {
    const body = c.req.valid("json");
    const headers = c.req.valid("header");
    const key = headers["idempotency-key"];
    const product = productOfBody(body);
    const request = unwrap(product.toRequest(body), product);
    const admission = await admitToUnit(c.var.services, isolate, request.unitId, headers["waiting-room-pass"]);
    const idempotency = admission.idempotency ?? (key ? { scope: c.var.idempotencyOwner, key } : undefined);
    const input = { ...request, ...(idempotency ? { idempotency } : {}) };
    const hold = unwrap(await placeHold({ deps: holdsDeps(c.var.services), input }), product);
    c.header("Location", `/v1/holds/${hold.holdId}`);
    return c.json(answer(hold), 201);
  });

  app.openapi(read, async (c) => {
    const hold = unwrap(await getHold({ deps: holdsDeps(c.var.services), input: { holdId: c.req.valid("param").id } }));
    return c.json(answer(hold), 200);
  });

  app.openapi(release, async (c) => {
    const input = { holdId: c.req.valid("param").id };
    const hold = unwrap(await releaseHold({ deps: holdsDeps(c.var.services), input }));
    return c.json(answer(hold), 200);
  });

  app.openapi(extend, async (c) => {
    const input = { holdId: c.req.valid("param").id };
    const hold = unwrap(await extendHold({ deps: holdsDeps(c.var.services), input }));
    return c.json(answer(hold), 200);
  });
}
