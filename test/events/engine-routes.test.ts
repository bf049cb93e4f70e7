import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createIsolateState } from "../../src/api/isolate-state";
import { createApp } from "../../src/http/app";
import type { OperatorChanges, PoolAvailability } from "../../src/inventory/contract";
import { err, ok } from "../../src/lib/result";
import { type EventsEngine, registerEventEngineRoutes } from "../../src/products/events/http/engine-routes";
import type { WaitlistEmail } from "../../src/products/events/waitlist/deps";
import { appClient } from "../support/app-client";
import { insertEventUnit } from "../support/event-units";

/**
 * The events routes that need the engine, on the real app with a fake standing in for the
 * engine ONLY here (the real one is wired at the merge): it records operator changes, answers
 * availability from a counter, and keeps emails. Validation, auth, problem bodies and D1 are real.
 */
function withFakeEngine(available: Record<string, number> = {}) {
  const changes: { unitId: string; changes: OperatorChanges }[] = [];
  const refunds: string[] = [];
  const emails: WaitlistEmail[] = [];
  const engine: EventsEngine = {
    applyOperatorChanges: async (_s, unitId, c) => {
      changes.push({ unitId, changes: c });
      if (c.pools?.some((p) => p.capacity === 1)) return err("CAPACITY_BELOW_COMMITTED", "3 tickets are held or sold.");
      return ok(
        (c.pools ?? []).map(
          (p): PoolAvailability => ({
            pool: p.pool,
            label: p.pool,
            capacity: p.capacity ?? 0,
            held: 0,
            sold: 0,
            available: p.capacity ?? 0,
            priceMinor: p.priceMinor ?? 0,
            currency: "GBP",
          }),
        ),
      );
    },
    cancelBookingsOfCancelledUnit: (_s, _r, unitId) => refunds.push(unitId),
    waitlist: () => ({
      availability: async () =>
        Object.entries(available).map(([pool, n]) => ({
          pool,
          label: pool,
          capacity: 10,
          held: 0,
          sold: 10 - n,
          available: n,
          priceMinor: 100,
          currency: "GBP",
        })),
      placeHold: async () => err("INSUFFICIENT_TICKETS", "none"),
      releaseHold: async () => ok(null),
      enqueueEmail: async (e) => {
        emails.push(e);
      },
    }),
  };
  const isolate = createIsolateState();
  const app = createApp(isolate);
  registerEventEngineRoutes(app, isolate, engine);
  return { client: appClient(env, app), changes, refunds, emails };
}

const ADMIN = { authorization: "Bearer test-admin-key", "content-type": "application/json" };
const JSON_BODY = { "content-type": "application/json" };

const problem = (res: Response, code: string, status: number, title: string, detail: string, path: string) => ({
  type: `https://edgefare.dev/problems/${code.toLowerCase().replaceAll("_", "-")}`,
  title,
  status,
  code,
  detail,
  instance: path,
  request_id: res.headers.get("x-request-id"),
});

