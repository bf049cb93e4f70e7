import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, appClient } from "./support/app-client";
import { envWithRedis, envWithRedisDown } from "./support/redis";

describe("GET /health", () => {
  it("reports each binding", async () => {
    const res = await api("https://edgefare.test/health");
    expect(res.status).toBe(200);
    const body = await res.json<{ status: string; bindings: Record<string, { status: string }> }>();
    expect(body.bindings.d1?.status).toBe("ok");
    expect(body.bindings.kv?.status).toBe("ok");
    expect(res.headers.get("x-request-id")).toMatch(/^req_/);
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

describe("GET /health with Redis configured", () => {
  it("reports Redis when it answers, and degrades without failing when it does not", async () => {
    const up = await appClient(envWithRedis(env))("/health");
    expect(up.status).toBe(200);
    expect(await up.json()).toMatchObject({ status: "ok", bindings: { redis: { status: "ok" } } });
    const down = await appClient(envWithRedisDown(env))("/health");
    expect(down.status).toBe(200);
    expect(await down.json()).toMatchObject({
      status: "degraded",
      bindings: { d1: { status: "ok" }, redis: { status: "error" } },
    });
  });
});
