import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../../../api/context";
import type { IsolateState } from "../../../api/isolate-state";
import { access } from "../../../api/middleware/access";
import { idempotency } from "../../../api/middleware/idempotency";
import { rateLimit } from "../../../api/middleware/rate-limit";
import { ProblemError } from "../../../api/problem";
import { problemResponses } from "../../../api/schemas";
import { inventoryStub } from "../../../inventory/stub";
import type { EngineActions } from "../../module";
import { createDepartures } from "../operator/create";
import { updateDeparture } from "../operator/update";
import { routeVersions } from "../search/deps";
import { presentDeparture } from "./presenters/departure";
import { CreateDeparturesBody, DepartureIdParam, DeparturePatchBody, DepartureSchema } from "./schemas/departure";

const createRouteDef = createRoute({
  method: "post",
  path: "/v1/admin/departures",
  operationId: "createDepartures",
  tags: ["admin"],
  summary: "Add departures in bulk (all or nothing)",
  middleware: [rateLimit("write"), access.role("admin"), idempotency()] as const,
  request: { body: { required: true, content: { "application/json": { schema: CreateDeparturesBody } } } },
  responses: {
    201: {
      description: "Created",
      content: { "application/json": { schema: z.object({ data: z.object({ ids: z.array(z.string()) }) }) } },
    },
    ...problemResponses(400, 409),
  },
});

const patchRouteDef = createRoute({
  method: "patch",
  path: "/v1/admin/departures/{id}",
  operationId: "updateDeparture",
  tags: ["admin"],
  summary: "Change price, capacity or status (cancellation included) of one departure",
  middleware: [rateLimit("write"), access.inventory((c) => [c.req.param("id") ?? ""])] as const,
  request: {
    params: DepartureIdParam,
    body: { required: true, content: { "application/json": { schema: DeparturePatchBody } } },
  },
  responses: {
    200: {
      description: "The departure after the change",
      content: { "application/json": { schema: DepartureSchema } },
    },
    ...problemResponses(400, 404, 409),
  },
});

export function registerAdminDepartureRoutes(app: App, isolate: IsolateState, engine: EngineActions): void {
  app.openapi(createRouteDef, async (c) => {
    const { services } = c.var;
    const versions = routeVersions(services, isolate);
    const result = await createDepartures({
      deps: { db: services.db, bumpRouteVersions: (pairs) => versions.bump(pairs), now: () => services.clock.now() },
      input: c.req.valid("json").departures.map((d) => ({
        ...(d.id ? { id: d.id } : {}),
        mode: d.mode,
        operator: d.operator,
        number: d.number,
        originCode: d.origin,
        destinationCode: d.destination,
        departsAt: d.departs_at,
        arrivesAt: d.arrives_at,
        fares: d.fares.map((f) => ({
          cabin: f.cabin,
          capacity: f.capacity,
          priceMinor: f.price_minor,
          currency: f.currency,
        })),
      })),
    });
    if (!result.ok) throw new ProblemError(result.error);
    return c.json({ data: result.value }, 201);
  });

  app.openapi(patchRouteDef, async (c) => {
    const { services } = c.var;
    const versions = routeVersions(services, isolate);
    const body = c.req.valid("json");
    const result = await updateDeparture({
      deps: {
        db: services.db,
        inventory: (id) => inventoryStub(services.env, id),
        bumpRouteVersions: (pairs) => versions.bump(pairs),
        now: () => services.clock.now(),
      },
      input: {
        id: c.req.valid("param").id,
        patch: {
          ...(body.status ? { status: body.status } : {}),
          ...(body.fares
            ? {
                fares: body.fares.map((f) => ({
                  cabin: f.cabin,
                  ...(f.capacity !== undefined ? { capacity: f.capacity } : {}),
                  ...(f.price_minor !== undefined ? { priceMinor: f.price_minor } : {}),
                })),
              }
            : {}),
          reason: body.reason,
        },
      },
    });
    if (!result.ok) throw new ProblemError(result.error);
    if (body.status === "cancelled") {
      // Refunds start now, in the background; the reconcile cron finishes what this does not.
      engine.cancelBookingsOfCancelledUnit(services, c.var.requestId, result.value.departure.id);
    }
    return c.json(presentDeparture(result.value), 200);
  });
}
