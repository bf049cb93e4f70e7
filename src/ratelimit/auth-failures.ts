import type { Secrets } from "../env";
import type { Logger } from "../lib/logger";
import { limiterFor } from "./limiters";
import type { RateLimitPolicy } from "./policy";

/**
 * Failed authentication spends a budget of its own (`auth` in RATE_LIMITS: 10 wrong keys per
 * 15 minutes per caller network). A caller that has spent it is refused before its key is even
 * compared, the right key included: otherwise the block would only hide the answer to wrong
 * guesses while the right one still got through. A correct key spends nothing.
 *
 * Failures are counted twice, and either count blocks:
 * - in this isolate's memory, always: guessing stays limited without Redis and while Redis is
 *   down (the general limiter fails open; this one must not);
 * - in Redis when configured, so the budget holds across isolates and locations.
 */
export interface AuthFailureGuard {
  /** Seconds until the caller may try again; null when it may try now. */
  blockedFor(callerId: string): Promise<number | null>;
  /** Spends one failure. */
  fail(callerId: string): Promise<void>;
}

export function authFailureGuard(deps: {
  policy: RateLimitPolicy;
  env: Secrets;
  now: () => number;
  log: Logger;
}): AuthFailureGuard {
  const { policy, env, now, log } = deps;
  const windowMs = policy.windowSeconds * 1000;
  const limiter = limiterFor("auth", policy, env);
  const redisFailed = (error: unknown) =>
    log.warn("rate_limit_unavailable", {
      bucket: "auth",
      error: error instanceof Error ? error.message : String(error),
    });

  return {
    async blockedFor(callerId) {
      const at = now();
      let waitMs = memory.blockedForMs(callerId, at, windowMs, policy.requests);
      if (limiter) {
        try {
          const { remaining, reset } = await limiter.getRemaining(callerId);
          if (remaining <= 0) waitMs = Math.max(waitMs, reset - at, 1);
        } catch (error) {
          redisFailed(error);
        }
      }
      return waitMs > 0 ? Math.max(1, Math.ceil(waitMs / 1000)) : null;
    },
    async fail(callerId) {
      memory.add(callerId, now(), windowMs);
      if (!limiter) return;
      try {
        const outcome = await limiter.limit(callerId);
        await outcome.pending;
      } catch (error) {
        redisFailed(error);
      }
    },
  };
}

/**
 * A sliding log of failure times per caller, for one isolate. Bounded: past MAX_CALLERS the
 * oldest-touched callers are forgotten (a guesser flooding it with addresses gains at most its
 * own memory, and Redis still counts).
 */
class FailureLog {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly maxCallers: number) {}

  blockedForMs(callerId: string, at: number, windowMs: number, limit: number): number {
    const recent = this.recent(callerId, at, windowMs);
    if (recent.length < limit) return 0;
    // Free again when enough failures have aged out of the window to leave one attempt.
    const freeing = recent[recent.length - limit];
    return freeing === undefined ? 0 : freeing + windowMs - at;
  }

  add(callerId: string, at: number, windowMs: number): void {
    const recent = this.recent(callerId, at, windowMs);
    recent.push(at);
    this.failures.delete(callerId);
    this.failures.set(callerId, recent);
    if (this.failures.size > this.maxCallers) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
  }

  private recent(callerId: string, at: number, windowMs: number): number[] {
    return (this.failures.get(callerId) ?? []).filter((t) => t > at - windowMs);
  }
}

const memory = new FailureLog(10_000);
