import { env } from "cloudflare:test";
import { createRoute, z } from "@hono/zod-openapi";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/http/app";
import { api, appClient, ORIGIN } from "./support/app-client";
import { type OpenApiDocument, ResponseChecker } from "./support/openapi-validation";

const checker = async () => new ResponseChecker(await (await api("/openapi.json")).json<OpenApiDocument>());
const get = (path: string) => new Request(`${ORIGIN}${path}`);
const json = (body: unknown, status = 200, type = "application/json") =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": type } });
const money = { amount_minor: 100, currency: "EUR" };

describe("the response check every test goes through", () => {
  it("passes what the document describes", async () => {
    const c = await checker();
    expect(await c.mismatches(get("/v1/places?q=lon"), json({ data: [], meta: { count: 0 } }))).toEqual([]);
    const problem = { type: "t", title: "t", status: 400, code: "VALIDATION_FAILED", detail: "d", request_id: "r" };
    expect(await c.mismatches(get("/v1/places?q="), json(problem, 400, "application/problem+json"))).toEqual([]);
  });

  it("fails a status the operation does not document", async () => {
    const c = await checker();
    expect(await c.mismatches(get("/v1/places?q=lon"), json({ data: [], meta: { count: 0 } }, 418))).toEqual([
      "GET /v1/places → 418: status 418 is not documented (documented: 200, 400, 401, 403, 429, 500)",
    ]);
  });

  it("fails a body that does not match the schema, and a content type that is not documented", async () => {
    const c = await checker();
    const wrong = await c.mismatches(get("/v1/places?q=lon"), json({ data: "none", meta: {} }));
    expect(wrong).toEqual([
      expect.stringMatching(/^GET \/v1\/places → 200: body\/data .*type/),
      expect.stringMatching(/^GET \/v1\/places → 200: body\/meta .*count/),
    ]);
    expect(await c.mismatches(get("/v1/places?q=lon"), new Response("[]", { status: 200 }))).toEqual([
      "GET /v1/places → 200: content type 'text/plain' is not documented (documented: application/json)",
    ]);
  });

  it("takes null where the document says nullable, even for a component, and nothing else there", async () => {
    const c = await checker();
    const booking = (refunded: unknown) => ({
      id: "bkg_1",
      reference: "K7M4QX",
      status: "cancelled",
      departure_id: "dep_1",
      cabin: "economy",
      seats: 1,
      passengers: [{ given_name: "Ada", family_name: "Lovelace", birth_date: null }],
      total_price: money,
      payment: { method: "card", state: "refund_pending", refunded },
      hold_expires_at: "2026-01-01T00:00:00.000Z",
      created_at: "2026-01-01T00:00:00.000Z",
      updated_at: "2026-01-01T00:00:00.000Z",
      timeline: [],
      links: { self: "/v1/bookings/K7M4QX", cancel: "/v1/bookings/K7M4QX/cancel" },
    });
    const read = get("/v1/bookings/K7M4QX?family_name=Lovelace");
    expect(await c.mismatches(read, json(booking(null)))).toEqual([]);
    expect(await c.mismatches(read, json(booking(money)))).toEqual([]);
    expect(await c.mismatches(read, json(booking("all of it")))).not.toEqual([]);
  });

  it("accepts only a 4xx problem from a route the document does not have", async () => {
    const c = await checker();
    const problem = { type: "t", title: "t", status: 404, code: "NOT_FOUND", detail: "d", request_id: "r" };
    expect(await c.mismatches(get("/nope"), json(problem, 404, "application/problem+json"))).toEqual([]);
    expect(await c.mismatches(get("/nope"), json({ ok: true }))).toEqual([
      "an undocumented route → 200: only a 4xx problem is documented",
      "an undocumented route → 200: content type 'application/json' is not documented (documented: application/problem+json)",
    ]);
  });

  it("fails the test at the call when a route answers what its documentation does not say", async () => {
    const app = createApp();
    const route = createRoute({
      method: "get",
      path: "/v1/drifted",
      operationId: "drifted",
      responses: {
        200: { description: "ok", content: { "application/json": { schema: z.object({ ok: z.boolean() }) } } },
      },
    });
    app.openapi(route, (c) => c.json({ ok: "yes" } as unknown as { ok: boolean }, 200));
    await expect(appClient(env, app)("/v1/drifted")).rejects.toThrow(
      /does not match \/openapi\.json[\s\S]*GET \/v1\/drifted → 200: body\/ok/,
    );
  });
});
