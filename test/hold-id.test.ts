import { describe, expect, it } from "vitest";
import { departureOfHold, holdIdForKey, newHoldId } from "../src/holds/hold-id";

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
