import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { applyCabinChange, openInventory, seatHold as place, withInventory } from "./support/inventory";

const FARES = [
  { cabin: "economy" as const, capacity: 5, priceMinor: 10_000 },
  { cabin: "business" as const, capacity: 2, priceMinor: 40_000 },
];

describe("operator changes", () => {
  it("applies a price change to new holds while existing holds keep their locked price", async () => {
    const { departureId, inventory } = await openInventory("price", { fares: FARES });
    await inventory.placeHold(place(departureId, "hld_before", 2));
    const changed = await applyCabinChange(inventory, { cabin: "economy", priceMinor: 15_000, reason: "peak" });
    expect(changed.ok && changed.value.find((f) => f.pool === "economy")?.priceMinor).toBe(15_000);
    await inventory.placeHold(place(departureId, "hld_after", 2));
    expect(await inventory.getHold("hld_before")).toMatchObject({
      lines: [{ unitPriceMinor: 10_000 }],
      totalMinor: 20_000,
    });
    expect(await inventory.getHold("hld_after")).toMatchObject({
      lines: [{ unitPriceMinor: 15_000 }],
      totalMinor: 30_000,
    });
    const confirmed = await inventory.confirmHold("hld_before", "bkg_1");
    expect(confirmed.ok && confirmed.value.totalMinor).toBe(20_000);
    expect((await inventory.ledger()).find((e) => e.kind === "price_changed")?.reason).toBe(
      "peak (price 10000 → 15000 EUR)",
    );
  });

  it("refuses a capacity below the seats held and sold, and accepts one exactly at it", async () => {
    const { departureId, inventory } = await openInventory("capacity", { fares: FARES });
    await inventory.placeHold(place(departureId, "hld_a", 2));
    await inventory.placeHold(place(departureId, "hld_b", 1));
    await inventory.confirmHold("hld_b", "bkg_1");
    expect(await applyCabinChange(inventory, { cabin: "economy", capacity: 2, reason: "smaller aircraft" })).toEqual({
      ok: false,
      error: {
        code: "CAPACITY_BELOW_COMMITTED",
        detail: "economy has 3 seats held or sold.",
        extra: { pool: "economy", committed: 3, held: 2, sold: 1 },
      },
    });
    const shrunk = await applyCabinChange(inventory, { cabin: "economy", capacity: 3, reason: "smaller aircraft" });
    expect(shrunk.ok && shrunk.value.find((f) => f.pool === "economy")).toMatchObject({ capacity: 3, available: 0 });
    expect(await inventory.placeHold(place(departureId, "hld_c", 1))).toMatchObject({
      ok: false,
      error: { code: "INSUFFICIENT_SEATS", extra: { lines: [{ pool: "economy", requested: 1, left: 0 }] } },
    });
  });

  it("writes nothing when the same change is applied again", async () => {
    const { inventory } = await openInventory("again", { fares: FARES });
    const change = { cabin: "business" as const, capacity: 4, priceMinor: 45_000, reason: "upgrade" };
    const first = await applyCabinChange(inventory, change);
    const ledger = await inventory.ledger();
    expect(await applyCabinChange(inventory, change)).toEqual(first);
    expect(await inventory.ledger()).toEqual(ledger);
    expect(ledger.filter((e) => e.kind === "capacity_changed").map((e) => e.capacityDelta)).toEqual([2]);
  });

  it("refuses changes that name no cabin, a cabin not sold, or nothing to change", async () => {
    const { inventory } = await openInventory("invalid", { fares: FARES });
    const codes = await Promise.all(
      [
        { capacity: 3, reason: "x" },
        { cabin: "first" as const, capacity: 3, reason: "x" },
        { cabin: "economy" as const, reason: "x" },
        { cabin: "economy" as const, capacity: -1, reason: "x" },
        { cabin: "economy" as const, capacity: 9, reason: " " },
      ].map(async (change) => {
        const result = await applyCabinChange(inventory, change);
        return result.ok ? "applied" : result.error.code;
      }),
    );
    expect(codes).toEqual([
      "VALIDATION_FAILED",
      "FARE_CLASS_NOT_FOUND",
      "VALIDATION_FAILED",
      "VALIDATION_FAILED",
      "VALIDATION_FAILED",
    ]);
  });

  it("cancelling the departure releases holds, strands sold seats for the bookings layer and records both", async () => {
    const { departureId, inventory } = await openInventory("cancel", { fares: FARES });
    await inventory.placeHold(place(departureId, "hld_held", 2));
    await inventory.placeHold(place(departureId, "hld_sold", 2, "business"));
    await inventory.confirmHold("hld_sold", "bkg_1");
    const cancelled = await applyCabinChange(inventory, { cancelDeparture: true, reason: "strike" });
    expect(cancelled.ok && cancelled.value.map((f) => [f.pool, f.held, f.sold, f.available])).toEqual([
      ["business", 0, 2, 0],
      ["economy", 0, 0, 0],
    ]);
    expect(await inventory.getHold("hld_held")).toMatchObject({ status: "released" });
    expect(await inventory.strandedHolds()).toEqual([
      {
        holdId: "hld_sold",
        bookingId: "bkg_1",
        lines: [expect.objectContaining({ pool: "business", quantity: 2, totalMinor: 80_000 })],
        totalMinor: 80_000,
        currency: "EUR",
      },
    ]);
    const tail = (await inventory.ledger()).slice(-3).map((e) => [e.kind, e.holdId, e.bookingId, e.reason]);
    expect(tail).toEqual([
      ["hold_released", "hld_held", null, "unit cancelled: strike"],
      ["unit_cancelled", "hld_sold", "bkg_1", "sold units stranded: strike"],
      ["unit_cancelled", null, null, "strike"],
    ]);
    expect(await inventory.placeHold(place(departureId, "hld_new"))).toEqual({
      ok: false,
      error: { code: "DEPARTURE_CANCELLED", detail: "The departure is cancelled." },
    });
    expect(await inventory.confirmHold("hld_held", "bkg_2")).toEqual({
      ok: false,
      error: { code: "DEPARTURE_CANCELLED", detail: "The departure is cancelled." },
    });
    await inventory.cancelHold("hld_sold", "refunded: departure cancelled");
    expect(await inventory.strandedHolds()).toEqual([]);
    expect((await inventory.audit()).ok).toBe(true);
  });
});

