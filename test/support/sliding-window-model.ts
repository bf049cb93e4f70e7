import type { LimitOutcome, TokenSource } from "../../src/ratelimit/leases";

/**
 * A model of @upstash/ratelimit 2.2's single-region sliding window, as its Lua script and
 * `limit()` behave (node_modules/@upstash/ratelimit/dist/index.js, `slidingWindowLimitScript`):
 * refuse without counting when the weighted count already reaches the budget; otherwise count
 * `rate` tokens, and answer success only if the count is still within the budget (a lease larger
 * than what is left is counted in full and refused). One instance is the shared Redis.
 */
export class SlidingWindowRedis {
  /** Tokens counted per `identifier:window`, as Redis holds them. */
  readonly counted = new Map<string, number>();
  commands = 0;

  constructor(
    readonly budget: number,
    readonly windowMs: number,
    readonly now: () => number,
  ) {}

  eval(identifier: string, rate: number): { remaining: number; reset: number } {
    this.commands++;
    const now = this.now();
    const window = Math.floor(now / this.windowMs);
    const current = this.counted.get(`${identifier}:${window}`) ?? 0;
    const previous = this.counted.get(`${identifier}:${window - 1}`) ?? 0;
    const weighted = Math.floor((1 - (now % this.windowMs) / this.windowMs) * previous);
    const reset = (window + 1) * this.windowMs;
    if (weighted + current >= this.budget) return { remaining: -1, reset };
    const next = current + rate;
    this.counted.set(`${identifier}:${window}`, next);
    return { remaining: this.budget - (next + weighted), reset };
  }
}

/** One isolate's `Ratelimit`: the shared Redis plus the library's ephemeral cache of refusals. */
export class ModelLimiter implements TokenSource {
  private readonly blockedUntil = new Map<string, number>();

  constructor(private readonly redis: SlidingWindowRedis) {}

  async limit(identifier: string, req?: { rate?: number }): Promise<LimitOutcome> {
    await Promise.resolve();
    const blocked = this.blockedUntil.get(identifier) ?? 0;
    const pending = Promise.resolve();
    if (blocked > this.redis.now()) {
      return { success: false, remaining: 0, reset: blocked, reason: "cacheBlock", pending };
    }
    const { remaining, reset } = this.redis.eval(identifier, req?.rate ?? 1);
    const success = remaining >= 0;
    if (!success) this.blockedUntil.set(identifier, reset);
    return { success, remaining: Math.max(0, remaining), reset, pending };
  }
}
