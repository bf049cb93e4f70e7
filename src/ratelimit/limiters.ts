import { Ratelimit } from "@upstash/ratelimit";
import { createRedis, REDIS_TIMEOUT_MS } from "../cache/redis-client";
import type { Secrets } from "../env";
import type { RateLimitBucket, RateLimitPolicy } from "./policy";

/**
 * Limiters live as long as the isolate (module scope), one per bucket, budget and Redis config,
 * each with its own ephemeral cache: an identifier already over budget is refused from memory
 * until its window resets, without a Redis round trip (the upstash/ratelimit-js Workers recipe).
 */
const limiters = new Map<string, Ratelimit>();
// Bounds the map if configs churn (tests use many); production has one config, so three limiters.
const MAX_LIMITERS = 64;

export function limiterFor(bucket: RateLimitBucket, policy: RateLimitPolicy, env: Secrets): Ratelimit | null {
  const url = env.UPSTASH_REDIS_REST_URL;
  const token = env.UPSTASH_REDIS_REST_TOKEN;
  if (!url || !token) return null;
  const key = [bucket, policy.requests, policy.windowSeconds, url, token].join("|");
  const existing = limiters.get(key);
  if (existing) return existing;
  const redis = createRedis(env);
  if (!redis) return null;
  const limiter = new Ratelimit({
    redis,
    limiter: Ratelimit.slidingWindow(policy.requests, `${policy.windowSeconds} s`),
    prefix: `edgefare:rl:${bucket}`,
    ephemeralCache: new Map(),
    analytics: false,
    // A backstop only: each Redis call already aborts after REDIS_TIMEOUT_MS, and a NOSCRIPT
    // fallback makes two calls.
    timeout: 2 * REDIS_TIMEOUT_MS + 50,
  });
  if (limiters.size >= MAX_LIMITERS) limiters.clear();
  limiters.set(key, limiter);
  return limiter;
}
