import { describe, expect, it } from "vitest";
import type { LoadResult } from "../bench/load.ts";
import type { ScenarioResult } from "../bench/scenario.ts";
import { combineRuns, median, spread } from "../bench/stats.ts";
import { costTarget, latencyTarget, throughputTarget } from "../bench/targets.ts";

function run(rps: number, p99 = 10, over: Partial<LoadResult> = {}): LoadResult {
  return {
    responses: rps * 10,
    sent: rps * 10 + 5,
    seconds: 10,
    rps,
    latencyMs: { p50: p99 / 4, p95: p99 / 2, p99, max: p99 * 2 },
    status: { "200": rps * 10 },
    non2xx: 0,
    socketErrors: 0,
    xCost: {},
    servedBy: {},
    xCostByTier: {},
    cpuSeconds: { harness: 1, workerd: 2, machine: 4 },
    ...over,
  };
}

function scenario(id: string, runs: LoadResult[], costs: Record<string, number> = {}): ScenarioResult {
  return {
    id,
    title: id,
    method: "",
    connections: 10,
    load: combineRuns(runs),
    runs,
    unit: "request",
    requestsPerUnit: 1,
    costs,
    checks: [],
    extra: {},
  };
}

describe("benchmark repetitions", () => {
  it("take the middle value as the median (the mean of the middle two for an even count) and keep the range", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
    expect(spread([2900, 3100, 2500])).toEqual({ median: 2900, min: 2500, max: 3100 });
  });

  it("combine into one result: median throughput and percentiles, summed counts, tiers merged", () => {
    const combined = combineRuns([
      run(100, 30, {
        servedBy: { memory: 900, kv: 100 },
        xCostByTier: { kv: { kv_reads: { sum: 100, min: 1, max: 1 } } },
      }),
      run(300, 10, { servedBy: { memory: 3000 }, xCost: { kv_reads: 0.5 } }),
      run(200, 20, { servedBy: { kv: 50 }, xCostByTier: { kv: { kv_reads: { sum: 100, min: 1, max: 2 } } } }),
    ]);
    expect(combined).toMatchObject({
      rps: 200,
      latencyMs: { p99: 20, max: 60 },
      responses: 6000,
      sent: 6015,
      seconds: 30,
      status: { "200": 6000 },
      servedBy: { memory: 3900, kv: 150 },
      xCostByTier: { kv: { kv_reads: { sum: 200, min: 1, max: 2 } } },
      cpuSeconds: { harness: 3, workerd: 6, machine: 12 },
    });
    // 0.5 per response over the second run's 3,000 responses, averaged over all 6,000.
    expect(combined.xCost.kv_reads).toBeCloseTo(0.25, 10);
  });

  it("leaves CPU unknown when one repetition could not read it", () => {
    const combined = combineRuns([run(1), run(2, 10, { cpuSeconds: { harness: 1, workerd: null, machine: 4 } })]);
    expect(combined.cpuSeconds).toEqual({ harness: 2, workerd: null, machine: 8 });
  });
});

describe("target verdicts on medians", () => {
  const base = scenario("baseline", [run(1000, 10), run(1040, 12), run(980, 9)]);

  it("meet a throughput target when the median clears it, though one repetition missed", () => {
    const hot = scenario("search-hot", [run(790), run(850), run(830)]);
    const verdict = throughputTarget("Hot >= 80 %", hot, base, 0.8);
    expect(verdict.ok).toBe(true);
    expect(verdict.measured).toBe(
      "830 (790–850) vs 1000 (980–1040) req/s: median 83.0 % (target 80 %); by workerd CPU per request 0.24 vs 0.20 ms = 82 %",
    );
  });

  it("miss it when the median falls short, though one repetition cleared it", () => {
    const hot = scenario("search-hot", [run(700), run(900), run(790)]);
    expect(throughputTarget("Hot >= 80 %", hot, base, 0.8).ok).toBe(false);
  });

  it("judge p99 on the median of each side's p99s", () => {
    const spiky = scenario("search-hot", [run(800, 15), run(800, 80), run(800, 19)]);
    const verdict = latencyTarget("p99 <= 2x", spiky, base, 2);
    expect(verdict).toEqual({
      target: "p99 <= 2x",
      measured: "19.0 (15.0–80.0) vs 10.0 (9.0–12.0) ms: median 1.90x (target 2x)",
      ok: true,
    });
    expect(latencyTarget("p99 <= 2x", scenario("s", [run(800, 25), run(800, 21), run(800, 15)]), base, 2).ok).toBe(
      false,
    );
  });

  it("price a request beyond the Workers request itself against a ceiling", () => {
    const cheap = scenario("search-hot", [run(800)], { kv_reads: 0.2, redis_commands: 0.1 });
    expect(costTarget("<= $0.50", cheap, 0.5)).toEqual({
      target: "<= $0.50",
      measured: "$0.30 per million above the request price (kv_reads $0.10, redis_commands $0.20)",
      ok: true,
    });
    expect(costTarget("<= $0.50", scenario("s", [run(800)], { redis_commands: 1 }), 0.5).ok).toBe(false);
  });

  it("report a target whose scenarios did not run as not run", () => {
    expect(throughputTarget("t", undefined, base, 0.8)).toEqual({ target: "t", measured: "not run", ok: null });
  });
});
