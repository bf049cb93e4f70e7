import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, appClient } from "./support/app-client";

const ADMIN = "Bearer test-admin-key";
const post = (path: string, body: BodyInit, headers: Record<string, string>) =>
  api(`https://edgefare.test${path}`, { method: "POST", headers, body });

async function problemOf(res: Response) {
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const body = await res.json<Record<string, unknown>>();
  expect(body.request_id).toBe(res.headers.get("x-request-id"));
  return body;
}

describe("request bodies", () => {
  it("413 for a body over 64 KiB", async () => {
    const res = await post("/v1/admin/departures", JSON.stringify({ pad: "x".repeat(70_000) }), {
      authorization: ADMIN,
      "content-type": "application/json",
    });
    expect(res.status).toBe(413);
    expect(await problemOf(res)).toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      status: 413,
      detail: "The request body must be at most 65536 bytes.",
    });
  });

  it("415 for a body that is not JSON", async () => {
    const res = await post("/v1/holds", "departure_id=x", { "content-type": "application/x-www-form-urlencoded" });
    expect(res.status).toBe(415);
    expect(await problemOf(res)).toMatchObject({
      code: "UNSUPPORTED_MEDIA_TYPE",
      detail: "Send the request body as application/json.",
    });
  });

  it("400 MALFORMED_JSON for JSON that does not parse", async () => {
    const res = await post("/v1/admin/departures", "{ not json", {
      authorization: ADMIN,
      "content-type": "application/json",
    });
    expect(res.status).toBe(400);
    expect(await problemOf(res)).toMatchObject({
      code: "MALFORMED_JSON",
      detail: "The request body is not valid JSON.",
    });
  });
});

describe("browsers", () => {
  it("answers CORS preflights for allowed origins only", async () => {
    const client = appClient({ ...env, CORS_ORIGINS: "https://app.example, https://partner.example" });
    const preflight = (origin: string) =>
      client("/v1/search", {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "GET", "access-control-request-headers": "if-none-match" },
      });
    const allowed = await preflight("https://partner.example");
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://partner.example");
    expect(allowed.headers.get("access-control-allow-headers")).toContain("if-none-match");
    const refused = await preflight("https://evil.example");
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("exposes the headers a browser client needs and sets security headers", async () => {
    const res = await api("https://edgefare.test/health", { headers: { origin: "https://any.example" } });
    expect(res.headers.get("access-control-allow-origin")).toBe("https://any.example");
    expect(res.headers.get("access-control-expose-headers")).toContain("x-request-id");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
  });

  it("keeps a well-formed X-Request-Id from the client and replaces a bad one", async () => {
    const kept = await api("https://edgefare.test/health", {
      headers: { "x-request-id": "client-trace-123456" },
    });
    expect(kept.headers.get("x-request-id")).toBe("client-trace-123456");
    const replaced = await api("https://edgefare.test/health", { headers: { "x-request-id": "<script>" } });
    expect(replaced.headers.get("x-request-id")).toMatch(/^req_/);
  });
});

describe("API documentation", () => {
  it("serves an OpenAPI 3.1 document generated from the route schemas", async () => {
    const res = await api("https://edgefare.test/openapi.json");
    expect(res.status).toBe(200);
    const doc = await res.json<{
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    }>();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/v1/search",
        "/v1/departures/{id}",
        "/v1/admin/departures",
        "/v1/admin/departures/{id}",
        "/health",
      ]),
    );
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(["Offer", "SearchResponse", "Problem"]));
  });
});
