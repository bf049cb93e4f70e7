import { describe, expect, it } from "vitest";
import type { LedgerEntry } from "../src/inventory/contract";
import { isDue, isTerminal, nextStatus, lineDeltas as seatDeltas } from "../src/inventory/hold-rules";
import { applyDeltas, checkInvariant, invariantViolations, unitsLeft as seatsLeft } from "../src/inventory/invariant";
import { replayLedger, sameCounts } from "../src/inventory/ledger";
import { extendedExpiry, holdDeadline, holdExpiry, quantityInRange, ttlInRange } from "../src/inventory/policy";

describe("hold state machine", () => {
  it("lets a held hold be extended, released, expired or confirmed", () => {
    expect(nextStatus("held", "extend")).toBe("held");
    expect(nextStatus("held", "release")).toBe("released");
    expect(nextStatus("held", "expire")).toBe("expired");
    expect(nextStatus("held", "confirm")).toBe("confirmed");
    expect(nextStatus("held", "cancel")).toBeNull();
  });

  it("lets a confirmed hold only be cancelled", () => {
    expect(nextStatus("confirmed", "cancel")).toBe("cancelled");
    for (const action of ["extend", "release", "expire", "confirm"] as const) {
      expect(nextStatus("confirmed", action)).toBeNull();
    }
  });

  it("treats released, expired and cancelled as final", () => {
    expect(["released", "expired", "cancelled"].every((s) => isTerminal(s as "released"))).toBe(true);
    expect(isTerminal("held")).toBe(false);
    expect(isTerminal("confirmed")).toBe(false);
  });

  it("moves seats between held and sold according to the step", () => {
    expect(seatDeltas("place", 3)).toEqual({ heldDelta: 3, soldDelta: 0, capacityDelta: 0 });
    expect(seatDeltas("confirm", 3)).toEqual({ heldDelta: -3, soldDelta: 3, capacityDelta: 0 });
    expect(seatDeltas("expire", 3)).toEqual({ heldDelta: -3, soldDelta: 0, capacityDelta: 0 });
    expect(seatDeltas("cancel", 3)).toEqual({ heldDelta: 0, soldDelta: -3, capacityDelta: 0 });
  });
});

describe("expiry and price lock", () => {
  it("counts a held hold as due once its deadline is reached, whatever the alarm did", () => {
    expect(isDue({ status: "held", expiresAt: 1000 }, 999)).toBe(false);
    expect(isDue({ status: "held", expiresAt: 1000 }, 1000)).toBe(true);
    expect(isDue({ status: "confirmed", expiresAt: 1000 }, 5000)).toBe(false);
  });

  it("never lets a hold outlive its departure", () => {
    expect(holdExpiry(0, 600, 10_000_000)).toBe(600_000);
    expect(holdExpiry(0, 600, 300_000)).toBe(300_000);
    expect(extendedExpiry(600_000, 600, 10_000_000)).toBe(1_200_000);
    expect(extendedExpiry(600_000, 600, 900_000)).toBe(900_000);
    expect(holdExpiry(0, 600, null)).toBe(600_000);
  });

  it("ends a hold by the earliest of the unit's close and its pools' sales close", () => {
    expect(holdDeadline(5000, [null, 4000, 7000])).toBe(4000);
    expect(holdDeadline(null, [null, 7000])).toBe(7000);
    expect(holdDeadline(null, [null])).toBeNull();
  });

  it("bounds durations and quantities (a product's own limit, such as 9 passengers, is its rule)", () => {
    expect([59, 60, 1800, 1801, 60.5].map(ttlInRange)).toEqual([false, true, true, false, false]);
    expect([0, 1, 50, 51, 1.5].map(quantityInRange)).toEqual([false, true, true, false, false]);
  });
});

describe("seat invariant", () => {
  it("holds while held + sold fits in capacity and nothing is negative", () => {
    expect(checkInvariant({ capacity: 5, held: 2, sold: 3 })).toBe(true);
    expect(checkInvariant({ capacity: 5, held: 3, sold: 3 })).toBe(false);
    expect(checkInvariant({ capacity: 5, held: -1, sold: 0 })).toBe(false);
    expect(seatsLeft({ capacity: 5, held: 2, sold: 1 })).toBe(2);
  });

  it("names each pool that breaks it", () => {
    expect(
      invariantViolations({ economy: { capacity: 1, held: 1, sold: 1 }, business: { capacity: 2, held: 0, sold: 2 } }),
    ).toEqual(["economy: capacity 1, held 1, sold 1"]);
  });

  it("applies deltas without mutating", () => {
    const before = { capacity: 4, held: 1, sold: 0 };
    expect(applyDeltas(before, { heldDelta: -1, soldDelta: 1, capacityDelta: 2 })).toEqual({
      capacity: 6,
      held: 0,
      sold: 1,
    });
    expect(before).toEqual({ capacity: 4, held: 1, sold: 0 });
  });
});

describe("ledger replay", () => {
  const entry = (pool: LedgerEntry["pool"], heldDelta: number, soldDelta: number, capacityDelta = 0) => ({
    pool,
    heldDelta,
    soldDelta,
    capacityDelta,
  });

  it("rebuilds counts per pool from deltas alone", () => {
    const replayed = replayLedger([
      entry("economy", 0, 0, 10),
      entry("business", 0, 0, 2),
      entry("economy", 3, 0),
      entry("economy", -3, 3),
      entry("business", 2, 0),
      entry("business", -2, 0),
      entry(null, 0, 0),
      entry("economy", 0, -1),
    ]);
    expect(replayed).toEqual({
      economy: { capacity: 10, held: 0, sold: 2 },
      business: { capacity: 2, held: 0, sold: 0 },
    });
  });

  it("compares count sets pool by pool", () => {
    const a = { economy: { capacity: 1, held: 0, sold: 1 } };
    expect(sameCounts(a, { economy: { capacity: 1, held: 0, sold: 1 } })).toBe(true);
    expect(sameCounts(a, { economy: { capacity: 1, held: 1, sold: 0 } })).toBe(false);
    expect(sameCounts(a, {})).toBe(false);
  });
});
