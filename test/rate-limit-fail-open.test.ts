import { env } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { call, limitedApp, remaining, uniqueCaller } from "./support/limited-app";
import { envWithRedis, envWithRedisDown, resetBridgeFault, setBridgeFault } from "./support/redis";

const ONE_PER_MINUTE = JSON.stringify({ search: { requests: 1, windowSeconds: 60 } });

let warnings: string[];

beforeEach(async () => {
  await resetBridgeFault();
  warnings = [];
  vi.spyOn(console, "warn").mockImplementation((line: unknown) => {
    warnings.push(String(line));
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

const unavailableWarnings = () =>
  warnings
    .map((line) => JSON.parse(line) as { event: string; bucket: string })
    .filter((w) => w.event === "rate_limit_unavailable");

async function expectFailOpen(testEnv: object): Promise<void> {
  const app = limitedApp();
  const caller = uniqueCaller();
  for (let i = 0; i < 3; i++) {
    const res = await call(app, "/limited/search", testEnv, caller);
    expect(res.status).toBe(200);
    expect(res.headers.get("ratelimit")).toBeNull();
  }
  expect(unavailableWarnings()).toEqual([
    expect.objectContaining({ bucket: "search" }),
    expect.objectContaining({ bucket: "search" }),
    expect.objectContaining({ bucket: "search" }),
  ]);
}

describe("rate limiting when Redis fails (fail open)", () => {
  it("lets requests through, with one warning each, when nothing listens at the Redis URL", async () => {
    await expectFailOpen(envWithRedisDown({ ...env, RATE_LIMIT_OVERRIDES: ONE_PER_MINUTE }));
  });

  it("lets requests through when Redis drops connections", async () => {
    await setBridgeFault({ down: true });
    await expectFailOpen(envWithRedis({ ...env, RATE_LIMIT_OVERRIDES: ONE_PER_MINUTE }));
  });

  it("lets requests through when Redis answers later than its deadline", async () => {
    await setBridgeFault({ delayMs: 2000 });
    await expectFailOpen(envWithRedis({ ...env, RATE_LIMIT_OVERRIDES: ONE_PER_MINUTE }));
  });

  it("limits again once Redis is back", async () => {
    const testEnv = envWithRedis({ ...env, RATE_LIMIT_OVERRIDES: ONE_PER_MINUTE });
    const app = limitedApp();
    const caller = uniqueCaller();
    await setBridgeFault({ down: true });
    expect((await call(app, "/limited/search", testEnv, caller)).status).toBe(200);
    await resetBridgeFault();
    const first = await call(app, "/limited/search", testEnv, caller);
    expect(remaining(first)).toMatchObject({ r: 0 });
    expect((await call(app, "/limited/search", testEnv, caller)).status).toBe(429);
  });
});
