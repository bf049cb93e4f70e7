import { describe, expect, it } from "vitest";
import { mulberry32, QUERY_VARIANTS, zipf, zipfMix } from "../bench/mix.ts";

const routes = Array.from({ length: 3000 }, (_, i) => `route-${i}`);

describe("the hot search's request mix", () => {
  it("is the same list on every run for one seed, and another for another seed", () => {
    const a = zipfMix({ routes, requests: 2000, seed: 42, exponent: 1 });
    expect(zipfMix({ routes, requests: 2000, seed: 42, exponent: 1 })).toEqual(a);
    expect(zipfMix({ routes, requests: 2000, seed: 43, exponent: 1 })).not.toEqual(a);
  });

  it("draws ranks in proportion to 1 / rank: the top route-day about 1 / H(n) of searches, a long tail the rest", () => {
    const draws = zipfMix({ routes, requests: 60_000, seed: 42, exponent: 1 });
    const share = (route: string) => draws.filter((d) => d.route === route).length / draws.length;
    const harmonic = routes.reduce((h, _, k) => h + 1 / (k + 1), 0);
    expect(share("route-0")).toBeCloseTo(1 / harmonic, 2);
    expect(share("route-1") / share("route-0")).toBeCloseTo(0.5, 1);
    // Thousands of distinct route-days, most of them outside the top 500.
    const distinct = new Set(draws.map((d) => d.route));
    expect(distinct.size).toBeGreaterThan(2500);
    const tail = draws.filter((d) => Number(d.route.slice(6)) >= 500).length / draws.length;
    expect(tail).toBeCloseTo(1 - (Math.log(500) + 0.5772) / harmonic, 1);
    // Every query variant is asked for, the plain search most.
    const variants = new Map<string, number>();
    for (const d of draws) variants.set(d.variant, (variants.get(d.variant) ?? 0) + 1);
    expect([...variants.keys()].sort()).toEqual([...QUERY_VARIANTS].sort());
    expect(Math.max(...variants.values())).toBe(variants.get(""));
  });

  it("never draws outside the ranks it was given", () => {
    const draw = zipf(5, 1.2, mulberry32(1));
    for (let i = 0; i < 1000; i++) {
      const rank = draw();
      expect(rank).toBeGreaterThanOrEqual(0);
      expect(rank).toBeLessThan(5);
    }
  });
});
