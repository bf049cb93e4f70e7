import { env } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { App } from "../src/api/context";
import { maxLease } from "../src/ratelimit/leases";
import { call, limitedApp, remaining, uniqueCaller, warmLimiter } from "./support/limited-app";
import { envWithRedis, flushRedis, redisCommand, redisUrl, resetBridgeFault, setBridgeFault } from "./support/redis";

/** Day-long windows, so no window boundary falls inside a test. */
const BUDGET = 64;
const budgets = envWithRedis({
  ...env,
  RATE_LIMIT_OVERRIDES: JSON.stringify({ search: { requests: BUDGET, windowSeconds: 86_400 } }),
});

let redisRequests: number;

beforeEach(async () => {
  await resetBridgeFault();
  await flushRedis();
  await warmLimiter(budgets);
  redisRequests = 0;
  const inner = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation((input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url.startsWith(redisUrl)) redisRequests++;
    return inner(input, init);
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Which isolate each request reaches: irregular, as a load balancer's choice looks to a client. */
const route = (i: number) => (i * 7 + (i >> 2)) % 3 === 0;

describe("token leases across two isolates sharing one Redis", () => {
  it("refuse a client over budget across both: never more than the budget, refusals no earlier than budget − 2 × (lease − 1)", async () => {
    // Two app instances are two isolates: each has its own Ratelimit, leases and ephemeral cache.
    const isolates = [limitedApp(), limitedApp()];
    const caller = uniqueCaller();
    const admittedBy = [0, 0];
    let failedOpen = 0;
    let firstRefusalAt: number | null = null;
    for (let i = 0; i < 120; i++) {
      const n = route(i) ? 1 : 0;
      const res = await call(isolates[n] as App, "/limited/search", budgets, caller);
      const admitted = (admittedBy[0] ?? 0) + (admittedBy[1] ?? 0);
      expect([200, 429]).toContain(res.status);
      if (res.status === 429) firstRefusalAt ??= admitted;
      else if (res.headers.has("ratelimit")) admittedBy[n] = (admittedBy[n] ?? 0) + 1;
      // A 200 without RateLimit headers failed open (Redis slower than its deadline): the bound
      // holds for what Redis answered, so such a run proves nothing.
      else failedOpen++;
    }
    expect(failedOpen).toBe(0);
    const admitted = (admittedBy[0] ?? 0) + (admittedBy[1] ?? 0);
    // Both isolates held leases of this caller's tokens.
    expect(Math.min(...admittedBy)).toBeGreaterThan(maxLease(BUDGET));
    // The stated bound (README, docs/redis-and-dev.md), with K = 2 and maxLease(64) = 8: the
    // first refusal comes after 50 to 64 admitted requests, and none is admitted past 64.
    expect(admitted).toBeLessThanOrEqual(BUDGET);
    expect(firstRefusalAt).not.toBeNull();
    expect(firstRefusalAt).toBeGreaterThanOrEqual(BUDGET - 2 * (maxLease(BUDGET) - 1));
    expect(firstRefusalAt).toBeLessThanOrEqual(BUDGET);
    // Every admitted request was counted in Redis first (a refused lease may be counted too).
    const [key] = (await redisCommand("KEYS", `edgefare:rl:search:ip:${caller.ip}:*`)) as string[];
    expect(Number(await redisCommand("GET", key ?? ""))).toBeGreaterThanOrEqual(admitted);
    // Leases: far fewer Redis round trips than requests.
    expect(redisRequests).toBeLessThan(40);
  });

  it("keep refusing the spent client from memory in both isolates, with Redis gone", async () => {
    const isolates = [limitedApp(), limitedApp()];
    const caller = uniqueCaller();
    for (let i = 0; i < 90; i++) await call(isolates[i % 2] as App, "/limited/search", budgets, caller);
    await setBridgeFault({ down: true });
    for (const app of isolates) expect((await call(app, "/limited/search", budgets, caller)).status).toBe(429);
  });

  it("report in each isolate what it knows is left: the budget less what it saw spent, leases counted as spent", async () => {
    const [a, b] = [limitedApp(), limitedApp()];
    const caller = uniqueCaller();
    const inA: number[] = [];
    for (let i = 0; i < 5; i++) inA.push(remaining(await call(a, "/limited/search", budgets, caller))?.r ?? -1);
    expect(inA).toEqual([63, 62, 61, 60, 59]);
    // B's first lease counts what A holds unspent as spent: 64 - 5 spent - A's unspent - 1.
    const fromB = remaining(await call(b, "/limited/search", budgets, caller))?.r ?? -1;
    expect(fromB).toBeLessThanOrEqual(64 - 5 - 1);
    expect(fromB).toBeGreaterThanOrEqual(64 - 5 - 1 - (maxLease(BUDGET) - 1));
  });
});
