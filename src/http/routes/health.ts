import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../app";

const BindingStatus = z.object({
  status: z.enum(["ok", "error", "not_configured"]),
  latency_ms: z.number().optional(),
  detail: z.string().optional(),
});

const HealthResponse = z
  .object({
    status: z.enum(["ok", "degraded"]),
    time: z.string(),
    bindings: z.record(z.string(), BindingStatus),
  })
  .openapi("Health");

const route = createRoute({
  method: "get",
  path: "/health",
  operationId: "getHealth",
  tags: ["ops"],
  summary: "Reachability of every binding (D1, KV, Redis when configured)",
  responses: {
    200: { description: "All bindings answer", content: { "application/json": { schema: HealthResponse } } },
    503: { description: "A required binding fails", content: { "application/json": { schema: HealthResponse } } },
  },
});

type Check = z.infer<typeof BindingStatus>;

async function probe(work: () => Promise<unknown>): Promise<Check> {
  const started = performance.now();
  try {
    await work();
    return { status: "ok", latency_ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { status: "error", detail: error instanceof Error ? error.message : String(error) };
  }
}

export function registerHealthRoutes(app: App): void {
  app.openapi(route, async (c) => {
    const { env, redis } = c.var.services;
    const [d1, kv, redisCheck] = await Promise.all([
      probe(() => env.DB.prepare("SELECT 1").first()),
      probe(() => env.ROUTE_CACHE.get("health:probe")),
      redis ? probe(() => redis.ping()) : Promise.resolve<Check>({ status: "not_configured" }),
    ]);
    // Redis is optional: its failure degrades search (a cache tier, rate limits) but does not stop it.
    const required = d1.status === "ok" && kv.status === "ok";
    const body = {
      status: required && redisCheck.status !== "error" ? ("ok" as const) : ("degraded" as const),
      time: new Date().toISOString(),
      bindings: { d1, kv, redis: redisCheck },
    };
    return c.json(body, required ? 200 : 503);
  });
}
