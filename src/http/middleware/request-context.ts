import type { Context, MiddlewareHandler } from "hono";
import type { HttpEnv } from "../../api/context";
import { setResponseHeader } from "../../api/response-headers";
import { ServerTiming } from "../../api/server-timing";
import { buildServices } from "../../api/services";
import { idempotencyOwner } from "../../idempotency/request";
import { randomId } from "../../lib/ids";
import { jsonLogger, type Logger } from "../../lib/logger";
import type { MetricsBuffer } from "../../metrics/buffer";
import { bufferedMetrics } from "../../metrics/recorder";
import { resolveCaller } from "../../ratelimit/caller";
import { recordingPolicy, recordingWeight } from "../request-recording";

const REQUEST_ID = /^[A-Za-z0-9_.:-]{8,128}$/;

/**
 * Gives every request an id (a well-formed incoming X-Request-Id is kept, so a client can
 * correlate), its services, and one metrics event when it ends (buffered per isolate: `metrics`
 * is the isolate's buffer), with a structured log line unless it is a fast, successful read
 * sampled out (src/http/request-recording.ts).
 */
export const requestContext =
  (metrics: MetricsBuffer): MiddlewareHandler<HttpEnv> =>
  async (c, next) => {
    const started = performance.now();
    const incoming = c.req.header("x-request-id");
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomId("req");
    const log = jsonLogger({ request_id: requestId });
    c.set("requestId", requestId);
    c.set("timing", new ServerTiming());
    const caller = await resolveCaller(c.req.raw.headers);
    c.set("caller", caller);
    c.set("idempotencyOwner", idempotencyOwner(caller));
    const background = backgroundRunner(c, log);
    const recorder = bufferedMetrics({ env: c.env, buffer: metrics, waitUntil: background, log });
    c.set("services", buildServices(c.env, background, log, recorder));
    try {
      await next();
    } finally {
      setResponseHeader(c, "x-request-id", requestId);
      const durationMs = Math.round((performance.now() - started) * 10) / 10;
      const tier = c.get("cacheTier") ?? null;
      const { method } = c.req;
      const status = c.res.status;
      const weight = recordingWeight({ method, status, durationMs }, recordingPolicy(c.env));
      if (weight > 0) {
        log.info("request", {
          method,
          route: c.req.routePath,
          path: c.req.path,
          status,
          cache_tier: tier,
          duration_ms: durationMs,
          ...(weight === 1 ? {} : { weight }),
        });
      }
      recorder.record({ kind: "request", method, route: c.req.routePath, status, tier, durationMs, weight });
    }
  };

/** app.request() in unit tests has no ExecutionContext; background work then just runs. */
function backgroundRunner(c: Context<HttpEnv>, log: Logger) {
  const keep = (p: Promise<unknown>) =>
    p.catch((error: unknown) => log.error("background_task_failed", { error: String(error) }));
  try {
    const ctx = c.executionCtx;
    return (p: Promise<unknown>) => ctx.waitUntil(keep(p));
  } catch {
    return (p: Promise<unknown>) => void keep(p);
  }
}
