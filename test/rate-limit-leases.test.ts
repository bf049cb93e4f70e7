import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Decision,
  LEASE_POLICY,
  LeaseBook,
  type LimitOutcome,
  leaseSize,
  maxLease,
} from "../src/ratelimit/leases";
import { ModelLimiter, SlidingWindowRedis } from "./support/sliding-window-model";

const WINDOW_MS = 60_000;

/** K isolates sharing one modelled Redis, on a clock the test moves. */
function isolates(k: number, budget: number, startMs: number) {
  const clock = { at: startMs };
  const redis = new SlidingWindowRedis(budget, WINDOW_MS, () => clock.at);
  const books = Array.from({ length: k }, () => new LeaseBook(new ModelLimiter(redis), budget, () => clock.at));
  return { clock, redis, books };
}

const step = fc.record({
  isolate: fc.nat(),
  /** Requests arriving in that isolate at once (they share one lease request). */
  burst: fc.integer({ min: 1, max: 6 }),
  advanceMs: fc.integer({ min: 0, max: 20_000 }),
});

describe("lease sizes", () => {
  it("stay between one token and an eighth of what was left (64 at most), whatever the demand", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.nat(),
        fc.integer({ min: 1, max: 500 }),
        fc.option(fc.record({ size: fc.integer({ min: 1, max: 64 }), spent: fc.integer({ min: 0, max: 64 }) })),
        (budget, left, waiting, previous) => {
          const knownRemaining = Math.min(budget, left);
          const size = leaseSize({ knownRemaining, waiting, previous });
          expect(size).toBeGreaterThanOrEqual(1);
          expect(size).toBeLessThanOrEqual(maxLease(budget));
          expect(size).toBeLessThanOrEqual(Math.max(1, Math.floor(knownRemaining / 8)));
        },
      ),
    );
  });

  it("double while the caller spends whole leases and fall back to what it spent otherwise", () => {
    const roomy = { knownRemaining: 10_000, waiting: 1 };
    expect(leaseSize({ ...roomy, previous: null })).toBe(1);
    expect(leaseSize({ ...roomy, previous: { size: 8, spent: 8 } })).toBe(16);
    expect(leaseSize({ ...roomy, previous: { size: 64, spent: 64 } })).toBe(64);
    expect(leaseSize({ ...roomy, previous: { size: 16, spent: 3 } })).toBe(3);
    expect(leaseSize({ ...roomy, waiting: 20, previous: { size: 2, spent: 2 } })).toBe(20);
  });

  it("are one token for budgets under 16 (booking lookups at 30 lease 3 at most, auth is not leased)", () => {
    for (const budget of [1, 2, 10, 15]) expect(maxLease(budget)).toBe(1);
    expect(maxLease(30)).toBe(3);
    expect(maxLease(120)).toBe(15);
    expect(maxLease(1_000_000)).toBe(64);
  });
});

