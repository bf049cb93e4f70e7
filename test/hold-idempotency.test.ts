import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { unitOfHold } from "../src/holds/hold-id";
import { placeHold } from "../src/holds/verbs";
import { inventoryStub } from "../src/inventory/stub";
import { seedDeparture } from "./support/inventory";

// The Idempotency-Key middleware answers most retries before they reach placeHold; this is the
// second line for when it cannot (its record expired, or D1 failed while storing it).
describe("placeHold with an Idempotency-Key", () => {
  const deps = { inventory: (unitId: string) => inventoryStub(env, unitId), isUnitId: () => true };
  const seats = (departureId: string, passengers: number) => ({
    unitId: departureId,
    lines: [{ pool: "economy", quantity: passengers }],
  });

  it("lands every retry on the same hold, taking the seats once", async () => {
    const departureId = await seedDeparture("idem-verb", {
      fares: [{ cabin: "economy", capacity: 3, priceMinor: 5_000 }],
    });
    const input = {
      ...seats(departureId, 2),
      idempotency: { scope: "ip:203.0.113.7", key: "retry-me" },
    };
    const first = await placeHold({ deps, input });
    const second = await placeHold({ deps, input });
    expect(second).toEqual(first);
    expect(first.ok && unitOfHold(first.value.holdId, () => true)).toBe(departureId);
    expect((await inventoryStub(env, departureId).availability())[0]).toMatchObject({ held: 2, available: 1 });
  });

  it("refuses the same key with other terms, and keeps keys of different clients apart", async () => {
    const departureId = await seedDeparture("idem-conflict", {
      fares: [{ cabin: "economy", capacity: 5, priceMinor: 5_000 }],
    });
    const input = {
      ...seats(departureId, 1),
      idempotency: { scope: "ip:203.0.113.7", key: "k-1" },
    };
    const first = await placeHold({ deps, input });
    const conflict = await placeHold({ deps, input: { ...input, ...seats(departureId, 2) } });
    expect(conflict).toEqual({
      ok: false,
      error: {
        code: "HOLD_ID_CONFLICT",
        detail: `Hold ${first.ok && first.value.holdId} was placed with other terms.`,
      },
    });
    const otherClient = await placeHold({
      deps,
      input: { ...input, idempotency: { scope: "ip:198.51.100.1", key: "k-1" } },
    });
    expect(otherClient.ok && first.ok && otherClient.value.holdId !== first.value.holdId).toBe(true);
  });
});
