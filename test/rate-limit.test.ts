import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { call, limitedApp, remaining, SMALL_BUDGETS, uniqueCaller } from "./support/limited-app";
import { envWithRedis, flushRedis, redisCommand, resetBridgeFault, setBridgeFault } from "./support/redis";

const limitedEnv = () => envWithRedis({ ...env, RATE_LIMIT_OVERRIDES: SMALL_BUDGETS });

beforeEach(async () => {
  await resetBridgeFault();
  await flushRedis();
});

describe("rate limiting against real Redis", () => {
  it("counts the budget down in RateLimit headers, then refuses with a 429 problem and Retry-After", async () => {
    const app = limitedApp();
    const caller = uniqueCaller();
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await call(app, "/limited/search", limitedEnv(), { ip: caller.ip });
      expect(res.status).toBe(200);
      expect(res.headers.get("ratelimit-policy")).toBe('"search";q=3;w=60');
      seen.push(remaining(res)?.r ?? -1);
    }
    expect(seen).toEqual([2, 1, 0]);

    const refused = await call(app, "/limited/search", limitedEnv(), { ip: caller.ip });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(remaining(refused)).toEqual({ policy: "search", r: 0, t: retryAfter });
    expect(refused.headers.get("ratelimit-policy")).toBe('"search";q=3;w=60');
    expect(await refused.json()).toEqual({
      type: "https://edgefare.dev/problems/rate-limited",
      title: "Too many requests",
      status: 429,
      code: "RATE_LIMITED",
      detail: `Too many search requests: the budget is 3 per 60 s. Retry in ${retryAfter} s.`,
      instance: "/limited/search",
      request_id: refused.headers.get("x-request-id"),
      policy: "search",
      retry_after: retryAfter,
    });
  });

  it("keeps separate budgets per bucket", async () => {
    const app = limitedApp();
    const caller = uniqueCaller();
    for (let i = 0; i < 3; i++) await call(app, "/limited/search", limitedEnv(), caller);
    expect((await call(app, "/limited/search", limitedEnv(), caller)).status).toBe(429);

    const lookup = await call(app, "/limited/lookup", limitedEnv(), caller);
    expect(lookup.status).toBe(200);
    expect(lookup.headers.get("ratelimit-policy")).toBe('"lookup";q=2;w=60');
    expect(remaining(lookup)?.r).toBe(1);
    const write = await call(app, "/limited/write", limitedEnv(), caller, "POST");
    expect(write.status).toBe(200);
    expect(remaining(write)).toMatchObject({ policy: "write", r: 1 });
  });

  it("gives an unverified API key no budget at all: it is refused (401) before the limiter", async () => {
    const app = limitedApp();
    const { ip } = uniqueCaller();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await call(app, "/limited/lookup", limitedEnv(), { ip, apiKey: `efk_${crypto.randomUUID()}` });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401]);
    // The network's own budget is untouched.
    expect(remaining(await call(app, "/limited/lookup", limitedEnv(), { ip }))?.r).toBe(1);
    // Another address has its own budget.
    expect(remaining(await call(app, "/limited/lookup", limitedEnv(), uniqueCaller()))?.r).toBe(1);
  });

  it("budgets an IPv6 caller by its /64, so rotating addresses inside it buys nothing", async () => {
    const app = limitedApp();
    const prefix = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:7`;
    const statuses: number[] = [];
    for (const host of ["::1", ":abcd::2", ":ffff:ffff:ffff:ffff"]) {
      statuses.push((await call(app, "/limited/lookup", limitedEnv(), { ip: `${prefix}${host}` })).status);
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect((await call(app, "/limited/lookup", limitedEnv(), { ip: `${prefix.slice(0, -1)}8::1` })).status).toBe(200);
  });

  it("stores budgets under the caller's network in Redis, never an API key, under a prefix per bucket", async () => {
    const app = limitedApp();
    const caller = uniqueCaller();
    await call(app, "/limited/search", limitedEnv(), caller);
    await call(app, "/limited/write", limitedEnv(), caller, "POST");
    await call(app, "/limited/lookup", limitedEnv(), { ip: caller.ip });

    const keys = ((await redisCommand("KEYS", "*")) as string[]).map((k) => k.replace(/:\d+$/, "")).sort();
    expect(keys).toEqual([
      `edgefare:rl:lookup:ip:${caller.ip}`,
      `edgefare:rl:search:ip:${caller.ip}`,
      `edgefare:rl:write:ip:${caller.ip}`,
    ]);
  });

  it("sends the headers on a limited route whose handler fails", async () => {
    const res = await call(limitedApp(), "/limited/missing", limitedEnv(), uniqueCaller());
    expect(res.status).toBe(404);
    expect(remaining(res)).toMatchObject({ policy: "search", r: 2 });
  });

  it("refuses a caller already over budget from memory, without asking Redis", async () => {
    const app = limitedApp();
    const caller = uniqueCaller();
    for (let i = 0; i < 3; i++) await call(app, "/limited/search", limitedEnv(), caller);
    expect((await call(app, "/limited/search", limitedEnv(), caller)).status).toBe(429);
    await setBridgeFault({ down: true });
    expect((await call(app, "/limited/search", limitedEnv(), caller)).status).toBe(429);
    // Another caller is not in that memory: Redis is down, so it fails open.
    expect((await call(app, "/limited/search", limitedEnv(), uniqueCaller())).status).toBe(200);
  });

  it("limits nothing and sends no headers when Redis is not configured", async () => {
    const app = limitedApp();
    const caller = uniqueCaller();
    for (let i = 0; i < 5; i++) {
      const res = await call(app, "/limited/search", { ...env, RATE_LIMIT_OVERRIDES: SMALL_BUDGETS }, caller);
      expect(res.status).toBe(200);
      expect(res.headers.get("ratelimit")).toBeNull();
      expect(res.headers.get("ratelimit-policy")).toBeNull();
    }
  });

  it("ignores budget overrides outside the test environment", async () => {
    const production = envWithRedis({ ...env, ENVIRONMENT: "production", RATE_LIMIT_OVERRIDES: SMALL_BUDGETS });
    const res = await call(limitedApp(), "/limited/search", production, uniqueCaller());
    expect(res.headers.get("ratelimit-policy")).toBe('"search";q=120;w=60');
    expect(remaining(res)?.r).toBe(119);
  });
});
