import { describe, expect, it } from "vitest";
import { generateSchedule } from "../src/products/departures/seed/generator";
import { DEFAULT_SEED_DAYS } from "../src/products/seed";

describe("the large seed", () => {
  it("yields at least 100,000 departures over its default days, all with distinct ids", () => {
    const ids = new Set<string>();
    let fareClasses = 0;
    for (const { departure, fares } of generateSchedule({
      seed: 42,
      startDate: "2026-11-23",
      days: DEFAULT_SEED_DAYS.large,
      size: "large",
    })) {
      ids.add(departure.id);
      fareClasses += fares.length;
    }
    expect(ids.size).toBeGreaterThanOrEqual(100_000);
    expect(fareClasses).toBeGreaterThan(ids.size);
  });
});
