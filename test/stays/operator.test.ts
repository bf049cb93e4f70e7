import { env } from "cloudflare:test";
import { OpenAPIHono } from "@hono/zod-openapi";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { HttpEnv } from "../../src/api/context";
import { createIsolateState } from "../../src/api/isolate-state";
import { rateLimitState } from "../../src/api/middleware/rate-limit";
import { validationHook } from "../../src/api/validation-hook";
import { onError, onNotFound } from "../../src/http/error-handler";
import { apiKeys } from "../../src/http/middleware/api-keys";
import { edgeHygiene } from "../../src/http/middleware/edge-hygiene";
import { requestContext } from "../../src/http/middleware/request-context";
import { serveDocument } from "../../src/http/openapi/document";
import type { OperatorChanges, PoolChange } from "../../src/inventory/contract";
import { err, ok } from "../../src/lib/result";
import { addDays, localDate } from "../../src/lib/time";
import { registerStaysOperatorRoutes } from "../../src/products/stays/http/operator-routes";
import { ADMIN } from "../support/abuse";
import { appClient } from "../support/app-client";
import { fixtureProperty, fixtureRoomType, insertFixture } from "../support/stays";

const TZ = "Europe/London";
const today = () => localDate(Date.now(), TZ);
const calls: { propertyId: string; changes: OperatorChanges }[] = [];
const cancelled: string[] = [];
let refuse: { code: "CAPACITY_BELOW_COMMITTED"; detail: string } | null = null;

const isolate = createIsolateState();
// The app's middleware and document with only these routes: the full app (createApp) registers
// them with the real object, and here the engine's side is recorded instead (test/stays/http-journey
// closes a property through the real one).
const app = new OpenAPIHono<HttpEnv>({ defaultHook: validationHook });
app.onError(onError);
app.notFound(onNotFound);
app.use("*", requestContext(isolate.metrics));
app.use("*", rateLimitState(isolate.rateLimits));
app.use("*", ...edgeHygiene());
app.use("*", apiKeys);
registerStaysOperatorRoutes(app, isolate, {
  async applyOperatorChanges(_services, propertyId, changes) {
    calls.push({ propertyId, changes });
    return refuse ? err(refuse.code, refuse.detail) : ok([]);
  },
  cancelBookingsOfCancelledUnit(_services, _requestId, unitId) {
    cancelled.push(unitId);
  },
});
app.get("/openapi.json", serveDocument(app));
const client = appClient(env, app);
const post = (path: string, body: unknown, auth = true) =>
  client(path, {
    method: "POST",
    headers: { "content-type": "application/json", ...(auth ? { authorization: ADMIN } : {}) },
    body: JSON.stringify(body),
  });
const version = () => env.ROUTE_CACHE.get("scopever:stays:MAN");
const row = (sql: string) => env.DB.prepare(sql).first();
const byPool = (pools: PoolChange[] | undefined) => new Map((pools ?? []).map((p) => [p.pool, p]));

async function problem(res: Response) {
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const { request_id: _, type: __, instance: ___, ...body } = await res.json<Record<string, unknown>>();
  return { status: res.status, body };
}

beforeAll(async () => {
  await insertFixture(env.DB, {
    properties: [
      fixtureProperty("prp_op_a", { cityCode: "MAN" }),
      fixtureProperty("prp_op_b", { cityCode: "MAN" }),
      fixtureProperty("prp_op_close", { cityCode: "MAN" }),
    ],
    roomTypes: [
      fixtureRoomType("rt_op_double", "prp_op_a", { name: "Double", roomCount: 10, minStay: 1 }),
      fixtureRoomType("rt_op_single", "prp_op_a", { name: "Single", roomCount: 4 }),
      fixtureRoomType("rt_op_b", "prp_op_b"),
      fixtureRoomType("rt_op_close", "prp_op_close"),
    ],
  });
});

beforeEach(() => {
  calls.length = 0;
  cancelled.length = 0;
  refuse = null;
});

