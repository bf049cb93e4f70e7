import { createRoute } from "@hono/zod-openapi";
import type { App } from "../../../api/context";
import { access } from "../../../api/middleware/access";
import { rateLimit } from "../../../api/middleware/rate-limit";
import { ProblemError } from "../../../api/problem";
import { problemResponses } from "../../../api/schemas";
import { loadDeparture } from "../details";
import { presentDeparture } from "./presenters/departure";
import { DepartureIdParam, DepartureSchema } from "./schemas/departure";

const route = createRoute({
  method: "get",
  path: "/v1/departures/{id}",
  operationId: "getDeparture",
  tags: ["search"],
  middleware: [rateLimit("search"), access.open("search")] as const,
  summary: "One departure with its fare classes (seat counts are advisory)",
  request: { params: DepartureIdParam },
  responses: {
    200: { description: "The departure", content: { "application/json": { schema: DepartureSchema } } },
    ...problemResponses(404),
  },
});

export function registerDepartureRoutes(app: App): void {
  app.openapi(route, async (c) => {
    const { services } = c.var;
    const found = await loadDeparture(services.db, c.req.valid("param").id);
    if (!found) throw ProblemError.of("DEPARTURE_NOT_FOUND", `No departure has the id '${c.req.valid("param").id}'.`);
    c.header("Cache-Control", "public, max-age=15");
    return c.json(presentDeparture(found), 200);
  });
}
