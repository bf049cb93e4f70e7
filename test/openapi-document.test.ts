import { describe, expect, it } from "vitest";
import { api } from "./support/app-client";

interface Operation {
  operationId?: string;
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, unknown>; headers?: Record<string, unknown> }>;
}
interface Doc {
  info: { license?: { name: string } };
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, { type: string }>; schemas: Record<string, unknown> };
}

const doc = async () => (await api("https://edgefare.test/openapi.json")).json<Doc>();
const operations = (d: Doc) =>
  Object.entries(d.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ method, path, op })));

/** Every object in `value`, with its JSON pointer. */
function* objects(value: unknown, pointer = ""): Generator<[string, Record<string, unknown>]> {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) yield* objects(v, `${pointer}/${i}`);
  } else if (value !== null && typeof value === "object") {
    yield [pointer, value as Record<string, unknown>];
    for (const [k, v] of Object.entries(value)) yield* objects(v, `${pointer}/${k}`);
  }
}
const admitsNull = (s: Record<string, unknown>) =>
  s.type === "null" || (Array.isArray(s.type) && s.type.includes("null")) || s.nullable === true;

describe("the OpenAPI document", () => {
  it("lets every nullable schema take null: no `allOf` branch that allows null beside one that does not", async () => {
    const broken = [...objects(await doc())]
      .filter(([, o]) => Array.isArray(o.allOf))
      .filter(([, o]) => {
        const branches = o.allOf as Record<string, unknown>[];
        return branches.some(admitsNull) && !branches.every(admitsNull);
      })
      .map(([pointer]) => pointer);
    expect(broken, "use nullableRef() from src/api/schemas.ts for a nullable component").toEqual([]);
  });

  it("names every operation with a unique camelCase operationId and says who may call it", async () => {
    const d = await doc();
    const ids = operations(d).map(({ op }) => op.operationId);
    expect(
      ids.every((id) => id !== undefined && /^[a-z][a-zA-Z0-9]*$/.test(id)),
      String(ids),
    ).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { method, path, op } of operations(d)) {
      expect(op.security, `${method} ${path}`).toBeDefined();
      for (const requirement of op.security ?? []) {
        for (const scheme of Object.keys(requirement)) expect(d.components.securitySchemes).toHaveProperty(scheme);
      }
    }
    expect(d.info.license?.name).toBe("MIT");
    expect(d.servers).toEqual([{ url: "https://edgefare.test", description: "This deployment" }]);
  });

  it("lists what the middleware in front of a route answers, on every route it runs on", async () => {
    for (const { method, path, op } of operations(await doc())) {
      const label = `${method.toUpperCase()} ${path}`;
      const statuses = Object.keys(op.responses);
      const headers = (op.parameters ?? []).filter((p) => p.in === "header").map((p) => p.name.toLowerCase());
      expect(statuses, label).toContain("500");
      // Every client write takes an Idempotency-Key; the provider's webhook is deduplicated by event id instead,
      // and answers that carry a secret shown once (a session token, a new API key) are never stored for replay.
      const secretAnswer = path.startsWith("/v1/auth/") || path === "/v1/api-keys";
      if (method === "post" && path.startsWith("/v1/") && path !== "/v1/webhooks/payments" && !secretAnswer) {
        expect(statuses, label).toEqual(expect.arrayContaining(["400", "409", "413", "415", "422"]));
        expect(headers, label).toContain("idempotency-key");
      }
      if (path.startsWith("/v1/admin/")) {
        expect(statuses, label).toEqual(expect.arrayContaining(["401", "403"]));
        expect(op.security, label).toEqual(expect.arrayContaining([{ adminKey: [] }, { session: [] }]));
      }
      if ((op.parameters ?? []).length > 0 || op.requestBody) expect(statuses, label).toContain("400");
    }
  });

  it("documents the 429 of every rate-limited route and, on unlimited ones, only the failed-authentication one", async () => {
    const d = await doc();
    const limited = operations(d)
      .filter(({ op }) => op.responses["429"])
      .map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    // Unlimited routes answer 429 only to a network that spent its failed-authentication budget.
    for (const [path, method] of [
      ["/v1/places", "get"],
      ["/v1/webhooks/payments", "post"],
    ] as const) {
      const description = (d.paths[path]?.[method]?.responses["429"] as { description?: string } | undefined)
        ?.description;
      expect(description, path).toMatch(
        /^Problem details \(RFC 9457\)|`RATE_LIMITED`: too many failed authentications from this network$/,
      );
    }
    expect(limited).toEqual(
      expect.arrayContaining([
        "GET /v1/search",
        "POST /v1/holds",
        "GET /v1/bookings/{reference}",
        "DELETE /v1/holds/{id}",
      ]),
    );
  });

  it("documents the webhook's body and its signature scheme, and public routes as public", async () => {
    const d = await doc();
    const webhook = d.paths["/v1/webhooks/payments"]?.post;
    expect(webhook?.requestBody?.content["application/json"]?.schema).toEqual({
      $ref: "#/components/schemas/PaymentEvent",
    });
    expect(webhook?.security).toEqual([{ webhookSignature: [] }]);
    expect(d.components.securitySchemes.webhookSignature).toMatchObject({ type: "apiKey", in: "header" });
    // Public: anyone, or a partner key (which then needs the route's scope).
    expect(d.paths["/v1/search"]?.get?.security).toEqual([{}, { apiKey: [] }]);
    expect(Object.keys(d.paths["/v1/places"]?.get?.responses ?? {})).toEqual([
      "200",
      "400",
      "401",
      "403",
      "429",
      "500",
    ]);
  });
});
