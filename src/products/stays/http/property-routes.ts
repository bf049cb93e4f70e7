import { createRoute } from "@hono/zod-openapi";
import type { App } from "../../../api/context";
import { access } from "../../../api/middleware/access";
import { rateLimit } from "../../../api/middleware/rate-limit";
import { ProblemError } from "../../../api/problem";
import { problemResponses } from "../../../api/schemas";
import { roomTypeCalendar } from "../details/calendar";
import { loadProperty, PROPERTY_ID } from "../details/load-property";
import { presentCalendar, presentProperty } from "./presenters/property";
import { CalendarQuerySchema, CalendarResponseSchema, PropertyIdParam, PropertySchema } from "./schemas/property";

const details = createRoute({
  method: "get",
  path: "/v1/stays/{property_id}",
  operationId: "getProperty",
  tags: ["stays"],
  middleware: [rateLimit("search"), access.open("search")] as const,
  summary: "One property: room types with occupancy, rate rules and cancellation terms, photos, policies",
  request: { params: PropertyIdParam },
  responses: {
    200: { description: "The property", content: { "application/json": { schema: PropertySchema } } },
    ...problemResponses(404),
  },
});

const calendar = createRoute({
  method: "get",
  path: "/v1/stays/{property_id}/availability",
  operationId: "getRoomTypeAvailability",
  tags: ["stays"],
  middleware: [rateLimit("search"), access.open("search")] as const,
  summary: "A room type's nights over a date range: rooms left (advisory), price, closures, minimum stay",
  request: { params: PropertyIdParam, query: CalendarQuerySchema },
  responses: {
    200: { description: "One entry per night", content: { "application/json": { schema: CalendarResponseSchema } } },
    ...problemResponses(404),
  },
});

/** An id that cannot be a property's is refused before any query. */
function notFound(id: string): ProblemError {
  return ProblemError.of("PROPERTY_NOT_FOUND", `No property has the id '${id}'.`);
}

export function registerPropertyRoutes(app: App): void {
  app.openapi(details, async (c) => {
    const { property_id: id } = c.req.valid("param");
    if (!PROPERTY_ID.test(id)) throw notFound(id);
    const { services } = c.var;
    const found = await loadProperty(services.db, id);
    if (!found) throw notFound(id);
    c.header("Cache-Control", "public, max-age=60");
    return c.json(presentProperty(found), 200);
  });

  app.openapi(calendar, async (c) => {
    const { property_id: id } = c.req.valid("param");
    if (!PROPERTY_ID.test(id)) throw notFound(id);
    const q = c.req.valid("query");
    const { services } = c.var;
    const result = await roomTypeCalendar({
      deps: { db: services.db, now: () => services.clock.now() },
      input: { propertyId: id, roomTypeId: q.room_type_id, from: q.from, to: q.to },
    });
    if (!result.ok) throw new ProblemError(result.error);
    c.header("Cache-Control", "public, max-age=15");
    return c.json(presentCalendar(result.value), 200);
  });
}
