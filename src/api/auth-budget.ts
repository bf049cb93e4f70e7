import type { Context } from "hono";
import { type AuthFailureGuard, authFailureGuard } from "../ratelimit/auth-failures";
import { budgetId } from "../ratelimit/caller";
import { rateLimitHeaders, resolvePolicy } from "../ratelimit/policy";
import type { HttpEnv } from "./context";
import { ProblemError } from "./problem";

/**
 * The network's `auth` budget, checked before any credential is compared (the right one included:
 * otherwise the block would only hide the answer to wrong guesses). Throws 429 when it is spent;
 * else answers the guard a failure is recorded with, and the caller's budget id.
 */
export async function authBudget(c: Context<HttpEnv>): Promise<{ guard: AuthFailureGuard; caller: string }> {
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
  return { guard, caller };
}
