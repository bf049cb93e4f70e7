import { z } from "zod";
import { RATE_LIMITS } from "../config";

export type RateLimitBucket = keyof typeof RATE_LIMITS;

export interface RateLimitPolicy {
  requests: number;
  windowSeconds: number;
}

const Override = z.object({ requests: z.int().positive(), windowSeconds: z.int().positive() }).partial();
const Overrides = z.partialRecord(z.enum(["search", "write", "lookup", "door", "auth"]), Override);

/**
 * The budget for a bucket: RATE_LIMITS, unless a test set RATE_LIMIT_OVERRIDES (JSON such as
 * `{"search":{"requests":3}}`). Overrides count only when ENVIRONMENT is "test", so a stray
 * variable in production cannot loosen the limits. A malformed override is a test bug: it throws.
 */
export function resolvePolicy(
  bucket: RateLimitBucket,
  env: { ENVIRONMENT?: string; RATE_LIMIT_OVERRIDES?: string },
): RateLimitPolicy {
  const base = RATE_LIMITS[bucket];
  if (env.ENVIRONMENT !== "test" || !env.RATE_LIMIT_OVERRIDES) return base;
  const override = Overrides.parse(JSON.parse(env.RATE_LIMIT_OVERRIDES))[bucket];
  return { ...base, ...override };
}

/**
 * Header fields of draft-ietf-httpapi-ratelimit-headers-10/-11 (structured fields): the policy
 * (`q` quota, `w` window in seconds) and what is left of it (`r` remaining, `t` seconds until
 * the quota resets). The bucket name is the policy name, so clients can tell the budgets apart.
 */
export function rateLimitHeaders(
  bucket: RateLimitBucket,
  policy: RateLimitPolicy,
  remaining: number,
  resetInSeconds: number,
): Record<string, string> {
  return {
    "RateLimit-Policy": `"${bucket}";q=${policy.requests};w=${policy.windowSeconds}`,
    RateLimit: `"${bucket}";r=${Math.max(0, remaining)};t=${resetInSeconds}`,
  };
}

/** Whole seconds until `resetAtMs`, never less than 1: "retry in 0 s" invites a hot loop. */
export function secondsUntil(resetAtMs: number, nowMs: number): number {
  return Math.max(1, Math.ceil((resetAtMs - nowMs) / 1000));
}
