import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../../../api/context";
import type { IsolateState } from "../../../api/isolate-state";
import { access } from "../../../api/middleware/access";
import { rateLimit } from "../../../api/middleware/rate-limit";
import { ProblemError } from "../../../api/problem";
import { problemResponses } from "../../../api/schemas";
import { updateEvent } from "../operator/update";
import { bumpEventCities, eventVersions } from "../search/deps";
import { EventIdParam } from "./schemas";

const EventPatchBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    description: z.string().trim().min(1).max(4000).optional(),
  })
  .refine((b) => b.name !== undefined || b.description !== undefined, { message: "Change at least one field" });

const patchRoute = createRoute({
  method: "patch",
  path: "/v1/admin/events/{id}",
  operationId: "updateEvent",
  tags: ["admin"],
  summary: "Change an event's name or description (admins, or the event's organiser)",
  middleware: [rateLimit("write"), access.inventory((c) => [c.req.param("id") ?? ""])] as const,
  request: {
    params: EventIdParam,
    body: { required: true, content: { "application/json": { schema: EventPatchBody } } },
  },
  responses: {
    200: {
      description: "The event after the change",
      content: {
        "application/json": {
          schema: z.object({ data: z.object({ id: z.string(), name: z.string(), description: z.string() }) }),
        },
      },
    },
    ...problemResponses(404),
  },
});

export function registerEventAdminRoutes(app: App, isolate: IsolateState): void {
  app.openapi(patchRoute, async (c) => {
    const { services } = c.var;
    const versions = eventVersions(services, isolate);
    const body = c.req.valid("json");
    const result = await updateEvent({
      deps: {
        db: services.db,
        now: () => services.clock.now(),
        bumpCity: (city) => bumpEventCities(versions, [city]),
      },
      input: {
        id: c.req.valid("param").id,
        patch: {
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.description !== undefined ? { description: body.description } : {}),
        },
      },
    });
    if (!result.ok) throw new ProblemError(result.error);
    const { id, name, description } = result.value;
    return c.json({ data: { id, name, description } }, 200);
  });
}
