import type { MiddlewareHandler } from "hono";
import { budgetId } from "../../ratelimit/caller";
import type { RateLimits } from "../../ratelimit/limiters";
import { type RateLimitBucket, rateLimitHeaders, resolvePolicy, secondsUntil } from "../../ratelimit/policy";
import { answering, RETRY_AFTER } from "../answers";
import type { HttpEnv } from "../context";
import { ProblemError } from "../problem";
import { setResponseHeader } from "../response-headers";

export type { RateLimitBucket } from "../../ratelimit/policy";

/** Hands every request the isolate's rate limits (leases and limiters outlive the request). */
export function rateLimitState(rateLimits: RateLimits): MiddlewareHandler<HttpEnv> {
  return async (c, next) => {
    c.set("rateLimits", rateLimits);
    await next();
  };
}

/**
 * Sliding-window limit per caller (`c.var.caller`: a verified key, else the client's network)
 * and bucket, counted in Redis and spent from token leases held by the isolate
 * (src/ratelimit/leases.ts: a busy caller costs one Redis command per lease, not per request).
 *
 * - Every limited response, allowed, refused or failed downstream, carries RateLimit-Policy and
 *   RateLimit; a refusal is a 429 RATE_LIMITED problem with Retry-After.
 * - Without Redis configured nothing is limited and no header is sent: we would be advertising
 *   a budget nobody enforces.
 * - When Redis fails or is slower than its deadline, the request goes through (fail open, one
 *   warning): losing the limiter for a while is cheaper than refusing every search, and writes
 *   are still guarded by their own rules (holds in the inventory Durable Object, idempotency).
 */
export function rateLimit(bucket: RateLimitBucket): MiddlewareHandler<HttpEnv> {
  return answering(limit(bucket), {
    problems: [
      {
        status: 429,
        description: `\`RATE_LIMITED\`: over the \`${bucket}\` budget (with Redis configured); retry after \`Retry-After\``,
        headers: RETRY_AFTER,
      },
    ],
  });
}

function limit(bucket: RateLimitBucket): MiddlewareHandler<HttpEnv> {
  return async (c, next) => {
    const { env, log, waitUntil, clock } = c.var.services;
    const { caller } = c.var;
    // A partner key with a budget of its own spends it in every bucket; everyone else the bucket's.
    const policy =
      caller.kind === "key" && caller.requestsPerMinute !== null
        ? { requests: caller.requestsPerMinute, windowSeconds: 60 }
        : resolvePolicy(bucket, env);
    const leases = c.var.rateLimits.leasesFor(bucket, policy, env);
    if (!leases) return next();

    const decision = await c.var.timing.measure("ratelimit", () => leases.take(budgetId(c.var.caller), waitUntil));
    if (decision.kind === "unavailable") {
      log.warn("rate_limit_unavailable", { bucket, error: decision.error });
      return next();
    }
    const resetIn = secondsUntil(decision.reset, clock.now());
    if (decision.kind === "refused") {
      throw new ProblemError(
        {
          code: "RATE_LIMITED",
          detail: `Too many ${bucket} requests: the budget is ${policy.requests} per ${policy.windowSeconds} s. Retry in ${resetIn} s.`,
          extra: { policy: bucket, retry_after: resetIn },
        },
        { ...rateLimitHeaders(bucket, policy, 0, resetIn), "Retry-After": String(resetIn) },
      );
    }
    const headers = rateLimitHeaders(bucket, policy, decision.remaining, resetIn);
    await next();
    // Appended: a later check (a wrong admin key's `auth` budget) may have named its own policy.
    // Both fields are structured-field lists, so one response can carry several policies.
    for (const [name, value] of Object.entries(headers)) setResponseHeader(c, name, value, { append: true });
  };
}
