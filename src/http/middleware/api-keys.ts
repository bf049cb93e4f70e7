import type { MiddlewareHandler } from "hono";
import { verifyApiKey } from "../../accounts/api-keys";
import { answering } from "../../api/answers";
import { authBudget } from "../../api/auth-budget";
import type { HttpEnv } from "../../api/context";
import { ProblemError } from "../../api/problem";
import { idempotencyOwner } from "../../idempotency/request";
import { presentedApiKey, resolveCaller } from "../../ratelimit/caller";

/**
 * Partner keys, verified before any route: a verified key becomes the caller (its own budget,
 * its idempotency scope) and `c.var.apiKey` (its account, role and scopes). A key that does not
 * verify (unknown, revoked, expired, malformed) is refused with 401 on every route, public ones
 * included, and spends the network's `auth` budget: a made-up key must never buy a fresh
 * anonymous budget, nor pass silently as a guest.
 */
export const apiKeys: MiddlewareHandler<HttpEnv> = answering(
  async (c, next) => {
    c.set("apiKey", null);
    const presented = presentedApiKey(c.req.raw.headers);
    if (!presented) return next();
    const { clock, log, db, waitUntil } = c.var.services;
    const { guard, caller: network } = await authBudget(c);
    const caller = await resolveCaller(c.req.raw.headers, async (key) => {
      const verified = await verifyApiKey({ deps: { db, now: clock.now() }, input: { key } });
      if (!verified) return null;
      if (verified.touch) waitUntil(verified.touch);
      c.set("apiKey", verified);
      return { keyId: verified.id, requestsPerMinute: verified.rateLimitPerMinute };
    });
    if (caller.kind !== "key") {
      await guard.fail(network);
      // The visible prefix only: a full key never reaches a log.
      log.warn("auth_failed", { credential: "api_key", caller: network, key_prefix: presented.slice(0, 12) });
      throw new ProblemError(
        { code: "UNAUTHENTICATED", detail: "The API key is not valid: unknown, revoked or expired." },
        { "www-authenticate": 'Bearer realm="edgefare", error="invalid_token"' },
      );
    }
    c.set("caller", caller);
    c.set("idempotencyOwner", idempotencyOwner(caller));
    await next();
  },
  {
    headers: [
      {
        name: "X-Api-Key",
        description: "A partner API key (`efk_…`); also accepted as `Authorization: Bearer efk_…`",
        schema: { type: "string", maxLength: 128 },
      },
    ],
    problems: [
      { status: 401, description: "`UNAUTHENTICATED`: an API key that is unknown, revoked or expired" },
      { status: 429, description: "`RATE_LIMITED`: too many failed authentications from this network" },
    ],
  },
);
