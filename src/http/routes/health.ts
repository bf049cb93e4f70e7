import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../../api/context";
import { access } from "../../api/middleware/access";
import { rateLimit } from "../../api/middleware/rate-limit";
import { problemResponses } from "../../api/schemas";
import type { Services } from "../../api/services";
import { HEALTH_POLICY } from "../../config";
import { overdue, SharedWork } from "../../lib/shared-work";

const STATUSES = ["ok", "error", "not_configured"] as const;

const BindingDetail = z.object({
  status: z.enum(STATUSES),
  latency_ms: z.number().optional(),
  detail: z.string().optional().openapi({ description: "The binding's error message" }),
});

const HealthDetail = z
  .object({
    status: z.enum(["ok", "degraded"]),
    time: z.string(),
    bindings: z.record(z.string(), BindingDetail),
  })
  .openapi("HealthDetail");

/** What anyone may know: up or down, per binding. Messages and latencies are for operators. */
const Health = z
  .object({
    status: z.enum(["ok", "degraded"]),
    time: z.string(),
    bindings: z.record(z.string(), z.object({ status: z.enum(STATUSES) })),
  })
  .openapi("Health");

const publicRoute = createRoute({
  middleware: [access.open(null)] as const,
  method: "get",
  path: "/health",
  operationId: "getHealth",
  tags: ["ops"],
  summary: "Up or down, per binding (D1, KV, Redis when configured)",
  description: `Probed at most once per ${HEALTH_POLICY.publicMemoSeconds} s per isolate. Details: GET /v1/admin/health.`,
  responses: {
    200: { description: "All required bindings answer", content: { "application/json": { schema: Health } } },
    503: { description: "A required binding fails", content: { "application/json": { schema: Health } } },
  },
});

const adminRoute = createRoute({
  method: "get",
  path: "/v1/admin/health",
  operationId: "getHealthDetails",
  tags: ["admin"],
  summary: "Each binding's reachability, latency and error message, probed now",
  middleware: [rateLimit("lookup"), access.role("admin")] as const,
  responses: {
    200: { description: "All required bindings answer", content: { "application/json": { schema: HealthDetail } } },
    503: { description: "A required binding fails", content: { "application/json": { schema: HealthDetail } } },
    ...problemResponses(401, 403, 429),
  },
});

type Check = z.infer<typeof BindingDetail>;
export type HealthReport = z.infer<typeof HealthDetail>;

async function probe(work: () => Promise<unknown>): Promise<Check> {
  const started = performance.now();
  try {
    await work();
    return { status: "ok", latency_ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { status: "error", detail: error instanceof Error ? error.message : String(error) };
  }
}

async function probeBindings({ env, redis }: Pick<Services, "env" | "redis">): Promise<HealthReport> {
  const [d1, kv, redisCheck] = await Promise.all([
    // Raw: the probe asks D1 itself, depending on no table, and drizzle has no select without one.
    probe(() => env.DB.prepare("SELECT 1").first()),
    probe(() => env.ROUTE_CACHE.get("health:probe")),
    redis ? probe(() => redis.ping()) : Promise.resolve<Check>({ status: "not_configured" }),
  ]);
  // Redis is optional: its failure degrades search (a cache tier, rate limits) but does not stop it.
  const required = d1.status === "ok" && kv.status === "ok";
  return {
    status: required && redisCheck.status !== "error" ? "ok" : "degraded",
    time: new Date().toISOString(),
    bindings: { d1, kv, redis: redisCheck },
  };
}

const httpStatus = (r: HealthReport) => (r.bindings.d1?.status === "ok" && r.bindings.kv?.status === "ok" ? 200 : 503);

/** A probe taking longer than this is not waited for: the request probes itself. */
const HEALTH_JOIN_MAX_WAIT_MS = 2_000;

export function registerHealthRoutes(app: App): void {
  // The last public probe, reused until `until` (epoch ms): one app per isolate, so one per isolate.
  let last: { until: number; report: SharedWork<HealthReport> } | undefined;
  app.openapi(publicRoute, async (c) => {
    // Unauthenticated and unlimited, so an isolate probes at most once per few seconds: a flood of
    // /health costs no more D1, KV or Redis calls than one client polling.
    const now = Date.now();
    let report: HealthReport;
    const memo = last;
    const joined = memo && memo.until > now ? await memo.report.join(HEALTH_JOIN_MAX_WAIT_MS) : overdue;
    if (joined !== overdue) {
      report = joined;
    } else {
      const probe = probeBindings(c.var.services);
      last = { until: now + HEALTH_POLICY.publicMemoSeconds * 1000, report: new SharedWork(probe) };
      // Shared with every request for a few seconds: it must outlive this one, whose I/O Workers
      // cancel if its client disconnects. Others join it on their own timers (src/lib/shared-work.ts).
      c.var.services.waitUntil(probe);
      report = await probe;
    }
    const bindings = Object.fromEntries(
      Object.entries(report.bindings).map(([name, b]) => [name, { status: b.status }]),
    );
    return c.json({ status: report.status, time: report.time, bindings }, httpStatus(report));
  });

  app.openapi(adminRoute, async (c) => {
    const report = await probeBindings(c.var.services);
    return c.json(report, httpStatus(report));
  });
}
