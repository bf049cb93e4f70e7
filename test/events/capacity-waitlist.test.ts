import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import type { OperatorChanges, PoolAvailability } from "../../src/inventory/contract";
import { ok } from "../../src/lib/result";
import { eventsInventory } from "../../src/products/events/inventory";
import { changeTiers } from "../../src/products/events/operator/tiers";
import { insertEventUnit } from "../support/event-units";

/**
 * An operator's capacity raise frees tickets as a return does: the tier's waitlist line gains the
 * rise, exactly once, whether the object's publish (which also sees the rise) reaches D1 before or
 * after the operator verb's mirror. The object stands in as an accepting recorder here; the whole
 * path over HTTP with the real object is in engine-routes.test.ts.
 */
const db = createDb(env.DB);

const row = (pool: string, capacity: number, available: number): PoolAvailability => ({
  pool,
  label: pool,
  capacity,
  held: 0,
  sold: capacity - available,
  available,
  priceMinor: 2500,
  currency: "GBP",
});

const operatorDeps = {
  db,
  now: () => Date.now(),
  bumpCities: async () => [],
  applyOperatorChanges: async (_unitId: string, changes: OperatorChanges) =>
    ok((changes.pools ?? []).map((p) => row(p.pool, p.capacity ?? 0, 0))),
};

const raise = (eventId: string, capacity: number) =>
  changeTiers({
    deps: operatorDeps,
    input: { eventId, reason: "bigger room", tiers: [{ tierId: "tier_ga", capacity }] },
  });

async function soldOutWithWaiters(waiting: number) {
  const fx = await insertEventUnit(env.DB, { tiers: [{ id: "tier_ga", capacity: 2, maxPerOrder: 1, remaining: 0 }] });
  for (let i = 0; i < waiting; i++) {
    await env.DB.prepare(
      `INSERT INTO event_waitlist_entries (id, event_id, tier_id, quantity, email, name, leave_token_hash, status, created_at, updated_at)
       VALUES (?1, ?2, 'tier_ga', 1, ?1 || '@example.com', 'W', 'x', 'waiting', 0, 0)`,
    )
      .bind(`wle_${crypto.randomUUID().slice(0, 8)}`, fx.id)
      .run();
  }
  return fx;
}

const lineOf = (eventId: string) =>
  env.DB.prepare(
    `SELECT t.remaining, t.capacity, l.pending FROM ticket_tiers t
     LEFT JOIN event_waitlist_lines l ON l.event_id = t.event_id AND l.tier_id = t.tier_id
     WHERE t.event_id = ?`,
  )
    .bind(eventId)
    .first();

describe("a tier's capacity raised by an operator", () => {
  it("adds the freed tickets to the waitlist's pending once when the operator's mirror lands first", async () => {
    const fx = await soldOutWithWaiters(3);
    expect((await raise(fx.id, 5)).ok).toBe(true);
    expect(await lineOf(fx.id)).toEqual({ remaining: 3, capacity: 5, pending: 3 });
    // The object's publish of the same numbers afterwards adds nothing.
    await eventsInventory.publish({ db }, fx.id, [row("tier_ga", 5, 3)], Date.now());
    expect(await lineOf(fx.id)).toEqual({ remaining: 3, capacity: 5, pending: 3 });
  });

  it("adds them once when the object's publish lands first", async () => {
    const fx = await soldOutWithWaiters(3);
    await eventsInventory.publish({ db }, fx.id, [row("tier_ga", 5, 3)], Date.now());
    expect(await lineOf(fx.id)).toEqual({ remaining: 3, capacity: 5, pending: 3 });
    expect((await raise(fx.id, 5)).ok).toBe(true);
    expect(await lineOf(fx.id)).toEqual({ remaining: 3, capacity: 5, pending: 3 });
  });

  it("leaves the waitlist alone when nobody waits, and when the capacity falls", async () => {
    const nobody = await soldOutWithWaiters(0);
    expect((await raise(nobody.id, 5)).ok).toBe(true);
    expect(await lineOf(nobody.id)).toEqual({ remaining: 3, capacity: 5, pending: null });
    const waiting = await soldOutWithWaiters(2);
    await env.DB.prepare("UPDATE ticket_tiers SET capacity = 6, remaining = 2 WHERE event_id = ?")
      .bind(waiting.id)
      .run();
    expect((await raise(waiting.id, 5)).ok).toBe(true);
    expect(await lineOf(waiting.id)).toEqual({ remaining: 1, capacity: 5, pending: null });
  });
});