describe("operator endpoints for events", () => {
  it("need the admin key", async () => {
    const { client, changes } = withFakeEngine();
    const path = "/v1/admin/events/evt_any/cancel";
    const res = await client(path, { method: "POST", headers: JSON_BODY, body: JSON.stringify({ reason: "x" }) });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(
      problem(
        res,
        "UNAUTHENTICATED",
        401,
        "Authentication required",
        "Send the admin API key as `Authorization: Bearer <key>`.",
        path,
      ),
    );
    expect(changes).toEqual([]);
  });

  it("change a tier's capacity and price, and answer the event as its details show it", async () => {
    const fx = await insertEventUnit(env.DB, { tiers: [{ id: "tier_ga", capacity: 100, priceMinor: 2500 }] });
    const { client, changes } = withFakeEngine();
    const res = await client(`/v1/admin/events/${fx.id}/tiers`, {
      method: "PATCH",
      headers: ADMIN,
      body: JSON.stringify({ reason: "bigger room", tiers: [{ id: "tier_ga", capacity: 150, price_minor: 3000 }] }),
    });
    expect(res.status).toBe(200);
    const body = await res.json<{ tiers: { id: string; capacity: number; remaining: number; price: unknown }[] }>();
    expect(body.tiers.map((t) => [t.id, t.capacity, t.remaining, t.price])).toEqual([
      ["tier_ga", 150, 150, { amount_minor: 3000, currency: "GBP" }],
    ]);
    expect(changes).toEqual([
      {
        unitId: fx.id,
        changes: { reason: "bigger room", pools: [{ pool: "tier_ga", capacity: 150, priceMinor: 3000 }] },
      },
    ]);
  });

  it("answer a problem for a tier of another event, the object's refusal, an unknown event and a bad body", async () => {
    const fx = await insertEventUnit(env.DB, { tiers: [{ id: "tier_ga", capacity: 100 }] });
    const { client } = withFakeEngine();
    const path = `/v1/admin/events/${fx.id}/tiers`;
    const send = (body: unknown, at = path) =>
      client(at, { method: "PATCH", headers: ADMIN, body: JSON.stringify(body) });
    const other = await send({ reason: "r", tiers: [{ id: "tier_vip", capacity: 5 }] });
    expect(other.status).toBe(404);
    expect(await other.json()).toEqual(
      problem(
        other,
        "TIER_NOT_FOUND",
        404,
        "The event has no such ticket tier",
        "tiers[0]: the event has no tier 'tier_vip'.",
        path,
      ),
    );
    const refused = await send({ reason: "r", tiers: [{ id: "tier_ga", capacity: 1 }] });
    expect(await refused.json()).toEqual(
      problem(
        refused,
        "CAPACITY_BELOW_COMMITTED",
        409,
        "Capacity cannot go below the seats held and sold",
        "3 tickets are held or sold.",
        path,
      ),
    );
    const unknownPath = "/v1/admin/events/not-an-event/tiers";
    const unknown = await send({ reason: "r", tiers: [{ id: "tier_ga", capacity: 5 }] }, unknownPath);
    expect(await unknown.json()).toEqual(
      problem(unknown, "EVENT_NOT_FOUND", 404, "Event not found", "No event has the id 'not-an-event'.", unknownPath),
    );
    const bad = await send({ reason: "r", tiers: [{ id: "tier_ga", capacity: 0, seats: 3 }] });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: "VALIDATION_FAILED", status: 400 });
  });

  it("add a tier (201), and refuse an id the event has", async () => {
    const fx = await insertEventUnit(env.DB, { tiers: [{ id: "tier_ga", capacity: 100 }] });
    const { client } = withFakeEngine();
    const tier = { id: "tier_box", name: "Box", capacity: 8, price_minor: 9000, max_per_order: 4, refund_policy: [] };
    const send = () =>
      client(`/v1/admin/events/${fx.id}/tiers`, {
        method: "POST",
        headers: ADMIN,
        body: JSON.stringify({ reason: "r", tier }),
      });
    const created = await send();
    expect(created.status).toBe(201);
    expect((await created.json<{ tiers: { id: string }[] }>()).tiers.map((t) => t.id)).toEqual(["tier_ga", "tier_box"]);
    const again = await send();
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({
      code: "TIER_EXISTS",
      detail: "The event has a tier 'tier_box' already.",
    });
  });

  it("cancel the event: the object cancels the unit, refunds start, the waitlist is told", async () => {
    const fx = await insertEventUnit(env.DB, { tiers: [{ id: "tier_ga", capacity: 10, remaining: 0 }] });
    const { client, changes, refunds, emails } = withFakeEngine({ tier_ga: 0 });
    const join = await client(`/v1/events/${fx.id}/waitlist`, {
      method: "POST",
      headers: JSON_BODY,
      body: JSON.stringify({ tier_id: "tier_ga", quantity: 2, email: "zoe@example.com", name: "Zoë" }),
    });
    expect(join.status).toBe(201);
    const res = await client(`/v1/admin/events/${fx.id}/cancel`, {
      method: "POST",
      headers: ADMIN,
      body: JSON.stringify({ reason: "storm warning" }),
    });
    expect(res.status).toBe(200);
    expect((await res.json<{ status: string }>()).status).toBe("cancelled");
    expect(changes).toEqual([{ unitId: fx.id, changes: { reason: "storm warning", cancelUnit: true } }]);
    expect(refunds).toEqual([fx.id]);
    expect(emails.map((e) => e.dedupeKey.split(":")[0])).toEqual(["waitlist-joined", "waitlist-cancelled"]);
  });
});

