import { describe, expect, it } from "vitest";
import { type Flags, optionsFrom } from "../bench/options.ts";

const flags = (over: Partial<Flags> = {}): Flags => ({
  quick: false,
  redis: false,
  connections: "10",
  "do-connections": "50",
  only: "",
  "no-write": false,
  "state-on-disk": false,
  ...over,
});

describe("where a benchmark run writes its report", () => {
  it("writes the committed results and BENCHMARKS.md for a full run", () => {
    expect(optionsFrom(flags()).output).toEqual({ json: "bench/results.json", markdown: "default" });
    expect(optionsFrom(flags({ redis: true })).output).toEqual({ json: "bench/results-redis.json", markdown: "redis" });
  });

  it("keeps a quick run out of the committed results and BENCHMARKS.md", () => {
    expect(optionsFrom(flags({ quick: true })).output).toEqual({
      json: "bench/out/results-quick.json",
      markdown: null,
    });
    expect(optionsFrom(flags({ quick: true, redis: true })).output).toEqual({
      json: "bench/out/results-quick-redis.json",
      markdown: null,
    });
  });

  it("writes nothing for a partial, profiled or --no-write run", () => {
    expect(optionsFrom(flags({ only: "search-hot,holds" })).output).toBeNull();
    expect(optionsFrom(flags({ profile: "holds" })).output).toBeNull();
    expect(optionsFrom(flags({ "no-write": true })).output).toBeNull();
  });

  it("measures every scenario three times, a quick run on the small seed for a second each", () => {
    expect(optionsFrom(flags({ quick: true }))).toMatchObject({
      seedSize: "small",
      duration: 1,
      repeat: 3,
      warmup: 0.5,
    });
    expect(optionsFrom(flags())).toMatchObject({ seedSize: "large", duration: 10, repeat: 3, warmup: 2 });
    expect(optionsFrom(flags({ repeat: "5" }))).toMatchObject({ repeat: 5 });
  });
});
