import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import type { PoolAvailability } from "../../src/inventory/contract";
import { createEventsInventory, eventsInventory } from "../../src/products/events/inventory";
import { api } from "../support/app-client";
import { DAY, insertEventUnit } from "../support/event-units";

const db = createDb(env.DB);
const deps = { db };

const row = (pool: string, capacity: number, available: number, priceMinor = 2500): PoolAvailability => ({
  pool,
  label: pool,
  capacity,
  held: 0,
  sold: capacity - available,
  available,
  priceMinor,
  currency: "GBP",
});

const tiersOf = (eventId: string) =>
  env.DB.prepare(
    "SELECT tier_id, remaining, capacity, price_minor, max_per_order FROM ticket_tiers WHERE event_id = ? ORDER BY position",
  )
    .bind(eventId)
    .all()
    .then((r) => r.results);

describe("events inventory source: load", () => {
  it("loads the event as a unit closing at its start and every tier as a pool with its window, limit and refund steps", async () => {
    const startsAt = Math.floor(Date.now() / 1000) + 30 * DAY;
    const fx = await insertEventUnit(env.DB, {
      startsAt,
      salesOpenAt: startsAt - 60 * DAY,
      salesCloseAt: startsAt - 3600,
      tiers: [
        { id: "tier_ga", name: "General admission", capacity: 500, priceMinor: 3500, maxPerOrder: 6 },
        {
          id: "tier_early",
          name: "Early bird",
          capacity: 50,
          priceMinor: 2000,
          maxPerOrder: 2,
          salesCloseAt: startsAt - 21 * DAY,
          refund: [
            { hours_before: 168, refund_bps: 10_000 },
            { hours_before: 48, refund_bps: 5_000 },
          ],
        },
      ],
    });
    const loaded = await eventsInventory.load(deps, fx.id);
    expect(loaded).toEqual({
      unit: { unitId: fx.id, product: "events", status: "open", closesAt: startsAt * 1000, currency: "GBP" },
      pools: [
        {
          pool: "tier_ga",
          capacity: 500,
          priceMinor: 3500,
          label: "General admission",
          salesOpenAt: (startsAt - 60 * DAY) * 1000,
          salesCloseAt: (startsAt - 3600) * 1000,
          maxPerHold: 6,
          refundPolicy: [],
          attrs: { position: 0 },
        },
        {
          pool: "tier_early",
          capacity: 50,
          priceMinor: 2000,
          label: "Early bird",
          salesOpenAt: (startsAt - 60 * DAY) * 1000,
          salesCloseAt: (startsAt - 21 * DAY) * 1000,
          maxPerHold: 2,
          refundPolicy: [
            { before: (startsAt - 168 * 3600) * 1000, refundBps: 10_000 },
            { before: (startsAt - 48 * 3600) * 1000, refundBps: 5_000 },
          ],
          attrs: { position: 1 },
        },
      ],
    });
  });

  it("loads a cancelled event as a cancelled unit", async () => {
    const fx = await insertEventUnit(env.DB, { status: "cancelled" });
    expect((await eventsInventory.load(deps, fx.id))?.unit.status).toBe("cancelled");
  });

  it("answers null for an id D1 does not know, so the object keeps no storage", async () => {
    expect(await eventsInventory.load(deps, "evt_nosuchevent")).toBeNull();
  });

  it("loads only the pools asked for, and leaves unknown names out (a tier of another event is not found)", async () => {
    const a = await insertEventUnit(env.DB, {
      tiers: [
        { id: "tier_a", capacity: 10 },
        { id: "tier_b", capacity: 10 },
      ],
    });
    await insertEventUnit(env.DB, { tiers: [{ id: "tier_other", capacity: 10 }] });
    const pools = await eventsInventory.loadPools?.(deps, a.id, ["tier_b", "tier_other"]);
    expect(pools?.map((p) => p.pool)).toEqual(["tier_b"]);
  });

  it("words the engine's refusals in events' codes", () => {
    expect(eventsInventory.codes).toEqual({
      unitNotFound: "EVENT_NOT_FOUND",
      unitCancelled: "EVENT_CANCELLED",
      salesClosed: "SALES_CLOSED",
      poolNotFound: "TIER_NOT_FOUND",
      insufficient: "INSUFFICIENT_TICKETS",
      invalidQuantity: "VALIDATION_FAILED",
    });
  });
});