describe("token leases against a model of the library's sliding window", () => {
  it("never admit more in a window than Redis counted in it, nor more than the budget, over any isolates and times", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 0, max: 10 * WINDOW_MS }),
        fc.array(step, { minLength: 1, maxLength: 120 }),
        async (k, budget, startMs, steps) => {
          const { clock, redis, books } = isolates(k, budget, startMs);
          const admitted = new Map<number, number>();
          for (const s of steps) {
            clock.at += s.advanceMs;
            const book = books[s.isolate % k] as LeaseBook;
            const decisions = await Promise.all(Array.from({ length: s.burst }, () => book.take("caller")));
            const window = Math.floor(clock.at / WINDOW_MS);
            const allowed = decisions.filter((d) => d.kind === "allowed").length;
            admitted.set(window, (admitted.get(window) ?? 0) + allowed);
          }
          for (const [window, n] of admitted) {
            expect(n).toBeLessThanOrEqual(budget);
            expect(n).toBeLessThanOrEqual(redis.counted.get(`caller:${window}`) ?? 0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("start refusing a caller no earlier than budget − K × (largest lease − 1) requests into a window", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 300 }),
        fc.array(
          step.map((s) => ({ ...s, advanceMs: s.advanceMs % 200 })),
          { minLength: 1, maxLength: 200 },
        ),
        async (k, budget, steps) => {
          const { clock, books } = isolates(k, budget, 7 * WINDOW_MS);
          let admitted = 0;
          let requests = 0;
          for (const s of steps) {
            clock.at += s.advanceMs;
            const book = books[s.isolate % k] as LeaseBook;
            const decisions = await Promise.all(Array.from({ length: s.burst }, () => book.take("caller")));
            requests += decisions.length;
            for (const d of decisions) {
              if (d.kind === "refused") expect(admitted).toBeGreaterThanOrEqual(budget - k * (maxLease(budget) - 1));
              if (d.kind === "allowed") admitted++;
            }
          }
          // One isolate loses nothing: it asks for a lease only once its own is spent.
          if (k === 1) expect(admitted).toBe(Math.min(requests, budget));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("a lease book in one isolate", () => {
  const allowed = (d: Decision) => (d.kind === "allowed" ? d : null);

  it("costs a busy caller one command per lease: 1,000 requests, 21 commands (1, 2, 4 … 64 tokens)", async () => {
    const { redis, books } = isolates(1, 1_000_000, 0);
    for (let i = 0; i < 1000; i++) expect((await books[0]?.take("busy"))?.kind).toBe("allowed");
    expect(redis.commands).toBe(21);
  });

  it("reports what is left as budget minus what was spent, the lease's unspent tokens included", async () => {
    const { books } = isolates(1, 120, 0);
    const seen: number[] = [];
    for (let i = 0; i < 30; i++) seen.push(allowed((await books[0]?.take("c")) as Decision)?.remaining ?? -1);
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => 119 - i));
  });

  it("asks once for requests that arrive together, with a lease sized for those waiting", async () => {
    const { redis, books } = isolates(1, 1_000, 0);
    const decisions = await Promise.all(Array.from({ length: 50 }, () => books[0]?.take("crowd")));
    expect(decisions.every((d) => d?.kind === "allowed")).toBe(true);
    // The first request's lease of one, then one lease for the 49 that waited behind it.
    expect(redis.commands).toBe(2);
  });

  it("keeps a lease request alive with the waitUntil of the request that asked, not of those waiting", async () => {
    // Workers cancel a request's I/O when its client disconnects; the others waiting on its lease
    // request would hang on it.
    const { books } = isolates(1, 1_000, 0);
    const book = books[0] as LeaseBook;
    await book.take("c");
    const kept: Promise<unknown>[] = [];
    const waited: Promise<unknown>[] = [];
    // The next lease is two tokens: one for the request that asks, one for the one that waits.
    const [first, second] = await Promise.all([
      book.take("c", (p) => kept.push(p)),
      book.take("c", (p) => waited.push(p)),
    ]);
    expect([first.kind, second.kind]).toEqual(["allowed", "allowed"]);
    // The lease request and the library's background work for it.
    expect(kept).toHaveLength(2);
    expect(waited).toEqual([]);
  });

  it("wakes a request waiting for another's lease on its own timers, never on the other's promise", async () => {
    // A promise settled by another request's I/O resumes its waiters in that request's context:
    // the runtime then refused their own I/O ("Cannot perform I/O on behalf of a different
    // request"). So a waiter must only ever be woken by its own sleep.
    let grant!: () => void;
    let calls = 0;
    const outcome = { success: true, remaining: 99, reset: WINDOW_MS, pending: Promise.resolve() };
    const source = {
      limit: () => {
        calls++;
        if (calls !== 2) return Promise.resolve(outcome);
        return new Promise<LimitOutcome>((resolve) => {
          grant = () => resolve(outcome);
        });
      },
    };
    const naps: number[] = [];
    const book = new LeaseBook(
      source,
      1_000,
      () => 0,
      undefined,
      async (ms) => {
        naps.push(ms);
        // The lease lands while the second request sleeps: it sees it when its own timer fires.
        if (naps.length === 3) grant();
      },
    );
    // A first lease of one, spent: the next is two, one for each of the requests below.
    await book.take("c");
    const first = book.take("c");
    const second = book.take("c");
    expect([(await first).kind, (await second).kind]).toEqual(["allowed", "allowed"]);
    expect(naps.slice(0, 3)).toEqual([1, 2, 4]);
    expect(calls).toBe(2);
  });

  it("asks Redis itself when another request's lease request never settles (its request vanished)", async () => {
    let calls = 0;
    const source = {
      limit: () => {
        calls++;
        // The first lease request hangs for good, as one whose request was cancelled would.
        if (calls === 1) return new Promise<LimitOutcome>(() => {});
        return Promise.resolve({ success: true, remaining: 99, reset: WINDOW_MS, pending: Promise.resolve() });
      },
    };
    let slept = 0;
    const book = new LeaseBook(
      source,
      1_000,
      () => 0,
      undefined,
      async (ms) => {
        slept += ms;
      },
    );
    void book.take("c");
    expect((await book.take("c")).kind).toBe("allowed");
    expect(calls).toBe(2);
    expect(slept).toBeGreaterThanOrEqual(LEASE_POLICY.waitForOtherMs);
  });

  it("refuses a spent caller from memory until its window ends, without asking Redis", async () => {
    const { clock, redis, books } = isolates(1, 3, 0);
    const book = books[0] as LeaseBook;
    for (let i = 0; i < 3; i++) expect((await book.take("c")).kind).toBe("allowed");
    expect(await book.take("c")).toEqual({ kind: "refused", reset: WINDOW_MS });
    const commands = redis.commands;
    clock.at += 10_000;
    expect((await book.take("c")).kind).toBe("refused");
    expect(redis.commands).toBe(commands);
  });

  it("never spends a lease in the window after the one it was counted in", async () => {
    const { clock, redis, books } = isolates(1, 1_000_000, WINDOW_MS - 1_000);
    const book = books[0] as LeaseBook;
    for (let i = 0; i < 10; i++) await book.take("c");
    const commands = redis.commands;
    clock.at = WINDOW_MS;
    await book.take("c");
    expect(redis.commands).toBe(commands + 1);
    expect(redis.counted.get(`c:1`)).toBeGreaterThan(0);
  });

  it("keeps no lease when Redis fails, and asks again on the next request", async () => {
    let fail = true;
    let calls = 0;
    const book = new LeaseBook(
      {
        async limit() {
          calls++;
          if (fail) throw new Error("Network connection lost");
          return { success: true, remaining: 99, reset: 60_000, pending: Promise.resolve() };
        },
      },
      100,
      () => 0,
    );
    expect(await book.take("c")).toEqual({ kind: "unavailable", error: "Network connection lost" });
    fail = false;
    expect((await book.take("c")).kind).toBe("allowed");
    expect(calls).toBe(2);
  });

  it("treats the library's timeout answer as unavailable, not as a lease", async () => {
    const book = new LeaseBook(
      {
        limit: async () => ({ success: true, remaining: 0, reset: 0, reason: "timeout", pending: Promise.resolve() }),
      },
      100,
      () => 0,
    );
    expect(await book.take("c")).toEqual({ kind: "unavailable", error: "timed out" });
  });

  it("forgets the least recently seen caller past its size, and with it that caller's lease", async () => {
    const clock = { at: 0 };
    const redis = new SlidingWindowRedis(1_000, WINDOW_MS, () => clock.at);
    const book = new LeaseBook(new ModelLimiter(redis), 1_000, () => clock.at, 2);
    for (const caller of ["a", "a", "a", "b", "c"]) await book.take(caller);
    const commands = redis.commands;
    await book.take("a");
    expect(redis.commands).toBe(commands + 1);
  });
});
