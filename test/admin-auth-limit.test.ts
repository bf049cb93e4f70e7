import { env } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { limiterFor } from "../src/ratelimit/limiters";
import { resolvePolicy } from "../src/ratelimit/policy";
import { appClient } from "./support/app-client";
import { uniqueCaller, warmLimiter } from "./support/limited-app";
import { envWithRedis, envWithRedisDown, flushRedis } from "./support/redis";

const RIGHT = "Bearer test-admin-key";
let warnings: { event: string; caller?: string; scope?: string }[];

beforeEach(async () => {
  await flushRedis();
  await warmLimiter(envWithRedis(env));
  warnings = [];
  vi.spyOn(console, "warn").mockImplementation((line: unknown) => {
    warnings.push(JSON.parse(String(line)));
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

function admin(bindings: object, ip: string) {
  const client = appClient(bindings);
  return async (authorization?: string) => {
    const headers: Record<string, string> = { "cf-connecting-ip": ip };
    if (authorization) headers.authorization = authorization;
    return client("/v1/admin/dead-letters", { headers });
  };
}

describe("failed admin authentication spends a budget", () => {
  it("refuses a caller after 10 wrong keys, the right key included, and logs each failure", async () => {
    const { ip } = uniqueCaller();
    const call = admin(env, ip);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await call(`Bearer guess-${i}`)).status);
    expect(statuses).toEqual([...Array<number>(10).fill(401), 429, 429]);

    const right = await call(RIGHT);
    expect(right.status).toBe(429);
    const retryAfter = Number(right.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(900);
    expect(right.headers.get("ratelimit-policy")).toBe('"auth";q=10;w=900');
    expect(right.headers.get("ratelimit")).toBe(`"auth";r=0;t=${retryAfter}`);
    expect(await right.json()).toEqual({
      type: "https://edgefare.dev/problems/rate-limited",
      title: "Too many requests",
      status: 429,
      code: "RATE_LIMITED",
      detail: `Too many failed authentications: the budget is 10 per 900 s. Retry in ${retryAfter} s.`,
      instance: "/v1/admin/dead-letters",
      request_id: right.headers.get("x-request-id"),
      policy: "auth",
      retry_after: retryAfter,
    });
    const failures = warnings.filter((w) => w.event === "auth_failed");
    expect(failures).toHaveLength(10);
    expect(failures[0]).toMatchObject({ credential: "bearer", caller: `ip:${ip}` });

    // Another network is not blocked, and the right key works there.
    expect((await admin(env, uniqueCaller().ip)(RIGHT)).status).toBe(200);
  });

  it("spends nothing on the right key or on a missing one", async () => {
    const call = admin(env, uniqueCaller().ip);
    for (let i = 0; i < 12; i++) expect((await call(RIGHT)).status).toBe(200);
    for (let i = 0; i < 12; i++) expect((await call()).status).toBe(401);
    for (let i = 0; i < 10; i++) expect((await call("Bearer wrong")).status).toBe(401);
    expect((await call("Bearer wrong")).status).toBe(429);
  });

  it("is shared through Redis when configured: failures counted elsewhere block here", async () => {
    const bindings = envWithRedis(env);
    const { ip } = uniqueCaller();
    // Another isolate's failures reach this one through Redis only.
    const elsewhere = limiterFor("auth", resolvePolicy("auth", bindings), bindings);
    for (let i = 0; i < 10; i++) await elsewhere?.limit(`ip:${ip}`);
    const res = await admin(bindings, ip)(RIGHT);
    expect(res.status).toBe(429);
    // The route's own budget is spent first and named too.
    expect(res.headers.get("ratelimit-policy")).toBe('"auth";q=10;w=900, "lookup";q=30;w=60');
  });

  it("still limits guessing when Redis is down (counted in the isolate), with a warning", async () => {
    const call = admin(envWithRedisDown(env), uniqueCaller().ip);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await call(`Bearer guess-${i}`)).status);
    expect(statuses).toEqual([...Array<number>(10).fill(401), 429]);
    expect(warnings.some((w) => w.event === "rate_limit_unavailable")).toBe(true);
  });
});