describe("the waitlist over HTTP", () => {
  it("joins (201 with the leave token), answers a repeat with the same place (200), leaves with the token", async () => {
    const fx = await insertEventUnit(env.DB, { tiers: [{ id: "tier_ga", capacity: 10, remaining: 0 }] });
    const { client } = withFakeEngine({ tier_ga: 0 });
    const path = `/v1/events/${fx.id}/waitlist`;
    const body = JSON.stringify({ tier_id: "tier_ga", quantity: 1, email: "ana@example.com", name: "Ana" });
    const first = await client(path, { method: "POST", headers: JSON_BODY, body });
    expect(first.status).toBe(201);
    const entry = await first.json<{ id: string; leave_token: string }>();
    expect(entry).toEqual({
      id: entry.id,
      event_id: fx.id,
      tier_id: "tier_ga",
      quantity: 1,
      status: "waiting",
      position: 1,
      leave_token: entry.leave_token,
    });
    const repeat = await client(path, { method: "POST", headers: JSON_BODY, body });
    expect(repeat.status).toBe(200);
    expect(await repeat.json()).toEqual({ ...entry, leave_token: undefined });
    const leavePath = `${path}/${entry.id}`;
    const wrong = await client(leavePath, { method: "DELETE", headers: { "waitlist-token": "guess" } });
    expect(await wrong.json()).toEqual(
      problem(
        wrong,
        "WAITLIST_ENTRY_NOT_FOUND",
        404,
        "No such waitlist entry",
        `No waitlist entry '${entry.id}' with this token.`,
        leavePath,
      ),
    );
    const left = await client(leavePath, { method: "DELETE", headers: { "waitlist-token": entry.leave_token } });
    expect(await left.json()).toEqual({ id: entry.id, status: "left" });
  });

  it("refuses a tier that can still sell (409 TIER_NOT_SOLD_OUT), over the order limit, and a bad address", async () => {
    const fx = await insertEventUnit(env.DB, { tiers: [{ id: "tier_ga", capacity: 10, maxPerOrder: 2 }] });
    const { client } = withFakeEngine({ tier_ga: 4 });
    const path = `/v1/events/${fx.id}/waitlist`;
    const send = (b: object) =>
      client(path, {
        method: "POST",
        headers: JSON_BODY,
        body: JSON.stringify({ tier_id: "tier_ga", quantity: 2, email: "a@example.com", name: "A", ...b }),
      });
    const onSale = await send({});
    expect(await onSale.json()).toEqual({
      ...problem(
        onSale,
        "TIER_NOT_SOLD_OUT",
        409,
        "The tier still has tickets; hold them instead of joining the waitlist",
        "4 tickets of this tier are on sale: hold them instead.",
        path,
      ),
      available: 4,
    });
    const tooMany = await send({ quantity: 3 });
    expect(await tooMany.json()).toEqual({
      ...problem(
        tooMany,
        "ORDER_LIMIT_EXCEEDED",
        409,
        "More than one hold may take",
        "At most 2 tickets of this tier per order.",
        path,
      ),
      max_per_order: 2,
    });
    const badEmail = await send({ email: "not-an-address" });
    expect(badEmail.status).toBe(400);
    expect(await badEmail.json()).toMatchObject({ code: "VALIDATION_FAILED", errors: [{ field: "email" }] });
  });
});
