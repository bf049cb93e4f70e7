import { describe, expect, it } from "vitest";
import { holdIdForKey, newHoldId, unitOfHold } from "../src/holds/hold-id";
import { productOfUnit } from "../src/products/registry";

/** What the holds API does: an id names a unit only when a registered product sells it. */
const departureOfHold = (id: string) => unitOfHold(id, (unit) => productOfUnit(unit) !== null);

describe("hold ids", () => {
  it("name their departure, so a hold is found without a lookup", () => {
    const id = newHoldId("dep_lhr_cdg_0815");
    expect(id).toMatch(/^hld_[0-9a-z]{22}_[A-Za-z0-9_-]+$/);
    expect(departureOfHold(id)).toBe("dep_lhr_cdg_0815");
  });

  it("name nothing when the part after the random one cannot be a departure id, so no object is woken", () => {
    for (const name of ["dép/ü?x", "dep_abc", `dep_${"x".repeat(61)}`, "anything", ""]) {
      expect(departureOfHold(newHoldId(name)), name).toBeNull();
    }
    expect(departureOfHold(newHoldId(`dep_${"x".repeat(60)}`))).toBe(`dep_${"x".repeat(60)}`);
  });

  it("name a unit of any registered product, and nothing when the prefix names no product", () => {
    expect(departureOfHold(newHoldId("evt_jazz_night"))).toBe("evt_jazz_night");
    expect(departureOfHold(newHoldId("prp_seaside"))).toBe("prp_seaside");
    for (const name of ["zzz_abcdef", "hld_abcdef", "bkg_abcdef"])
      expect(departureOfHold(newHoldId(name)), name).toBeNull();
  });

  it("are different every time without a key", () => {
    const ids = new Set(Array.from({ length: 200 }, () => newHoldId("dep_aaaa")));
    expect(ids.size).toBe(200);
  });

  it("are the same for the same client, departure and Idempotency-Key, and differ otherwise", async () => {
    const a = await holdIdForKey("dep_aaaa", "ip:1.2.3.4", "key-0001");
    expect(await holdIdForKey("dep_aaaa", "ip:1.2.3.4", "key-0001")).toBe(a);
    expect(await holdIdForKey("dep_aaaa", "ip:5.6.7.8", "key-0001")).not.toBe(a);
    expect(await holdIdForKey("dep_aaaa", "ip:1.2.3.4", "key-0002")).not.toBe(a);
    expect(departureOfHold(a)).toBe("dep_aaaa");
  });

  it("reject ids that are not ours", () => {
    for (const id of [
      "",
      "hld_",
      "bkg_0123456789012345678901_ZGVw",
      "hld_short_ZGVw",
      "hld_0123456789abcdefghijkl_%%%",
    ]) {
      expect(departureOfHold(id)).toBeNull();
    }
  });
});
