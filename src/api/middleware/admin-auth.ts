import type { MiddlewareHandler } from "hono";
import { constantTimeEqual } from "../../lib/constant-time";
import { authFailureGuard } from "../../ratelimit/auth-failures";
import { budgetId } from "../../ratelimit/caller";
import { rateLimitHeaders, resolvePolicy } from "../../ratelimit/policy";
import { answering } from "../answers";
import type { HttpEnv } from "../context";
import { ProblemError } from "../problem";

/**
 * Operator routes need `Authorization: Bearer <ADMIN_API_KEY>`. Without the secret configured
 * they are closed (403), never open. Mounted after the route's rateLimit, so every attempt
 * spends the route's budget; a wrong key also spends the `auth` budget, and a caller that has
 * spent it is refused (429) before its key is compared. Each wrong key logs `auth_failed`.
 */
export function adminAuth(): MiddlewareHandler<HttpEnv> {
  return answering(checkAdminKey, {
    security: [{ adminKey: [] }],
    problems: [
      { status: 401, description: "`UNAUTHENTICATED`: no `Authorization: Bearer` admin key" },
      { status: 403, description: "`FORBIDDEN`: a wrong key, or no admin key configured on this deployment" },
      { status: 429, description: "`RATE_LIMITED`: too many failed authentications from this network" },
    ],
  });
}

const checkAdminKey: MiddlewareHandler<HttpEnv> = async (c, next) => {
  const { env, clock, log } = c.var.services;
  const policy = resolvePolicy("auth", env);
  const guard = authFailureGuard({ policy, env, now: () => clock.now(), log });
  const caller = budgetId(c.var.caller);

  const wait = await guard.blockedFor(caller);
  if (wait !== null) {
    throw new ProblemError(
      {
        code: "RATE_LIMITED",
        detail: `Too many failed authentications: the budget is ${policy.requests} per ${policy.windowSeconds} s. Retry in ${wait} s.`,
        extra: { policy: "auth", retry_after: wait },
      },
      { ...rateLimitHeaders("auth", policy, 0, wait), "Retry-After": String(wait) },
    );
  }
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer\s+(.+)$/i.exec(header);
  if (!match?.[1]) {
    throw new ProblemError(
      { code: "UNAUTHENTICATED", detail: "Send the admin API key as `Authorization: Bearer <key>`." },
      { "www-authenticate": 'Bearer realm="edgefare-admin"' },
    );
  }
  const expected = c.env.ADMIN_API_KEY;
  if (!expected || !(await constantTimeEqual(match[1].trim(), expected))) {
    await guard.fail(caller);
    log.warn("auth_failed", { scope: "admin", caller, path: c.req.path });
    throw ProblemError.of("FORBIDDEN", "This key may not use operator routes.");
  }
  await next();
};
