import type { MiddlewareHandler } from "hono";
import { budgetId } from "../../ratelimit/caller";
import { limiterFor } from "../../ratelimit/limiters";
import { type RateLimitBucket, rateLimitHeaders, resolvePolicy, secondsUntil } from "../../ratelimit/policy";
import { answering, RETRY_AFTER } from "../answers";
import type { HttpEnv } from "../context";
import { ProblemError } from "../problem";

export type { RateLimitBucket } from "../../ratelimit/policy";

/**
 * Sliding-window limit per caller (`c.var.caller`: a verified key, else the client's network)
 * and bucket, in Redis.
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
    const limiter = limiterFor(bucket, policy, env);
    if (!limiter) return next();

    const identifier = budgetId(c.var.caller);
    let outcome: Awaited<ReturnType<typeof limiter.limit>>;
    try {
      outcome = await c.var.timing.measure("ratelimit", () => limiter.limit(identifier));
    } catch (error) {
      log.warn("rate_limit_unavailable", { bucket, error: error instanceof Error ? error.message : String(error) });
      return next();
    }
    if (outcome.reason === "timeout") {
      log.warn("rate_limit_unavailable", { bucket, error: "timed out" });
      return next();
    }
    waitUntil(outcome.pending);

    const resetIn = secondsUntil(outcome.reset, clock.now());
    const headers = rateLimitHeaders(bucket, policy, outcome.remaining, resetIn);
    if (!outcome.success) {
      throw new ProblemError(
        {
          code: "RATE_LIMITED",
          detail: `Too many ${bucket} requests: the budget is ${policy.requests} per ${policy.windowSeconds} s. Retry in ${resetIn} s.`,
          extra: { policy: bucket, retry_after: resetIn },
        },
        { ...headers, "Retry-After": String(resetIn) },
      );
    }
    await next();
    // Appended: a later check (a wrong admin key's `auth` budget) may have named its own policy.
    // Both fields are structured-field lists, so one response can carry several policies.
    for (const [name, value] of Object.entries(headers)) c.header(name, value, { append: true });
  };
}