describe("audit and invariant", () => {
  it("replays the ledger to the stored counts after a mix of operations", async () => {
    const { departureId, inventory } = await openInventory("audit", { fares: FARES });
    await inventory.placeHold(place(departureId, "hld_1", 2));
    await inventory.placeHold(place(departureId, "hld_2", 1, "business"));
    await inventory.confirmHold("hld_1", "bkg_1");
    await inventory.releaseHold("hld_2", "x");
    await applyCabinChange(inventory, { cabin: "business", capacity: 6, reason: "bigger train" });
    await inventory.cancelHold("hld_1", "x");
    await inventory.placeHold(place(departureId, "hld_3", 4, "business"));
    const expected = { economy: { capacity: 5, held: 0, sold: 0 }, business: { capacity: 6, held: 4, sold: 0 } };
    expect(await inventory.audit()).toEqual({ ok: true, counts: expected, replayed: expected, violations: [] });
  });

  it("reports counts that no longer match the ledger", async () => {
    const { departureId, inventory } = await openInventory("tamper", { fares: FARES });
    await inventory.placeHold(place(departureId, "hld_1", 1));
    await withInventory(departureId, (_object, state) => {
      state.storage.sql.exec("UPDATE pools SET held = held + 1 WHERE pool = 'economy'");
    });
    expect(await inventory.audit()).toMatchObject({
      ok: false,
      counts: { economy: { held: 2 } },
      replayed: { economy: { held: 1 } },
      violations: ["the ledger does not replay to the stored counts"],
    });
  });

  it("has the database itself refuse a pool with more seats held and sold than it has", async () => {
    const { departureId, inventory } = await openInventory("check", { fares: FARES });
    // The first hold creates the object's tables.
    await inventory.placeHold(place(departureId, "hld_check"));
    const attempt = withInventory(departureId, (_object, state) => {
      state.storage.sql.exec("UPDATE pools SET held = capacity + 1 WHERE pool = 'economy'");
    });
    await expect(attempt).rejects.toThrow(/CHECK constraint failed/);
  });
});

describe("publishing availability to D1", () => {
  it("copies seats left, capacity and price to fare_classes after changes", async () => {
    const { departureId, inventory } = await openInventory("publish", { fares: FARES });
    await inventory.placeHold(place(departureId, "hld_1", 3));
    await applyCabinChange(inventory, { cabin: "business", priceMinor: 42_000, reason: "fuel" });
    await withInventory(departureId, (object) => object.publisher.idle());
    const rows = await env.DB.prepare(
      "SELECT cabin, capacity, price_minor, seats_available FROM fare_classes WHERE departure_id = ? ORDER BY cabin",
    )
      .bind(departureId)
      .all();
    expect(rows.results).toEqual([
      { cabin: "business", capacity: 2, price_minor: 42_000, seats_available: 2 },
      { cabin: "economy", capacity: 5, price_minor: 10_000, seats_available: 2 },
    ]);
  });
});
