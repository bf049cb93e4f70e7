import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../../api/context";
import type { IsolateState } from "../../api/isolate-state";
import { access } from "../../api/middleware/access";
import { rateLimit } from "../../api/middleware/rate-limit";
import { ProblemError } from "../../api/problem";
import { problemResponses, queryInteger } from "../../api/schemas";
import { METRICS_POLICY } from "../../config";
import { readSummary } from "../../metrics/read";
import { flushNow } from "../../metrics/recorder";
import { metricsReport, requestTotals } from "../../metrics/report";

const iso = (minute: number) => new Date(minute * 60_000).toISOString();
const Ms = z.number().nullable().openapi({ description: "Upper bound of the histogram bucket, ms; null: no data" });

const MetricsSchema = z
  .object({
    window: z.object({ from: z.string(), to: z.string(), minutes: z.number().int() }),
    requests: z.object({ count: z.number().int(), errors: z.number().int(), error_rate: z.number(), p95_ms: Ms }),
    routes: z.array(
      z.object({
        route: z.string().openapi({ example: "GET /v1/search" }),
        tier: z.string().nullable().openapi({ description: "Cache tier that answered: memory, kv, redis, origin" }),
        count: z.number().int(),
        errors: z.number().int(),
        p50_ms: Ms,
        p95_ms: Ms,
        p99_ms: Ms,
      }),
    ),
    cache: z.object({
      answers: z.number().int(),
      tier_ratio: z.record(z.string(), z.number()),
      hit_ratio: z.number().nullable(),
    }),
    holds: z.object({
      granted: z.number().int(),
      refused: z.number().int(),
      refused_by_code: z.record(z.string(), z.number().int()),
    }),
    queues: z.array(
      z.object({ queue: z.string(), messages: z.number().int(), retries: z.number().int(), lag_p95_ms: Ms }),
    ),
    dead_letters: z.record(z.string(), z.number().int()),
    payments: z.record(z.string(), z.number().int()),
    emails: z.object({ sent: z.number().int(), failed: z.number().int() }),
    invariant_failures: z.array(z.object({ unit_id: z.string(), violations: z.number().int() })),
    per_minute: z.array(
      z.object({ minute: z.string(), requests: z.number().int(), errors: z.number().int(), p95_ms: Ms }),
    ),
  })
  .openapi("Metrics");

const route = createRoute({
  method: "get",
  path: "/v1/admin/metrics",
  operationId: "getMetrics",
  tags: ["admin"],
  summary: "The rolling summary of the last hour: latency, errors, cache tiers, holds, queues, payments, emails",
  middleware: [rateLimit("lookup"), access.role("admin")] as const,
  request: {
    query: z.object({
      minutes: queryInteger({ min: 1, max: METRICS_POLICY.windowMinutes })
        .default(METRICS_POLICY.windowMinutes)
        .openapi({ default: METRICS_POLICY.windowMinutes }),
    }),
  },
  responses: {
    200: { description: "The summary", content: { "application/json": { schema: MetricsSchema } } },
    ...problemResponses(400, 503),
  },
});

export function registerAdminMetricsRoutes(app: App, isolate: Pick<IsolateState, "metrics">): void {
  app.openapi(route, async (c) => {
    const { env, log, clock } = c.var.services;
    // This isolate's own recent events first, so a quiet deployment reads what it just did.
    await flushNow({ env, buffer: isolate.metrics, log });
    const { minutes } = c.req.valid("query");
    const read = await readSummary({ deps: { env, log }, input: { now: clock.now(), minutes } });
    if (!read.ok) throw new ProblemError(read.error);
    const { fromMinute, toMinute, total, byMinute } = read.value;
    return c.json(
      {
        window: { from: iso(fromMinute), to: iso(toMinute + 1), minutes: toMinute - fromMinute + 1 },
        ...metricsReport(total),
        per_minute: byMinute.map(({ minute, tally }) => {
          const t = requestTotals(tally);
          return { minute: iso(minute), requests: t.count, errors: t.errors, p95_ms: t.p95Ms };
        }),
      },
      200,
    );
  });
}
