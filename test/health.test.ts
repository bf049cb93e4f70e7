import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, appClient } from "./support/app-client";
import { faultyKv } from "./support/faults";
import { envWithRedis, envWithRedisDown } from "./support/redis";

const ADMIN = { authorization: "Bearer test-admin-key" };
const time = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);

describe("GET /health (public)", () => {
  it("says up or down per binding, and nothing more", async () => {
    const res = await api("/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: "ok",
      time,
      bindings: { d1: { status: "ok" }, kv: { status: "ok" }, redis: { status: "not_configured" } },
    });
    expect(res.headers.get("x-request-id")).toMatch(/^req_/);
  });

  it("reports a failing binding without its error message", async () => {
    const down = await appClient(envWithRedisDown(env))("/health");
    expect(down.status).toBe(200);
    expect(await down.json()).toEqual({
      status: "degraded",
      time,
      bindings: { d1: { status: "ok" }, kv: { status: "ok" }, redis: { status: "error" } },
    });
    const kvDown = await appClient({
      ...env,
      ROUTE_CACHE: faultyKv(env.ROUTE_CACHE, { reads: "throw", writes: "throw" }).kv,
    })("/health");
    expect(kvDown.status).toBe(503);
    expect(await kvDown.json()).toMatchObject({ status: "degraded", bindings: { kv: { status: "error" } } });
  });

  it("probes the bindings at most once per few seconds per isolate, however often it is asked", async () => {
    const { kv, attempts } = faultyKv(env.ROUTE_CACHE, { reads: "ok", writes: "ok" });
    const client = appClient({ ...env, ROUTE_CACHE: kv });
    const answers = await Promise.all(Array.from({ length: 20 }, () => client("/health")));
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(attempts.reads).toBe(1);
  });

  it("keeps the shared probe alive with the waitUntil of the request that started it, not of those reusing it", async () => {
    // Workers cancel a request's I/O when its client disconnects; every request reusing the probe
    // for the next few seconds would hang on it.
    const client = appClient(env);
    const starter: Promise<unknown>[] = [];
    const reuser: Promise<unknown>[] = [];
    const [first, second] = await Promise.all([
      client("/health", undefined, (p) => starter.push(p)),
      client("/health", undefined, (p) => reuser.push(p)),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(starter).toHaveLength(1);
    expect(reuser).toEqual([]);
  });

  it("answers unknown routes with a problem", async () => {
    const res = await api("https://edgefare.test/nope");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const body = await res.json<Record<string, unknown>>();
    expect(body).toEqual({
      type: "https://edgefare.dev/problems/not-found",
      title: "Not found",
      status: 404,
      code: "NOT_FOUND",
      detail: "No route for GET /nope.",
      instance: "/nope",
      request_id: res.headers.get("x-request-id"),
    });
  });
});

describe("GET /v1/admin/health (operators)", () => {
  it("needs the admin key", async () => {
    const res = await api("/v1/admin/health");
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: "UNAUTHENTICATED" });
  });

  it("gives each binding's latency, and the error message of a failing one, probed every time", async () => {
    const up = await appClient(envWithRedis(env))("/v1/admin/health", { headers: ADMIN });
    expect(up.status).toBe(200);
    const latency = { status: "ok", latency_ms: expect.any(Number) };
    expect(await up.json()).toEqual({ status: "ok", time, bindings: { d1: latency, kv: latency, redis: latency } });

    const down = await appClient(envWithRedisDown(env))("/v1/admin/health", { headers: ADMIN });
    expect(await down.json()).toMatchObject({
      status: "degraded",
      bindings: { d1: latency, redis: { status: "error", detail: expect.any(String) } },
    });

    const { kv, attempts } = faultyKv(env.ROUTE_CACHE, { reads: "ok", writes: "ok" });
    const client = appClient({ ...env, ROUTE_CACHE: kv });
    for (let i = 0; i < 3; i++) await client("/v1/admin/health", { headers: ADMIN });
    expect(attempts.reads).toBe(3);
  });
});
