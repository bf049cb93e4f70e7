import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createDb } from "../src/db/client";
import type { OperatorChanges } from "../src/inventory/contract";
import { inventoryStub } from "../src/inventory/stub";
import { updateDeparture } from "../src/products/departures/operator/update";
import { cabinChanges, seatHold, seedDeparture } from "./support/inventory";

const FARES = [
  { cabin: "economy" as const, capacity: 5, priceMinor: 10_000 },
  { cabin: "business" as const, capacity: 2, priceMinor: 40_000 },
];

/**
 * The departure's object, with a traveller's hold for both business seats landing right after
 * the first operator write reaches it: the moment a change applied class by class is half done.
 */
function holdLandsAfterFirstWrite(departureId: string) {
  const real = inventoryStub(env, departureId);
  let landed = false;
  const thenHold = async <R>(result: R): Promise<R> => {
    if (!landed) {
      landed = true;
      await real.placeHold(seatHold(departureId, "hld_between", 2, "business"));
    }
    return result;
  };
  return {
    availability: () => real.availability(),
    applyOperatorChanges: async (changes: OperatorChanges) => thenHold(await real.applyOperatorChanges(changes)),
  };
}

describe("an operator change to several fare classes", () => {
  it("is applied whole even when a hold lands while it is being made", async () => {
    const departureId = await seedDeparture("op-atomic", { fares: FARES });
    const inventory = holdLandsAfterFirstWrite(departureId);
    const result = await updateDeparture({
      deps: { db: createDb(env.DB), inventory: () => inventory, bumpRouteVersions: async () => {}, now: Date.now },
      input: {
        id: departureId,
        patch: {
          fares: [
            { cabin: "economy", capacity: 8 },
            { cabin: "business", capacity: 1, priceMinor: 45_000 },
          ],
          reason: "aircraft swap",
        },
      },
    });

    expect(result.ok).toBe(true);
    const seats = await inventoryStub(env, departureId).availability();
    expect(seats.map((f) => [f.pool, f.capacity, f.priceMinor, f.held])).toEqual([
      ["business", 1, 45_000, 0],
      ["economy", 8, 10_000, 0],
    ]);
    // The hold came after the whole change and found one business seat, not two.
    expect(await inventoryStub(env, departureId).getHold("hld_between")).toBeNull();
  });

  it("changes nothing when one class cannot take it", async () => {
    const departureId = await seedDeparture("op-none", { fares: FARES });
    const stub = inventoryStub(env, departureId);
    await stub.placeHold(seatHold(departureId, "hld_first", 2, "business"));
    const ledger = await stub.ledger(0, 500);
    const result = await stub.applyOperatorChanges(
      cabinChanges([
        { cabin: "economy", capacity: 8, priceMinor: 12_000, reason: "aircraft swap" },
        { cabin: "business", capacity: 1, reason: "aircraft swap" },
      ]),
    );
    expect(result).toEqual({
      ok: false,
      error: {
        code: "CAPACITY_BELOW_COMMITTED",
        detail: "business has 2 seats held or sold.",
        extra: { pool: "business", committed: 2, held: 2, sold: 0 },
      },
    });
    expect(await stub.ledger(0, 500)).toEqual(ledger);
    expect((await stub.availability()).find((f) => f.pool === "economy")).toMatchObject({
      capacity: 5,
      priceMinor: 10_000,
    });
  });
});