describe("events inventory source: publish", () => {
  it("writes each tier's remaining, capacity and price back for search and details, and leaves other events alone", async () => {
    const fx = await insertEventUnit(env.DB, {
      tiers: [
        { id: "tier_ga", capacity: 100, maxPerOrder: 4 },
        { id: "tier_vip", capacity: 10, maxPerOrder: 4 },
      ],
    });
    const other = await insertEventUnit(env.DB, { tiers: [{ id: "tier_ga", capacity: 100 }] });
    await eventsInventory.publish(deps, fx.id, [row("tier_ga", 100, 37, 2600), row("tier_vip", 3, 0)], Date.now());
    expect(await tiersOf(fx.id)).toEqual([
      { tier_id: "tier_ga", remaining: 37, capacity: 100, price_minor: 2600, max_per_order: 4 },
      // A capacity cut below the order limit lowers the limit (CHECK max_per_order <= capacity).
      { tier_id: "tier_vip", remaining: 0, capacity: 3, price_minor: 2500, max_per_order: 3 },
    ]);
    expect(await tiersOf(other.id)).toEqual([
      { tier_id: "tier_ga", remaining: 100, capacity: 100, price_minor: 2500, max_per_order: 4 },
    ]);
  });

  it("bumps the city's search version when a tier sells out or comes back, or its price moves, and not for a mere count", async () => {
    const bumped: string[][] = [];
    const source = createEventsInventory({ invalidateCities: async (cities) => bumped.push(cities) });
    const fx = await insertEventUnit(env.DB, { city: "PAR", tiers: [{ id: "tier_ga", capacity: 10 }] });
    await source.publish(deps, fx.id, [row("tier_ga", 10, 7)], Date.now());
    expect(bumped).toEqual([]);
    await source.publish(deps, fx.id, [row("tier_ga", 10, 0)], Date.now());
    expect(bumped).toEqual([["PAR"]]);
    await source.publish(deps, fx.id, [row("tier_ga", 10, 0)], Date.now());
    await source.publish(deps, fx.id, [row("tier_ga", 10, 2)], Date.now());
    await source.publish(deps, fx.id, [row("tier_ga", 10, 2, 9900)], Date.now());
    expect(bumped).toEqual([["PAR"], ["PAR"], ["PAR"]]);
  });

  it("bumps through the object's bumpScopes with the city's events scope when no invalidation is passed", async () => {
    const scopes: string[][] = [];
    const fx = await insertEventUnit(env.DB, { city: "MAD", tiers: [{ id: "tier_ga", capacity: 10 }] });
    const viaObject = { db, bumpScopes: async (s: string[]) => scopes.push(s) };
    await eventsInventory.publish(viaObject, fx.id, [row("tier_ga", 10, 4)], Date.now());
    expect(scopes).toEqual([]);
    await eventsInventory.publish(viaObject, fx.id, [row("tier_ga", 10, 0)], Date.now());
    await eventsInventory.publish(viaObject, fx.id, [row("tier_ga", 10, 1)], Date.now());
    expect(scopes).toEqual([["scopever:events:MAD"], ["scopever:events:MAD"]]);
  });

  it("shows the published numbers in the event's details", async () => {
    const fx = await insertEventUnit(env.DB, { tiers: [{ id: "tier_ga", capacity: 20 }] });
    await eventsInventory.publish(deps, fx.id, [row("tier_ga", 20, 0)], Date.now());
    const body = await (await api(`/v1/events/${fx.id}`)).json<{
      tiers: { remaining: number; sold_out: boolean }[];
    }>();
    expect(body.tiers.map((t) => [t.remaining, t.sold_out])).toEqual([[0, true]]);
  });
});

describe("events inventory source: returns for the waitlist", () => {
  const pendingOf = (eventId: string) =>
    env.DB.prepare("SELECT tier_id, pending FROM event_waitlist_lines WHERE event_id = ? ORDER BY tier_id")
      .bind(eventId)
      .all()
      .then((r) => r.results);
  const wait = (eventId: string, tierId: string) =>
    env.DB.prepare(
      `INSERT INTO event_waitlist_entries (id, event_id, tier_id, quantity, email, name, leave_token_hash, status, created_at, updated_at)
       VALUES (?1, ?2, ?3, 1, ?1 || '@example.com', 'W', 'x', 'waiting', 0, 0)`,
    )
      .bind(`wle_${crypto.randomUUID().slice(0, 8)}`, eventId, tierId)
      .run();

  it("adds a tier's rise to its line's pending tickets when someone waits for it, once per rise, and ignores falls and tiers nobody waits for", async () => {
    const fx = await insertEventUnit(env.DB, {
      tiers: [
        { id: "tier_ga", capacity: 10, remaining: 0 },
        { id: "tier_vip", capacity: 5, remaining: 0 },
      ],
    });
    await wait(fx.id, "tier_ga");
    await eventsInventory.publish(deps, fx.id, [row("tier_ga", 10, 2), row("tier_vip", 5, 3)], Date.now());
    expect(await pendingOf(fx.id)).toEqual([{ tier_id: "tier_ga", pending: 2 }]);
    // The same numbers again: nothing new came back.
    await eventsInventory.publish(deps, fx.id, [row("tier_ga", 10, 2), row("tier_vip", 5, 3)], Date.now());
    await eventsInventory.publish(deps, fx.id, [row("tier_ga", 10, 1), row("tier_vip", 5, 3)], Date.now());
    expect(await pendingOf(fx.id)).toEqual([{ tier_id: "tier_ga", pending: 2 }]);
    await eventsInventory.publish(deps, fx.id, [row("tier_ga", 10, 4), row("tier_vip", 5, 3)], Date.now());
    expect(await pendingOf(fx.id)).toEqual([{ tier_id: "tier_ga", pending: 5 }]);
  });
});
