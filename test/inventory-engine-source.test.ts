import { describe, expect, it } from "vitest";
import type { InventorySource, PoolDefinition } from "../src/inventory/contract";
import { err, ok } from "../src/lib/result";
import { manualClock, withInventory } from "./support/inventory";

/**
 * The engine with a source of its own (what stays and events plug in): pools materialised on
 * demand, sales windows, per-hold limits and a product rule, on a unit that never closes.
 */
const NIGHTS = ["rt_a@2030-01-01", "rt_a@2030-01-02", "rt_a@2030-01-03"];
const night = (pool: string, over: Partial<PoolDefinition> = {}): PoolDefinition => ({
  pool,
  capacity: 2,
  priceMinor: 10_000,
  label: `Room A, ${pool.split("@")[1]}`,
  salesOpenAt: null,
  salesCloseAt: null,
  maxPerHold: null,
  refundPolicy: [{ before: 2_000_000_000_000, refundBps: 10_000 }],
  attrs: {},
  ...over,
});

function testSource(loads: string[][]): InventorySource {
  return {
    load: async (_deps, unitId) => ({
      unit: { unitId, product: "stays", status: "open", closesAt: null, currency: "EUR" },
      pools: [night("rt_tier@2030-01-01", { salesOpenAt: 5_000_000_000_000, maxPerHold: 1 })],
    }),
    loadPools: async (_deps, _unitId, pools) => {
      loads.push(pools);
      return pools.filter((p) => NIGHTS.includes(p)).map((p) => night(p));
    },
    checkHold: (_unit, request) =>
      Number(request.context?.adults ?? 1) <= 2 ? ok(undefined) : err("TOO_MANY_GUESTS", "Two adults per room."),
    publish: async () => {},
    codes: {
      unitNotFound: "PROPERTY_NOT_FOUND",
      unitCancelled: "PROPERTY_NOT_FOUND",
      salesClosed: "VALIDATION_FAILED",
      poolNotFound: "ROOM_TYPE_NOT_FOUND",
      insufficient: "CONFLICT",
      invalidQuantity: "VALIDATION_FAILED",
    },
    nouns: { unit: "property", quantity: "rooms", closed: "no longer sells" },
  };
}

const unitId = () => `prp_engine_${crypto.randomUUID().slice(0, 8)}`;

describe("an InventorySource with pools made on demand", () => {
  it("loads the nights a hold names once, before its transaction, and holds them all or none", async () => {
    const id = unitId();
    const loads: string[][] = [];
    await withInventory(id, async (object) => {
      object.source = testSource(loads);
      object.clock = manualClock();
      const stay = { unitId: id, ttlSeconds: 600, lines: NIGHTS.slice(0, 2).map((pool) => ({ pool, quantity: 2 })) };
      expect(await object.placeHold({ holdId: "hld_1", ...stay })).toMatchObject({
        ok: true,
        value: { product: "stays", totalMinor: 40_000, lines: [{ quantity: 2 }, { quantity: 2 }] },
      });
      // The second night is full: a stay over nights 2 and 3 is refused whole (night 3, loaded for
      // it, is not kept either: its addition was part of the refused transaction).
      const next = { unitId: id, ttlSeconds: 600, lines: NIGHTS.slice(1).map((pool) => ({ pool, quantity: 1 })) };
      expect(await object.placeHold({ holdId: "hld_2", ...next })).toEqual({
        ok: false,
        error: {
          code: "CONFLICT",
          detail: "Only 0 rt_a@2030-01-02 rooms left.",
          extra: { lines: [{ pool: "rt_a@2030-01-02", requested: 1, left: 0 }] },
        },
      });
      expect(loads).toEqual([NIGHTS.slice(0, 2), [NIGHTS[2]]]);
      const pools = await object.availability();
      expect(pools.map((p) => [p.pool, p.held])).toEqual([
        ["rt_tier@2030-01-01", 0],
        ["rt_a@2030-01-01", 2],
        ["rt_a@2030-01-02", 2],
      ]);
      expect((await object.audit()).ok).toBe(true);
      // A night the source does not know is the product's "no such pool", and nothing is stored for it.
      const unknown = { unitId: id, ttlSeconds: 600, lines: [{ pool: "rt_zz@2030-01-01", quantity: 1 }] };
      expect(await object.placeHold({ holdId: "hld_3", ...unknown })).toMatchObject({
        ok: false,
        error: { code: "ROOM_TYPE_NOT_FOUND" },
      });
      expect(await object.availability()).toHaveLength(3);
    });
  });

  it("refuses before sales open, above a pool's per-hold limit, and by the product's own rule", async () => {
    const id = unitId();
    await withInventory(id, async (object) => {
      object.source = testSource([]);
      const clock = manualClock(4_000_000_000_000);
      object.clock = clock;
      const tier = (quantity: number, adults = 1) => ({
        holdId: `hld_${quantity}_${adults}_${clock.now()}`,
        unitId: id,
        ttlSeconds: 600,
        lines: [{ pool: "rt_tier@2030-01-01", quantity }],
        context: { adults },
      });
      expect(await object.placeHold(tier(1))).toEqual({
        ok: false,
        error: {
          code: "SALES_NOT_OPEN",
          detail: `Sales of Room A, 2030-01-01 open at ${new Date(5_000_000_000_000).toISOString()}.`,
          extra: { pool: "rt_tier@2030-01-01", sales_open_at: new Date(5_000_000_000_000).toISOString() },
        },
      });
      clock.advance(1_000_000_000_000);
      expect(await object.placeHold(tier(2))).toEqual({
        ok: false,
        error: {
          code: "ORDER_LIMIT_EXCEEDED",
          detail: "At most 1 of Room A, 2030-01-01 per hold.",
          extra: { pool: "rt_tier@2030-01-01", max_per_hold: 1 },
        },
      });
      expect(await object.placeHold(tier(1, 3))).toEqual({
        ok: false,
        error: { code: "TOO_MANY_GUESTS", detail: "Two adults per room." },
      });
      expect(await object.placeHold(tier(1, 2))).toMatchObject({ ok: true, value: { context: { adults: 2 } } });
    });
  });
});
