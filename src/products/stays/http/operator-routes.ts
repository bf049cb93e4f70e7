import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { App, HttpEnv } from "../../../api/context";
import type { IsolateState } from "../../../api/isolate-state";
import { access } from "../../../api/middleware/access";
import { idempotency } from "../../../api/middleware/idempotency";
import { rateLimit } from "../../../api/middleware/rate-limit";
import { ProblemError } from "../../../api/problem";
import { problemResponses } from "../../../api/schemas";
import type { Services } from "../../../api/services";
import type { OperatorChanges } from "../../../inventory/contract";
import { randomId } from "../../../lib/ids";
import type { Result } from "../../../lib/result";
import { PROPERTY_ID } from "../details/load-property";
import type { StaysOperatorDeps } from "../operator/deps";
import { closeDates, closeProperty, setRates, setRoomCount } from "../operator/verbs";
import { staysVersions } from "../search/deps";
import { cityScope } from "../search/keys";
import {
  ClosePropertyBody,
  ClosePropertyResponse,
  ClosureBody,
  OperatorChangeResponse,
  RatesBody,
  RoomCountBody,
  RoomTypeParams,
} from "./schemas/operator";
import { PropertyIdParam } from "./schemas/property";

/** What the operator routes need of the engine, handed in by the composition root at registration. */
export interface StaysEngineHooks {
  applyOperatorChanges(services: Services, propertyId: string, changes: OperatorChanges): Promise<Result<unknown>>;
  cancelBookingsOfCancelledUnit(services: Services, requestId: string, unitId: string): void;
}

/** Admins, or the organiser the property is assigned to (docs/accounts.md). */
const ownProperty = (c: Context<HttpEnv>) => [c.req.param("property_id") ?? ""];

const applied = {
  200: { description: "Applied", content: { "application/json": { schema: OperatorChangeResponse } } },
  ...problemResponses(400, 404, 409),
};

const roomCount = createRoute({
  method: "post",
  path: "/v1/admin/stays/{property_id}/room-types/{room_type_id}/room-count",
  operationId: "setStayRoomCount",
  tags: ["admin"],
  summary: "Rooms of a room type sold each night from a date on",
  middleware: [rateLimit("write"), access.inventory(ownProperty), idempotency()] as const,
  request: {
    params: RoomTypeParams,
    body: { required: true, content: { "application/json": { schema: RoomCountBody } } },
  },
  responses: applied,
});

const rates = createRoute({
  method: "post",
  path: "/v1/admin/stays/{property_id}/room-types/{room_type_id}/rates",
  operationId: "setStayRates",
  tags: ["admin"],
  summary: "A price and/or minimum stay for a range of nights of a room type",
  middleware: [rateLimit("write"), access.inventory(ownProperty), idempotency()] as const,
  request: { params: RoomTypeParams, body: { required: true, content: { "application/json": { schema: RatesBody } } } },
  responses: applied,
});

const closures = createRoute({
  method: "post",
  path: "/v1/admin/stays/{property_id}/closures",
  operationId: "closeStayDates",
  tags: ["admin"],
  summary: "Close nights, or their arrivals, of a room type or the whole property",
  middleware: [rateLimit("write"), access.inventory(ownProperty), idempotency()] as const,
  request: {
    params: PropertyIdParam,
    body: { required: true, content: { "application/json": { schema: ClosureBody } } },
  },
  responses: applied,
});

const close = createRoute({
  method: "post",
  path: "/v1/admin/stays/{property_id}/close",
  operationId: "closeStayProperty",
  tags: ["admin"],
  summary: "Close a property for good: every booking is cancelled and refunded",
  middleware: [rateLimit("write"), access.inventory(ownProperty), idempotency()] as const,
  request: {
    params: PropertyIdParam,
    body: { required: true, content: { "application/json": { schema: ClosePropertyBody } } },
  },
  responses: {
    200: { description: "Closed", content: { "application/json": { schema: ClosePropertyResponse } } },
    ...problemResponses(400, 404, 409),
  },
});

function propertyId(id: string): string {
  if (!PROPERTY_ID.test(id)) throw ProblemError.of("PROPERTY_NOT_FOUND", `No property has the id '${id}'.`);
  return id;
}

/**
 * Operator endpoints for properties, for admins and the property's organiser. Each change goes to the property's
 * inventory object first (it decides), then to D1, then the city's version moves so cached
 * searches stop showing the old nights (docs/stays.md "Operator endpoints").
 */
export function registerStaysOperatorRoutes(app: App, isolate: IsolateState, engine: StaysEngineHooks): void {
  const deps = (services: Services): StaysOperatorDeps => ({
    db: services.db,
    applyOperatorChanges: (id, changes) => engine.applyOperatorChanges(services, id, changes),
    bumpCities: (cities) => staysVersions(services, isolate).bump(cities.map(cityScope)),
    now: () => services.clock.now(),
    newId: (prefix) => randomId(prefix, 16),
  });
  const answer = (id: string, result: Result<{ nights: number }>) => {
    if (!result.ok) throw new ProblemError(result.error);
    return { data: { property_id: id, nights: result.value.nights } };
  };

  app.openapi(roomCount, async (c) => {
    const { property_id, room_type_id } = c.req.valid("param");
    const body = c.req.valid("json");
    const id = propertyId(property_id);
    const input = {
      propertyId: id,
      roomTypeId: room_type_id,
      roomCount: body.room_count,
      from: body.from,
      reason: body.reason,
    };
    return c.json(answer(id, await setRoomCount({ deps: deps(c.var.services), input })), 200);
  });

  app.openapi(rates, async (c) => {
    const { property_id, room_type_id } = c.req.valid("param");
    const body = c.req.valid("json");
    const id = propertyId(property_id);
    const input = {
      propertyId: id,
      roomTypeId: room_type_id,
      from: body.from,
      to: body.to,
      priceMinor: body.price_minor ?? null,
      minStay: body.min_stay ?? null,
      reason: body.reason,
    };
    return c.json(answer(id, await setRates({ deps: deps(c.var.services), input })), 200);
  });

  app.openapi(closures, async (c) => {
    const body = c.req.valid("json");
    const id = propertyId(c.req.valid("param").property_id);
    const input = {
      propertyId: id,
      roomTypeId: body.room_type_id ?? null,
      kind: body.kind,
      from: body.from,
      to: body.to,
      reason: body.reason,
    };
    return c.json(answer(id, await closeDates({ deps: deps(c.var.services), input })), 200);
  });

  app.openapi(close, async (c) => {
    const { services } = c.var;
    const id = propertyId(c.req.valid("param").property_id);
    const result = await closeProperty({
      deps: deps(services),
      input: { propertyId: id, reason: c.req.valid("json").reason },
    });
    if (!result.ok) throw new ProblemError(result.error);
    // Refunds start now, in the background; the reconcile cron finishes what this does not.
    engine.cancelBookingsOfCancelledUnit(services, c.var.requestId, id);
    return c.json({ data: { property_id: id, status: "closed" as const, refunds: "started" as const } }, 200);
  });
}
