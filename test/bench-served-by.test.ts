import { describe, expect, it } from "vitest";
import { servedByFromTiming } from "../bench/served-by.ts";

describe("the bench's answering tier, read from Server-Timing", () => {
  it("is the tier whose one lookup hit", () => {
    expect(servedByFromTiming('memory;dur=0.1;desc="miss", kv;dur=2.0;desc="hit"')).toBe("kv");
  });

  it("is the slowest tier that hit when the answer is built from several entries", () => {
    expect(servedByFromTiming('memory;dur=0.3;desc="3 hit, 1 miss", kv;dur=2.0;desc="1 hit"')).toBe("kv");
    expect(
      servedByFromTiming('memory;dur=0.3;desc="2 hit, 2 miss", kv;dur=2.0;desc="2 miss", origin;dur=9;desc="2 load"'),
    ).toBe("origin");
  });

  it("is the origin when it loaded, and joined when another request did the work", () => {
    expect(servedByFromTiming('memory;dur=0.1;desc="miss", origin;dur=3.0;desc="load"')).toBe("origin");
    expect(servedByFromTiming('memory;dur=0.1;desc="miss"')).toBe("joined");
    expect(servedByFromTiming(undefined)).toBeNull();
  });
});
