import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import type { OperatorChanges, PoolAvailability } from "../../src/inventory/contract";
import { err, ok } from "../../src/lib/result";
import { cancelEvent } from "../../src/products/events/operator/cancel";
import { addTier, changeTiers } from "../../src/products/events/operator/tiers";
import { DAY, insertEventUnit } from "../support/event-units";

/**
 * The engine's applyOperatorChanges is injected; here a recorder stands in for the event's object
 * (product-side test: what the verbs send it, and what D1 looks like after it accepts or refuses).
 */
function recorder(answer: "accept" | "refuse" = "accept") {
  const calls: { unitId: string; changes: OperatorChanges }[] = [];
  const bumped: string[][] = [];
  const deps = {
    db: createDb(env.DB),
    now: () => Date.now(),
    bumpCities: async (cities: string[]) => bumped.push(cities),
    applyOperatorChanges: async (unitId: string, changes: OperatorChanges) => {
      calls.push({ unitId, changes });
      if (answer === "refuse") return err("CAPACITY_BELOW_COMMITTED", "Tier tier_ga has 8 tickets held or sold.");
      const pools: PoolAvailability[] = (changes.pools ?? []).map((p) => ({
        pool: p.pool,
        label: p.pool,
        capacity: p.capacity ?? p.definition?.capacity ?? 0,
        held: 0,
        sold: 0,
        available: p.capacity ?? 0,
        priceMinor: p.priceMinor ?? p.definition?.priceMinor ?? 0,
        currency: "GBP",
      }));
      return ok(pools);
    },
  };
  return { deps, calls, bumped };
}

const tiers = (eventId: string) =>
  env.DB.prepare(
    `SELECT tier_id, capacity, remaining, price_minor, max_per_order, sales_open_at, sales_close_at
     FROM ticket_tiers WHERE event_id = ? ORDER BY position`,
  )
    .bind(eventId)
    .all()
    .then((r) => r.results);

describe("operator: change tiers", () => {
  it("sends capacity, price and window (ms) to the object in one change, then mirrors D1 and bumps the city", async () => {
    const fx = await insertEventUnit(env.DB, {
      city: "BER",
      tiers: [
        { id: "tier_ga", capacity: 100, maxPerOrder: 6, remaining: 60 },
        { id: "tier_vip", capacity: 10, remaining: 10 },
      ],
    });
    const { deps, calls, bumped } = recorder();
    const closeAt = fx.salesCloseAt - DAY;
    const result = await changeTiers({
      deps,
      input: {
        eventId: fx.id,
        reason: "bigger room",
        tiers: [
          { tierId: "tier_ga", capacity: 4, priceMinor: 3000 },
          { tierId: "tier_vip", salesCloseAt: closeAt },
        ],
      },
    });
    expect(result.ok).toBe(true);
    expect(calls).toEqual([
      {
        unitId: fx.id,
        changes: {
          reason: "bigger room",
          pools: [
            { pool: "tier_ga", capacity: 4, priceMinor: 3000 },
            { pool: "tier_vip", salesCloseAt: closeAt * 1000 },
          ],
        },
      },
    ]);
    expect(await tiers(fx.id)).toEqual([
      // remaining moves by the capacity delta (60 - 96, floored at 0); the order limit follows the capacity.
      {
        tier_id: "tier_ga",
        capacity: 4,
        remaining: 0,
        price_minor: 3000,
        max_per_order: 4,
        sales_open_at: null,
        sales_close_at: null,
      },
      {
        tier_id: "tier_vip",
        capacity: 10,
        remaining: 10,
        price_minor: 2500,
        max_per_order: 4,
        sales_open_at: null,
        sales_close_at: closeAt,
      },
    ]);
    expect(bumped).toEqual([["BER"]]);
  });

  it("leaves D1 and the caches alone when the object refuses, and answers its refusal", async () => {
    const fx = await insertEventUnit(env.DB, { tiers: [{ id: "tier_ga", capacity: 10 }] });
    const { deps, bumped } = recorder("refuse");
    const before = await tiers(fx.id);
    const result = await changeTiers({
      deps,
      input: { eventId: fx.id, reason: "r", tiers: [{ tierId: "tier_ga", capacity: 2 }] },
    });
    expect(result).toEqual(err("CAPACITY_BELOW_COMMITTED", "Tier tier_ga has 8 tickets held or sold."));
    expect(await tiers(fx.id)).toEqual(before);
    expect(bumped).toEqual([]);
  });

  it("refuses a tier of another event, a window outside the event's, a repeated tier, a cancelled or unknown event, before the object is asked", async () => {
    const fx = await insertEventUnit(env.DB, { tiers: [{ id: "tier_ga", capacity: 10 }] });
    const other = await insertEventUnit(env.DB, { tiers: [{ id: "tier_other", capacity: 10 }] });
    const cancelled = await insertEventUnit(env.DB, { status: "cancelled" });
    const { deps, calls } = recorder();
    const change = (eventId: string, t: Parameters<typeof changeTiers>[0]["input"]["tiers"]) =>
      changeTiers({ deps, input: { eventId, reason: "r", tiers: t } });
    expect(await change(fx.id, [{ tierId: "tier_other", capacity: 5 }])).toEqual(
      err("TIER_NOT_FOUND", "tiers[0]: the event has no tier 'tier_other'."),
    );
    expect(await change(fx.id, [{ tierId: "tier_ga", salesCloseAt: fx.startsAt + 1 }])).toEqual(
      err("VALIDATION_FAILED", "tiers[0]: a tier's sales window must lie inside the event's."),
    );
    expect(
      await change(fx.id, [
        { tierId: "tier_ga", salesOpenAt: fx.salesCloseAt - 10, salesCloseAt: fx.salesCloseAt - 20 },
      ]),
    ).toEqual(err("VALIDATION_FAILED", "tiers[0]: sales must open before they close."));
    expect(await change(fx.id, [{ tierId: "tier_ga" }, { tierId: "tier_ga" }])).toEqual(
      err("VALIDATION_FAILED", "tiers: each tier may appear once."),
    );
    expect(await change(cancelled.id, [{ tierId: "tier_ga", capacity: 5 }])).toEqual(
      err("EVENT_CANCELLED", "A cancelled event cannot be changed."),
    );
    expect(await change("evt_missing", [{ tierId: "tier_ga", capacity: 5 }])).toEqual(
      err("EVENT_NOT_FOUND", "No event has the id 'evt_missing'."),
    );
    expect(other.id).not.toBe(fx.id);
    expect(calls).toEqual([]);
  });
});

