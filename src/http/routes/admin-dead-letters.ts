import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../../api/context";
import { access } from "../../api/middleware/access";
import { idempotency } from "../../api/middleware/idempotency";
import { rateLimit } from "../../api/middleware/rate-limit";
import { pageLinks } from "../../api/page";
import { ProblemError } from "../../api/problem";
import { PageLinksSchema, problemResponses, queryInteger } from "../../api/schemas";
import { validationHookWith } from "../../api/validation-hook";
import { type DeadLetterView, listDeadLetters } from "../../dead-letters/list";
import { replayDeadLetter } from "../../dead-letters/replay";
import { producerFor, WORK_QUEUES } from "../../queues";

const iso = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString();

const DeadLetterSchema = z
  .object({
    id: z.string().openapi({ example: "dlt_3f9a0c1b2d4e5f6a7b8c9d0e" }),
    queue: z.string().openapi({ description: "The work queue the message belongs to; a replay goes back there" }),
    message_id: z.string(),
    body: z.unknown().openapi({ description: "The original message body, as JSON" }),
    attempts: z.number().int().openapi({ description: "Deliveries to the consumer that gave up" }),
    created_at: z.string(),
    replayed_at: z.string().nullable(),
  })
  .openapi("DeadLetter");

const ListQuery = z.object({
  queue: z.enum(WORK_QUEUES).optional(),
  limit: queryInteger({ min: 1, max: 100 }).default(20).openapi({ default: 20 }),
  cursor: z.string().max(512).optional().openapi({ description: "From meta.next_cursor of the previous page" }),
});

const listRoute = createRoute({
  method: "get",
  path: "/v1/admin/dead-letters",
  operationId: "listDeadLetters",
  tags: ["admin"],
  summary: "Queue messages that exhausted their retries, newest first",
  middleware: [rateLimit("lookup"), access.role("admin")] as const,
  request: { query: ListQuery },
  responses: {
    200: {
      description: "One page of dead letters",
      content: {
        "application/json": {
          schema: z.object({
            data: z.array(DeadLetterSchema),
            meta: z.object({ count: z.number().int(), next_cursor: z.string().nullable() }),
            links: PageLinksSchema,
          }),
        },
      },
    },
    ...problemResponses(400),
  },
});

const replayRoute = createRoute({
  method: "post",
  path: "/v1/admin/dead-letters/{id}/replay",
  operationId: "replayDeadLetter",
  tags: ["admin"],
  summary: "Send a dead letter's original body back to its queue (once)",
  middleware: [rateLimit("write"), access.role("admin"), idempotency()] as const,
  request: {
    params: z.object({
      id: z
        .string()
        .max(64)
        .openapi({ param: { name: "id", in: "path" } }),
    }),
  },
  responses: {
    202: {
      description: "Re-enqueued; the consumer handles it like any other message",
      content: {
        "application/json": {
          schema: z.object({ data: DeadLetterSchema.pick({ id: true, queue: true, replayed_at: true }) }),
        },
      },
    },
    ...problemResponses(404, 409, 503),
  },
});

export function registerAdminDeadLetterRoutes(app: App): void {
  app.openapi(
    listRoute,
    async (c) => {
      const query = c.req.valid("query");
      const result = await listDeadLetters({ deps: { db: c.var.services.db }, input: query });
      if (!result.ok) throw new ProblemError(result.error);
      return c.json(
        {
          data: result.value.items.map(present),
          meta: { count: result.value.items.length, next_cursor: result.value.nextCursor },
          links: pageLinks(result.value.nextCursor, new URL(c.req.url)),
        },
        200,
      );
    },
    validationHookWith({ cursor: "INVALID_CURSOR" }),
  );

  app.openapi(replayRoute, async (c) => {
    const { services } = c.var;
    const result = await replayDeadLetter({
      deps: { db: services.db, producer: (queue) => producerFor(services.env, queue), log: services.log },
      input: { id: c.req.valid("param").id, now: services.clock.now() },
    });
    if (!result.ok) throw new ProblemError(result.error);
    const { id, queue, replayedAt } = result.value;
    return c.json({ data: { id, queue, replayed_at: iso(replayedAt) } }, 202);
  });
}

function present(d: DeadLetterView): z.infer<typeof DeadLetterSchema> {
  return {
    id: d.id,
    queue: d.queue,
    message_id: d.messageId,
    body: d.body,
    attempts: d.attempts,
    created_at: iso(d.createdAt),
    replayed_at: d.replayedAt === null ? null : iso(d.replayedAt),
  };
}
