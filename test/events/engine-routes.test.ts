import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import { inventoryStub } from "../../src/inventory/stub";
import { jsonLogger } from "../../src/lib/logger";
import { EVENTS_CRON_TASKS } from "../../src/products/events/cron";
import type { InventoryObject } from "../../workers/inventory-object";
import { problemOf, type SignedIn, signIn } from "../support/accounts";
import { api } from "../support/app-client";
import { bookingRow, chargeJobFor, deliver, refundOf } from "../support/bookings";
import { insertEventUnit } from "../support/event-units";
import { uniqueCaller } from "../support/limited-app";

/**
 * The events routes that need the engine, on the real Worker: operator changes land in the
 * event's inventory object, the waitlist's offers are holds on it and emails in the outbox, and
 * the per-minute cron offers what came back.
 */
const ADMIN = "Bearer test-admin-key";

function send(method: string, path: string, body?: object, headers: Record<string, string> = {}) {
  return api(path, {
    method,
    headers: { "content-type": "application/json", "cf-connecting-ip": uniqueCaller().ip, ...headers },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}
const asAdmin = (method: string, path: string, body?: object) => send(method, path, body, { authorization: ADMIN });

async function hold(eventId: string, tierId: string, quantity = 1): Promise<string> {
  const res = await send("POST", "/v1/holds", { event_id: eventId, tier_id: tierId, quantity });
  expect(res.status).toBe(201);
  return (await res.json<{ id: string }>()).id;
}

/** The object's publish reaches D1 in the background; the test waits for it, not for a time. */
const published = (eventId: string) =>
  runInDurableObject(env.INVENTORY.getByName(eventId) as DurableObjectStub<InventoryObject>, (o) => o.publisher.idle());

async function join(eventId: string, name: string, quantity = 1) {
  const email = `${name.toLowerCase()}.${crypto.randomUUID().slice(0, 6)}@example.com`;
  const res = await send("POST", `/v1/events/${eventId}/waitlist`, { tier_id: "tier_ga", quantity, email, name });
  expect(res.status).toBe(201);
  return { email, ...(await res.json<{ id: string; leave_token: string; position: number }>()) };
}

const runWaitlistCron = (now = Date.now()) => {
  const task = EVENTS_CRON_TASKS.alerts?.[0];
  if (!task) throw new Error("no waitlist cron task");
  return task.run({ env, db: createDb(env.DB), log: jsonLogger({ test: true }), now });
};

async function noticesTo(email: string): Promise<string[]> {
  const { results } = await env.DB.prepare(
    "SELECT dedupe_key FROM email_outbox WHERE kind = 'product_notice' AND to_address = ? ORDER BY dedupe_key",
  )
    .bind(email)
    .all<{ dedupe_key: string }>();
  return results.map((r) => r.dedupe_key.split(":")[0] ?? "");
}

async function entryStatuses(eventId: string): Promise<string[]> {
  const { results } = await env.DB.prepare("SELECT status FROM event_waitlist_entries WHERE event_id = ? ORDER BY seq")
    .bind(eventId)
    .all<{ status: string }>();
  return results.map((r) => r.status);
}

async function organiserOwning(units: string[]): Promise<SignedIn> {
  const organiser = await signIn();
  expect((await asAdmin("POST", "/v1/admin/role-grants", { email: organiser.email, role: "organiser" })).status).toBe(
    200,
  );
  const res = await asAdmin("PUT", `/v1/admin/inventory-owners/${organiser.accountId}`, { unit_ids: units });
  expect(res.status).toBe(200);
  return organiser;
}

describe("operator endpoints for events", () => {
  it("are for an admin or the event's own organiser", async () => {
    const [mine, theirs] = [await insertEventUnit(env.DB), await insertEventUnit(env.DB)];
    const organiser = await organiserOwning([mine.id]);
    const change = { reason: "more room", tiers: [{ id: "tier_ga", capacity: 120 }] };
    const path = (id: string) => `/v1/admin/events/${id}/tiers`;
    expect(await problemOf(await send("PATCH", path(mine.id), change))).toMatchObject({
      status: 401,
      code: "UNAUTHENTICATED",
    });
    const traveller = await signIn();
    expect(await problemOf(await send("PATCH", path(mine.id), change, { authorization: traveller.bearer }))).toEqual({
      status: 403,
      code: "FORBIDDEN",
      detail: "Only an organiser (or an admin) may do this.",
    });
    const own = await send("PATCH", path(mine.id), change, { authorization: organiser.bearer });
    expect(own.status).toBe(200);
    expect(await problemOf(await send("PATCH", path(theirs.id), change, { authorization: organiser.bearer }))).toEqual({
      status: 403,
      code: "FORBIDDEN",
      detail: "Organisers may change only the inventory assigned to them.",
    });
    expect((await inventoryStub(env, mine.id).availability())[0]).toMatchObject({ capacity: 120 });
  });

  it("change a tier's capacity and price in the object, and answer the event as its details show it", async () => {
    const fx = await insertEventUnit(env.DB, { tiers: [{ id: "tier_ga", capacity: 100, priceMinor: 2500 }] });
    await hold(fx.id, "tier_ga", 2);
    const res = await asAdmin("PATCH", `/v1/admin/events/${fx.id}/tiers`, {
      reason: "bigger room",
      tiers: [{ id: "tier_ga", capacity: 150, price_minor: 3000 }],
    });
    expect(res.status).toBe(200);
    const body = await res.json<{ tiers: { id: string; capacity: number; remaining: number; price: unknown }[] }>();
    expect(body.tiers.map((t) => [t.id, t.capacity, t.remaining, t.price])).toEqual([
      ["tier_ga", 150, 148, { amount_minor: 3000, currency: "GBP" }],
    ]);
    expect((await inventoryStub(env, fx.id).availability())[0]).toMatchObject({
      capacity: 150,
      held: 2,
      available: 148,
      priceMinor: 3000,
    });
  });

  it("answer a problem for a tier of another event, the object's refusal, an unknown event and a bad body", async () => {
    const fx = await insertEventUnit(env.DB, { tiers: [{ id: "tier_ga", capacity: 100 }] });
    const path = `/v1/admin/events/${fx.id}/tiers`;
    const patch = (body: unknown, at = path) => asAdmin("PATCH", at, body as object);
    expect(await problemOf(await patch({ reason: "r", tiers: [{ id: "tier_vip", capacity: 5 }] }))).toEqual({
      status: 404,
      code: "TIER_NOT_FOUND",
      detail: "tiers[0]: the event has no tier 'tier_vip'.",
    });
    await hold(fx.id, "tier_ga", 3);
    expect(await problemOf(await patch({ reason: "r", tiers: [{ id: "tier_ga", capacity: 1 }] }))).toMatchObject({
      status: 409,
      code: "CAPACITY_BELOW_COMMITTED",
    });
    const unknownPath = "/v1/admin/events/evt_nothing_here/tiers";
    expect(await problemOf(await patch({ reason: "r", tiers: [{ id: "tier_ga", capacity: 5 }] }, unknownPath))).toEqual(
      { status: 404, code: "EVENT_NOT_FOUND", detail: "No event has the id 'evt_nothing_here'." },
    );
    const bad = await patch({ reason: "r", tiers: [{ id: "tier_ga", capacity: 0, seats: 3 }] });
    expect(await problemOf(bad)).toMatchObject({ status: 400, code: "VALIDATION_FAILED" });
    expect((await inventoryStub(env, fx.id).availability())[0]).toMatchObject({ capacity: 100, held: 3 });
  });

  it("add a tier (201) that can be held at once, and refuse an id the event has", async () => {
    const fx = await insertEventUnit(env.DB, { tiers: [{ id: "tier_ga", capacity: 100 }] });
    await hold(fx.id, "tier_ga");
    const tier = { id: "tier_box", name: "Box", capacity: 8, price_minor: 9000, max_per_order: 4, refund_policy: [] };
    const created = await asAdmin("POST", `/v1/admin/events/${fx.id}/tiers`, { reason: "r", tier });
    expect(created.status).toBe(201);
    expect((await created.json<{ tiers: { id: string }[] }>()).tiers.map((t) => t.id)).toEqual(["tier_ga", "tier_box"]);
    await hold(fx.id, "tier_box", 4);
    expect(await problemOf(await asAdmin("POST", `/v1/admin/events/${fx.id}/tiers`, { reason: "r", tier }))).toEqual({
      status: 409,
      code: "TIER_EXISTS",
      detail: "The event has a tier 'tier_box' already.",
    });
  });

  it("cancel the event: the object refuses new holds and releases the held ones, the waitlist is told", async () => {
    const fx = await insertEventUnit(env.DB, { tiers: [{ id: "tier_ga", capacity: 2, maxPerOrder: 2 }] });
    const held = await hold(fx.id, "tier_ga", 2);
    const zoe = await join(fx.id, "Zoe", 2);
    const res = await asAdmin("POST", `/v1/admin/events/${fx.id}/cancel`, { reason: "storm warning" });
    expect(res.status).toBe(200);
    expect((await res.json<{ status: string }>()).status).toBe("cancelled");
    expect(await inventoryStub(env, fx.id).getHold(held)).toMatchObject({ status: "released" });
    expect(
      await problemOf(await send("POST", "/v1/holds", { event_id: fx.id, tier_id: "tier_ga", quantity: 1 })),
    ).toEqual({ status: 409, code: "EVENT_CANCELLED", detail: "The event is cancelled." });
    await expect.poll(() => noticesTo(zoe.email)).toEqual(["waitlist-cancelled", "waitlist-joined"]);
    expect(await entryStatuses(fx.id)).toEqual(["cancelled"]);
  });
});

describe("the waitlist over HTTP", () => {
  it("joins a sold-out tier (201 with the leave token), answers a repeat with the same place (200), leaves with the token", async () => {
    const fx = await insertEventUnit(env.DB, { tiers: [{ id: "tier_ga", capacity: 2, maxPerOrder: 2 }] });
    await hold(fx.id, "tier_ga", 2);
    const path = `/v1/events/${fx.id}/waitlist`;
    const body = { tier_id: "tier_ga", quantity: 1, email: "ana@example.com", name: "Ana" };
    const first = await send("POST", path, body);
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
    const repeat = await send("POST", path, body);
    expect(repeat.status).toBe(200);
    expect(await repeat.json()).toEqual({ ...entry, leave_token: undefined });
    const leavePath = `${path}/${entry.id}`;
    const wrong = await send("DELETE", leavePath, undefined, { "waitlist-token": "guess" });
    expect(await problemOf(wrong)).toEqual({
      status: 404,
      code: "WAITLIST_ENTRY_NOT_FOUND",
      detail: `No waitlist entry '${entry.id}' with this token.`,
    });
    const left = await send("DELETE", leavePath, undefined, { "waitlist-token": entry.leave_token });
    expect(await left.json()).toEqual({ id: entry.id, status: "left" });
  });

  it("refuses a tier that can still sell (409 TIER_NOT_SOLD_OUT) and a bad address", async () => {
    const fx = await insertEventUnit(env.DB, { tiers: [{ id: "tier_ga", capacity: 10, maxPerOrder: 2 }] });
    await hold(fx.id, "tier_ga", 2);
    await hold(fx.id, "tier_ga", 2);
    await hold(fx.id, "tier_ga", 2);
    const path = `/v1/events/${fx.id}/waitlist`;
    const body = { tier_id: "tier_ga", quantity: 2, email: "a@example.com", name: "A" };
    expect(await problemOf(await send("POST", path, body))).toEqual({
      status: 409,
      code: "TIER_NOT_SOLD_OUT",
      detail: "4 tickets of this tier are on sale: hold them instead.",
      available: 4,
    });
    expect(await problemOf(await send("POST", path, { ...body, email: "not-an-address" }))).toMatchObject({
      status: 400,
      code: "VALIDATION_FAILED",
      errors: [{ field: "email" }],
    });
  });

  it("offers returned tickets to the first in line only, never more offers than tickets came back, under racing returns and crons", async () => {
    const fx = await insertEventUnit(env.DB, { tiers: [{ id: "tier_ga", capacity: 4, maxPerOrder: 1 }] });
    const holds = [await hold(fx.id, "tier_ga"), await hold(fx.id, "tier_ga"), await hold(fx.id, "tier_ga")];
    await hold(fx.id, "tier_ga");
    const line = [];
    for (const name of ["Ana", "Ben", "Cy", "Dee", "Eve"]) line.push(await join(fx.id, name));

    // Two holds released at once (their tickets come back), and three crons racing to offer them.
    const released = await Promise.all(holds.slice(0, 2).map((id) => send("DELETE", `/v1/holds/${id}`)));
    expect(released.map((r) => r.status)).toEqual([200, 200]);
    await published(fx.id);
    await Promise.all([runWaitlistCron(), runWaitlistCron(), runWaitlistCron()]);
    expect(await entryStatuses(fx.id)).toEqual(["offered", "offered", "waiting", "waiting", "waiting"]);
    expect((await inventoryStub(env, fx.id).availability())[0]).toMatchObject({ held: 4, available: 0 });
    expect(await noticesTo(line[0]?.email ?? "")).toEqual(["waitlist-joined", "waitlist-offer"]);
    expect(await noticesTo(line[2]?.email ?? "")).toEqual(["waitlist-joined"]);

    // Ana declines (her offer's hold is released) while the last hold is released too: two
    // tickets back, offered to Cy and Dee, in that order; Eve waits.
    const ana = line[0];
    await Promise.all([
      send("DELETE", `/v1/events/${fx.id}/waitlist/${ana?.id}`, undefined, {
        "waitlist-token": ana?.leave_token ?? "",
      }),
      send("DELETE", `/v1/holds/${holds[2]}`),
    ]);
    await published(fx.id);
    await Promise.all([runWaitlistCron(), runWaitlistCron()]);
    expect(await entryStatuses(fx.id)).toEqual(["left", "offered", "offered", "offered", "waiting"]);
    expect((await inventoryStub(env, fx.id).availability())[0]).toMatchObject({ held: 4, available: 0 });
    const pending = await env.DB.prepare("SELECT pending FROM event_waitlist_lines WHERE event_id = ?")
      .bind(fx.id)
      .first<{ pending: number }>();
    expect(pending).toEqual({ pending: 0 });
  });
});

describe("the waitlist when an operator raises a tier's capacity", () => {
  it("offers the new tickets to the first in line at once, never more offers than new tickets, and the racing crons add none", async () => {
    const fx = await insertEventUnit(env.DB, { tiers: [{ id: "tier_ga", capacity: 2, maxPerOrder: 1 }] });
    await hold(fx.id, "tier_ga");
    await hold(fx.id, "tier_ga");
    const line = [];
    for (const name of ["Ana", "Ben", "Cy"]) line.push(await join(fx.id, name));

    const res = await asAdmin("PATCH", `/v1/admin/events/${fx.id}/tiers`, {
      reason: "two more seats",
      tiers: [{ id: "tier_ga", capacity: 4 }],
    });
    expect(res.status).toBe(200);
    // The route offers in the background; the crons race it and must not offer a third ticket.
    await Promise.all([published(fx.id), runWaitlistCron(), runWaitlistCron()]);
    await expect.poll(() => entryStatuses(fx.id)).toEqual(["offered", "offered", "waiting"]);
    await published(fx.id);
    await runWaitlistCron();
    expect(await entryStatuses(fx.id)).toEqual(["offered", "offered", "waiting"]);
    expect((await inventoryStub(env, fx.id).availability())[0]).toMatchObject({ capacity: 4, held: 4, available: 0 });
    expect(await noticesTo(line[1]?.email ?? "")).toEqual(["waitlist-joined", "waitlist-offer"]);
    expect(await noticesTo(line[2]?.email ?? "")).toEqual(["waitlist-joined"]);
  });
});

describe("the waitlist's offers as time passes", () => {
  it("ends an offer whose hold lapsed and offers its tickets to the next in line", async () => {
    const fx = await insertEventUnit(env.DB, { tiers: [{ id: "tier_ga", capacity: 2, maxPerOrder: 1 }] });
    const clock = { now: Date.now() };
    await runInDurableObject(env.INVENTORY.getByName(fx.id) as DurableObjectStub<InventoryObject>, (o) => {
      o.clock = { now: () => clock.now };
    });
    const first = await hold(fx.id, "tier_ga");
    await hold(fx.id, "tier_ga");
    const [ana, ben] = [await join(fx.id, "Ana"), await join(fx.id, "Ben")];
    await send("DELETE", `/v1/holds/${first}`);
    await published(fx.id);
    await runWaitlistCron();
    expect(await entryStatuses(fx.id)).toEqual(["offered", "waiting"]);

    // Half an hour and a minute later Ana's offer (and the other buyer's hold) have lapsed in the
    // object: both tickets come back, the cron ends her turn and offers Ben his one ticket.
    clock.now += 31 * 60_000;
    expect((await inventoryStub(env, fx.id).availability())[0]).toMatchObject({ held: 0, available: 2 });
    await published(fx.id);
    await runWaitlistCron(clock.now);
    expect(await entryStatuses(fx.id)).toEqual(["expired", "offered"]);
    expect(await noticesTo(ana.email)).toEqual(["waitlist-joined", "waitlist-offer"]);
    expect(await noticesTo(ben.email)).toEqual(["waitlist-joined", "waitlist-offer"]);
  });
});

describe("cancelling an event with bookings", () => {
  it("cancels and refunds every confirmed booking of the event in full", async () => {
    const fx = await insertEventUnit(env.DB, { tiers: [{ id: "tier_ga", capacity: 10, priceMinor: 4000 }] });
    const bookingIds: string[] = [];
    for (const quantity of [1, 2]) {
      const held = await hold(fx.id, "tier_ga", quantity);
      const res = await send("POST", "/v1/bookings", {
        hold_id: held,
        passengers: Array.from({ length: quantity }, () => ({ given_name: "Ada", family_name: "Lovelace" })),
        contact: { email: "ada@example.com" },
        payment: { method: "card", token: "tok_success" },
      });
      const { id } = await res.json<{ id: string }>();
      await deliver([await chargeJobFor(id)]);
      bookingIds.push(id);
    }
    expect((await asAdmin("POST", `/v1/admin/events/${fx.id}/cancel`, { reason: "venue flooded" })).status).toBe(200);
    for (const id of bookingIds) {
      await expect.poll(async () => (await bookingRow(id))?.status).toMatch(/^(cancelled|refunded)$/);
      expect(await refundOf(id)).toMatchObject({ amount_minor: expect.any(Number) });
    }
    expect((await inventoryStub(env, fx.id).strandedHolds()).length).toBe(0);
  });
});
