import { overdue, SharedWork, sleepOnOwnTimer } from "../lib/shared-work";

/**
 * Token leases: an isolate takes several of a caller's tokens from Redis in one command
 * (`limit(id, { rate: n })` of @upstash/ratelimit) and spends them locally, so a busy caller
 * costs one Redis command per lease instead of one per request. Redis stays the source of truth:
 * every token is counted there before it is spent, so leasing never admits more than the
 * library's own count allows.
 *
 * Invariants (test/rate-limit-leases.test.ts checks them against a model of the library's
 * sliding window; test/rate-limit-isolates.test.ts against real Redis with two isolates):
 * - A token is spent only after Redis counted it, and only in the fixed window it was counted in
 *   (a lease expires at the library's `reset`, the end of that window). Requests admitted in a
 *   window, over every isolate, never exceed what the library alone would admit: no overshoot.
 * - What leasing costs is the other direction: tokens an isolate holds but the caller does not
 *   come back for are counted and never spent, and a lease asked for when fewer tokens are left
 *   than it wants is counted in full and refused (the library's sliding window counts a request
 *   whenever one token is left). Each isolate holds at most one lease per caller and bucket, so
 *   with K isolates refusals start no earlier than budget − K × (maxLease − 1) requests into a
 *   window. Leases are kept to an eighth of what Redis last said was left, so near the end of a
 *   budget they shrink to one token, where nothing is lost; budgets under 16 lease one at a time.
 */

/** The part of the library's answer a lease needs. */
export interface LimitOutcome {
  success: boolean;
  remaining: number;
  /** When the fixed window the tokens were counted in ends (epoch ms). */
  reset: number;
  reason?: string;
  pending: Promise<unknown>;
}

/** `Ratelimit` from @upstash/ratelimit, or a model of it in tests. */
export interface TokenSource {
  limit(identifier: string, req?: { rate?: number }): Promise<LimitOutcome>;
}

export type Decision =
  /** `remaining`: what Redis said was left at the lease, plus this isolate's unspent tokens. */
  | { kind: "allowed"; remaining: number; reset: number }
  | { kind: "refused"; reset: number }
  /** Redis failed or was too slow: the caller decides (the middleware fails open). */
  | { kind: "unavailable"; error: string };

export const LEASE_POLICY = {
  /** The most tokens one lease takes, whatever the budget. */
  maxTokens: 64,
  /** A lease takes at most this share of what Redis last said was left (1 / 8). */
  remainingDivisor: 8,
  /** Callers remembered per bucket in one isolate; the least recently seen are forgotten. */
  maxCallers: 10_000,
  /**
   * How long a request waits for another request's lease before asking Redis itself: longer than
   * the limiter's own deadline (src/ratelimit/limiters.ts), so only a lease whose request vanished
   * is given up on.
   */
  waitForOtherMs: 1_000,
} as const;

/** The largest lease a budget ever gets: what the stated bound is computed from. */
export function maxLease(budget: number): number {
  return Math.max(1, Math.min(LEASE_POLICY.maxTokens, Math.floor(budget / LEASE_POLICY.remainingDivisor)));
}

/**
 * How many tokens to ask for. Demand decides (the requests waiting now, and what the last lease
 * showed: all of it spent doubles it, part of it spent is what the caller needs per lease), and
 * what was left caps it, so a caller near its budget, or one just refused, leases one at a time.
 */
export function leaseSize(a: {
  knownRemaining: number;
  waiting: number;
  previous: { size: number; spent: number } | null;
}): number {
  const cap = Math.min(LEASE_POLICY.maxTokens, Math.floor(a.knownRemaining / LEASE_POLICY.remainingDivisor));
  const history =
    a.previous === null ? 1 : a.previous.spent >= a.previous.size ? 2 * a.previous.size : a.previous.spent;
  return Math.max(1, Math.min(cap, Math.max(history, a.waiting)));
}