describe("operator: add a tier", () => {
  it("gives the object the full pool definition, then writes the tier after the others", async () => {
    const fx = await insertEventUnit(env.DB, { tiers: [{ id: "tier_ga", capacity: 10 }] });
    const { deps, calls } = recorder();
    const result = await addTier({
      deps,
      input: {
        eventId: fx.id,
        reason: "late release",
        tier: {
          tierId: "tier_balcony",
          name: "Balcony",
          capacity: 40,
          priceMinor: 1800,
          maxPerOrder: 4,
          salesOpenAt: null,
          salesCloseAt: null,
          refund: [
            { hours_before: 48, refund_bps: 5000 },
            { hours_before: 168, refund_bps: 10_000 },
          ],
        },
      },
    });
    expect(result.ok && result.value.tiers.map((t) => [t.tierId, t.position, t.remaining])).toEqual([
      ["tier_ga", 0, 10],
      ["tier_balcony", 1, 40],
    ]);
    expect(calls[0]?.changes).toEqual({
      reason: "late release",
      pools: [
        {
          pool: "tier_balcony",
          definition: {
            pool: "tier_balcony",
            capacity: 40,
            priceMinor: 1800,
            label: "Balcony",
            salesOpenAt: fx.salesOpenAt * 1000,
            salesCloseAt: fx.salesCloseAt * 1000,
            maxPerHold: 4,
            // Rules are kept most generous first, whatever order the operator sent.
            refundPolicy: [
              { before: (fx.startsAt - 168 * 3600) * 1000, refundBps: 10_000 },
              { before: (fx.startsAt - 48 * 3600) * 1000, refundBps: 5000 },
            ],
            attrs: { position: 1 },
          },
        },
      ],
    });
  });

  it("refuses an id the event has, and an order limit above the capacity", async () => {
    const fx = await insertEventUnit(env.DB, { tiers: [{ id: "tier_ga", capacity: 10 }] });
    const { deps, calls } = recorder();
    const tier = {
      tierId: "tier_ga",
      name: "GA",
      capacity: 3,
      priceMinor: 100,
      maxPerOrder: 2,
      salesOpenAt: null,
      salesCloseAt: null,
      refund: [],
    };
    expect(await addTier({ deps, input: { eventId: fx.id, reason: "r", tier } })).toEqual(
      err("TIER_EXISTS", "The event has a tier 'tier_ga' already."),
    );
    expect(
      await addTier({
        deps,
        input: { eventId: fx.id, reason: "r", tier: { ...tier, tierId: "tier_x", maxPerOrder: 4 } },
      }),
    ).toEqual(err("VALIDATION_FAILED", "tier.max_per_order: at most the capacity and at most 20 tickets per order."));
    expect(calls).toEqual([]);
  });
});

describe("operator: cancel an event", () => {
  it("cancels the unit in the object, then marks the event cancelled in D1 and bumps the city; a repeat is harmless", async () => {
    const fx = await insertEventUnit(env.DB, { city: "MAD" });
    const { deps, calls, bumped } = recorder();
    const first = await cancelEvent({ deps, input: { eventId: fx.id, reason: "storm" } });
    expect(first.ok && first.value.event.status).toBe("cancelled");
    const again = await cancelEvent({ deps, input: { eventId: fx.id, reason: "storm" } });
    expect(again.ok).toBe(true);
    expect(calls.map((c) => c.changes)).toEqual([
      { reason: "storm", cancelUnit: true },
      { reason: "storm", cancelUnit: true },
    ]);
    expect(bumped).toEqual([["MAD"], ["MAD"]]);
  });

  it("keeps the event scheduled when the object refuses", async () => {
    const fx = await insertEventUnit(env.DB);
    const { deps } = recorder("refuse");
    const result = await cancelEvent({ deps, input: { eventId: fx.id, reason: "storm" } });
    expect(result.ok).toBe(false);
    const row = await env.DB.prepare("SELECT status FROM events WHERE id = ?").bind(fx.id).first();
    expect(row).toEqual({ status: "scheduled" });
  });
});
