import type { Context, MiddlewareHandler } from "hono";
import type { HttpEnv } from "../../api/context";
import { ServerTiming } from "../../api/server-timing";
import { buildServices } from "../../api/services";
import { idempotencyOwner } from "../../idempotency/request";
import { randomId } from "../../lib/ids";
import { jsonLogger, type Logger } from "../../lib/logger";
import { resolveCaller } from "../../ratelimit/caller";

const REQUEST_ID = /^[A-Za-z0-9_.:-]{8,128}$/;

/**
 * Gives every request an id (a well-formed incoming X-Request-Id is kept, so a client can
 * correlate), its services, and exactly one structured log line when it ends.
 */
export const requestContext: MiddlewareHandler<HttpEnv> = async (c, next) => {
  const started = performance.now();
  const incoming = c.req.header("x-request-id");
  const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomId("req");
  const log = jsonLogger({ request_id: requestId });
  c.set("requestId", requestId);
  c.set("timing", new ServerTiming());
  const caller = await resolveCaller(c.req.raw.headers);
  c.set("caller", caller);
  c.set("idempotencyOwner", idempotencyOwner(caller));
  c.set("services", buildServices(c.env, backgroundRunner(c, log), log));
  try {
    await next();
  } finally {
    c.header("x-request-id", requestId);
    log.info("request", {
      method: c.req.method,
      route: c.req.routePath,
      path: c.req.path,
      status: c.res.status,
      cache_tier: c.get("cacheTier") ?? null,
      duration_ms: Math.round((performance.now() - started) * 10) / 10,
    });
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