interface Entry {
  /** Tokens of the current lease not spent yet, valid until `reset`. */
  tokens: number;
  reset: number;
  /** What Redis last said was left (our lease counted); the budget before it has answered. */
  knownRemaining: number;
  /** The current lease: its size and how much of it was spent. Null before the first. */
  lease: { size: number; spent: number } | null;
  /** Requests of this isolate waiting for a token. */
  waiting: number;
  /** The lease being asked for: resolves to null when granted, else to why not. */
  asking: SharedWork<Decision | null> | null;
}

/** One bucket's leases in one isolate, per caller. */
export class LeaseBook {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly source: TokenSource,
    private readonly budget: number,
    private readonly now: () => number = Date.now,
    private readonly maxCallers: number = LEASE_POLICY.maxCallers,
    private readonly sleep: (ms: number) => Promise<void> = sleepOnOwnTimer,
  ) {}

  /**
   * Spends one of the caller's tokens: from this isolate's lease, else from a new one.
   *
   * Requests that find the lease spent while another request asks for one wait for it instead of
   * asking again, but never on that request's promise (src/lib/shared-work.ts: a request resumed
   * by another's I/O ran on in the wrong request's context, and under load with Redis the runtime
   * answered it with its own 500). They join it on timers of their own, and ask Redis themselves if
   * it does not settle in `waitForOtherMs`. The request that asks hands its lease request to `keepAlive`
   * (its waitUntil), so a client that disconnects does not cancel it under the others.
   */
  async take(identifier: string, keepAlive: (work: Promise<unknown>) => void = () => {}): Promise<Decision> {
    const entry = this.entry(identifier);
    entry.waiting++;
    try {
      for (;;) {
        if (entry.tokens > 0 && this.now() < entry.reset) {
          entry.tokens--;
          if (entry.lease) entry.lease.spent++;
          const remaining = entry.knownRemaining + entry.tokens;
          return { kind: "allowed", remaining, reset: entry.reset };
        }
        const other = entry.asking;
        if (other) {
          const failure = await other.join(LEASE_POLICY.waitForOtherMs, this.sleep);
          if (failure === overdue) {
            // Never settled: its request is gone. Forget it, and ask on the next turn.
            if (entry.asking === other) entry.asking = null;
            continue;
          }
          if (failure) return failure;
          continue;
        }
        const mine = new SharedWork(this.ask(identifier, entry, keepAlive));
        entry.asking = mine;
        const done = mine.promise.finally(() => {
          if (entry.asking === mine) entry.asking = null;
        });
        keepAlive(done);
        const failure = await done;
        if (failure) return failure;
      }
    } finally {
      entry.waiting--;
    }
  }

  private async ask(
    identifier: string,
    entry: Entry,
    keepAlive: (work: Promise<unknown>) => void,
  ): Promise<Decision | null> {
    const size = leaseSize({ knownRemaining: entry.knownRemaining, waiting: entry.waiting, previous: entry.lease });
    // What is left of an expired lease was counted in a window that is over: it is not spent.
    entry.tokens = 0;
    let outcome: LimitOutcome;
    try {
      outcome = await this.source.limit(identifier, { rate: size });
    } catch (error) {
      return { kind: "unavailable", error: error instanceof Error ? error.message : String(error) };
    }
    // The library answers success when Redis outlasts its timeout: nothing was granted.
    if (outcome.reason === "timeout") return { kind: "unavailable", error: "timed out" };
    if (!outcome.success) {
      // At its budget (in this window): lease one token at a time from now on.
      entry.knownRemaining = 0;
      entry.lease = null;
      return { kind: "refused", reset: outcome.reset };
    }
    entry.tokens = size;
    entry.reset = outcome.reset;
    entry.knownRemaining = outcome.remaining;
    entry.lease = { size, spent: 0 };
    // The library's background work (none unless analytics are on) stays with this request.
    keepAlive(outcome.pending);
    return null;
  }

  private entry(identifier: string): Entry {
    let entry = this.entries.get(identifier);
    if (entry) {
      // Least recently seen last, so the first key is the one to forget.
      this.entries.delete(identifier);
    } else {
      entry = {
        tokens: 0,
        reset: 0,
        knownRemaining: this.budget,
        lease: null,
        waiting: 0,
        asking: null,
      };
      if (this.entries.size >= this.maxCallers) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
    }
    this.entries.set(identifier, entry);
    return entry;
  }
}