describe("operator endpoints for properties", () => {
  it("sets a room count from a date: earlier nights pinned at the old count, later ones at the new, D1 and the city's version follow", async () => {
    const from = addDays(today(), 10);
    const before = await version();
    const res = await post("/v1/admin/stays/prp_op_b/room-types/rt_op_b/room-count", {
      room_count: 14,
      from,
      reason: "new wing",
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { property_id: "prp_op_b", nights: 356 } });
    const [call] = calls;
    expect(call?.propertyId).toBe("prp_op_b");
    expect(call?.changes.reason).toBe("new wing");
    const pools = byPool(call?.changes.pools);
    expect(pools.size).toBe(366);
    const pinned = pools.get(`rt_op_b@${addDays(from, -1)}`);
    expect(pinned).toEqual({
      pool: `rt_op_b@${addDays(from, -1)}`,
      definition: expect.objectContaining({ capacity: 10 }),
    });
    expect(pools.get(`rt_op_b@${from}`)).toMatchObject({
      capacity: 14,
      priceMinor: 10_000,
      definition: { capacity: 14 },
    });
    expect(pools.get(`rt_op_b@${addDays(today(), 365)}`)?.capacity).toBe(14);
    expect(await row("SELECT room_count FROM room_types WHERE id = 'rt_op_b'")).toEqual({ room_count: 14 });
    expect(await version()).not.toBe(before);
  });

  it("leaves D1 and the version alone when the object refuses the change", async () => {
    refuse = { code: "CAPACITY_BELOW_COMMITTED", detail: `rt_op_double@${today()} has 6 rooms held or sold.` };
    const before = await version();
    const res = await post("/v1/admin/stays/prp_op_a/room-types/rt_op_double/room-count", {
      room_count: 5,
      from: today(),
      reason: "fewer rooms",
    });
    expect(await problem(res)).toEqual({
      status: 409,
      body: {
        code: "CAPACITY_BELOW_COMMITTED",
        status: 409,
        title: "Capacity cannot go below what is held and sold",
        detail: `rt_op_double@${today()} has 6 rooms held or sold.`,
      },
    });
    expect(await row("SELECT room_count FROM room_types WHERE id = 'rt_op_double'")).toEqual({ room_count: 10 });
    expect(await version()).toBe(before);
  });

  it("sets rates and minimum stays for a range: an override in D1, the nights' new price and rules to the object", async () => {
    const from = addDays(today(), 20);
    const res = await post("/v1/admin/stays/prp_op_a/room-types/rt_op_double/rates", {
      from,
      to: addDays(from, 2),
      price_minor: 18_500,
      min_stay: 2,
      reason: "festival",
    });
    expect(await res.json()).toEqual({ data: { property_id: "prp_op_a", nights: 3 } });
    const pools = calls[0]?.changes.pools ?? [];
    expect(pools.map((p) => [p.pool, p.priceMinor, p.definition?.attrs.minStay, p.capacity])).toEqual(
      [0, 1, 2].map((d) => [`rt_op_double@${addDays(from, d)}`, 18_500, 2, undefined]),
    );
    expect(
      await row(
        `SELECT from_date, to_date, price_minor, min_stay, reason FROM room_rate_overrides WHERE room_type_id = 'rt_op_double'`,
      ),
    ).toEqual({ from_date: from, to_date: addDays(from, 2), price_minor: 18_500, min_stay: 2, reason: "festival" });
  });

  it("applies a retried change once: the same Idempotency-Key replays the first answer", async () => {
    const from = addDays(today(), 40);
    const body = JSON.stringify({ from, to: from, price_minor: 9_900, reason: "retry" });
    const send = () =>
      client("/v1/admin/stays/prp_op_a/room-types/rt_op_single/rates", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: ADMIN, "idempotency-key": "op-retry-1" },
        body,
      });
    const [first, second] = [await send(), await send()];
    expect(await second.json()).toEqual(await first.json());
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(calls).toHaveLength(1);
    expect(await row("SELECT COUNT(*) AS n FROM room_rate_overrides WHERE room_type_id = 'rt_op_single'")).toEqual({
      n: 1,
    });
  });

  it("closes dates of the whole property: every room type's nights flagged, a closure row in D1", async () => {
    const from = addDays(today(), 30);
    const res = await post("/v1/admin/stays/prp_op_a/closures", { from, to: from, kind: "closed", reason: "repairs" });
    expect(await res.json()).toEqual({ data: { property_id: "prp_op_a", nights: 2 } });
    const pools = calls[0]?.changes.pools ?? [];
    expect(pools.map((p) => [p.pool, p.definition?.attrs.closed])).toEqual([
      [`rt_op_double@${from}`, true],
      [`rt_op_single@${from}`, true],
    ]);
    expect(
      await row("SELECT room_type_id, kind, from_date FROM property_closures WHERE property_id = 'prp_op_a'"),
    ).toEqual({
      room_type_id: null,
      kind: "closed",
      from_date: from,
    });
  });

  it("closes a property: the object cancels the unit, D1 says closed, refunds start; again is a retry", async () => {
    const res = await post("/v1/admin/stays/prp_op_close/close", { reason: "sold" });
    expect(await res.json()).toEqual({ data: { property_id: "prp_op_close", status: "closed", refunds: "started" } });
    expect(calls).toEqual([{ propertyId: "prp_op_close", changes: { reason: "sold", cancelUnit: true } }]);
    expect(cancelled).toEqual(["prp_op_close"]);
    expect(await row("SELECT status FROM properties WHERE id = 'prp_op_close'")).toEqual({ status: "closed" });
    expect((await post("/v1/admin/stays/prp_op_close/close", { reason: "sold" })).status).toBe(200);
    expect(calls).toHaveLength(1);
    expect(cancelled).toEqual(["prp_op_close", "prp_op_close"]);
    const later = await post("/v1/admin/stays/prp_op_close/closures", {
      from: today(),
      to: today(),
      kind: "closed",
      reason: "x",
    });
    expect((await problem(later)).body).toMatchObject({ code: "PROPERTY_CLOSED", status: 409 });
  });

  it("refuses bad requests with a stable problem, before the object is called", async () => {
    const rates = (path: string, body: Record<string, unknown>) =>
      post(path, { from: today(), to: today(), price_minor: 100, reason: "r", ...body });
    const A = "/v1/admin/stays/prp_op_a/room-types/rt_op_double/rates";
    expect(await problem(await rates("/v1/admin/stays/prp_op_zz/room-types/rt_op_double/rates", {}))).toEqual({
      status: 404,
      body: {
        code: "PROPERTY_NOT_FOUND",
        status: 404,
        title: "Property not found",
        detail: "No property has the id 'prp_op_zz'.",
      },
    });
    expect(await problem(await rates("/v1/admin/stays/prp_op_a/room-types/rt_op_b/rates", {}))).toEqual({
      status: 404,
      body: {
        code: "ROOM_TYPE_NOT_FOUND",
        status: 404,
        title: "The property has no such room type",
        detail: "Property prp_op_a has no room type 'rt_op_b'.",
        field: "room_type_id",
      },
    });
    expect((await problem(await rates(A, { from: addDays(today(), -1) }))).body).toMatchObject({
      code: "DATE_IN_PAST",
      field: "from",
    });
    expect((await problem(await rates(A, { to: addDays(today(), 366) }))).body).toMatchObject({
      code: "DATE_TOO_FAR",
      field: "to",
    });
    expect(await problem(await rates(A, { to: addDays(today(), -1), from: today() }))).toEqual({
      status: 400,
      body: {
        code: "INVALID_DATE_RANGE",
        status: 400,
        title: "The date range ends before it starts",
        detail: `to (${addDays(today(), -1)}) is before from (${today()}).`,
        field: "to",
      },
    });
    expect((await problem(await rates(A, { price_minor: undefined }))).body).toMatchObject({
      code: "VALIDATION_FAILED",
    });
    expect(
      (await problem(await post(A, { from: today(), to: today(), price_minor: 1, reason: "r" }, false))).status,
    ).toBe(401);
    expect(calls).toEqual([]);
  });
});
