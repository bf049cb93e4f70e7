import { Ratelimit } from "@upstash/ratelimit";
import { createRedis, REDIS_TIMEOUT_MS } from "../cache/redis-client";
import type { Secrets } from "../env";
import { LeaseBook } from "./leases";
import type { RateLimitBucket, RateLimitPolicy } from "./policy";

// Bounds a registry if configs churn (tests use many); production has one config per bucket.
const MAX_LIMITERS = 64;

const configKey = (bucket: RateLimitBucket, policy: RateLimitPolicy, env: Secrets) =>
  [bucket, policy.requests, policy.windowSeconds, env.UPSTASH_REDIS_REST_URL, env.UPSTASH_REDIS_REST_TOKEN].join("|");

/**
 * A sliding-window limiter for one bucket and budget, with its own ephemeral cache: an
 * identifier Redis refused is refused from memory until its window resets, without a Redis
 * round trip (the upstash/ratelimit-js Workers recipe). Null without Redis configured.
 */
export function createLimiter(bucket: RateLimitBucket, policy: RateLimitPolicy, env: Secrets): Ratelimit | null {
  const redis = createRedis(env);
  if (!redis) return null;
  return new Ratelimit({
    redis,
    limiter: Ratelimit.slidingWindow(policy.requests, `${policy.windowSeconds} s`),
    prefix: `edgefare:rl:${bucket}`,
    ephemeralCache: new Map(),
    analytics: false,
    // A backstop only: each Redis call already aborts after REDIS_TIMEOUT_MS, and a NOSCRIPT
    // fallback makes two calls.
    timeout: 2 * REDIS_TIMEOUT_MS + 50,
  });
}

function remember<T>(registry: Map<string, T>, key: string, make: () => T | null): T | null {
  const existing = registry.get(key);
  if (existing) return existing;
  const made = make();
  if (!made) return null;
  if (registry.size >= MAX_LIMITERS) registry.clear();
  registry.set(key, made);
  return made;
}

const limiters = new Map<string, Ratelimit>();

/**
 * One limiter per bucket, budget and Redis config for the whole module, one command per call:
 * for budgets spent rarely (failed authentication, src/ratelimit/auth-failures.ts).
 */
export function limiterFor(bucket: RateLimitBucket, policy: RateLimitPolicy, env: Secrets): Ratelimit | null {
  return remember(limiters, configKey(bucket, policy, env), () => createLimiter(bucket, policy, env));
}

/**
 * The rate limits of one isolate (IsolateState.rateLimits): per bucket, budget and Redis config,
 * a limiter and the callers' token leases (src/ratelimit/leases.ts). Two app instances with a
 * state each behave as two isolates, which is how the tests check the bound across isolates.
 */
export class RateLimits {
  private readonly books = new Map<string, LeaseBook>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Null without Redis configured: nothing is limited then. */
  leasesFor(bucket: RateLimitBucket, policy: RateLimitPolicy, env: Secrets): LeaseBook | null {
    return remember(this.books, configKey(bucket, policy, env), () => {
      const limiter = createLimiter(bucket, policy, env);
      return limiter && new LeaseBook(limiter, policy.requests, this.now);
    });
  }
}
