import { describe, expect, it } from "vitest";
import { PageMemo, type SearchPage } from "../src/products/departures/search/page-memo";
import type { RouteDaySnapshot } from "../src/products/departures/search/snapshot";

const NOW = 1_800_000_000_000;
const departure = (id: string, departsAtMs: number) => ({
  id,
  mode: "rail" as const,
  operator: "Test Rail",
  number: id,
  origin: "GBSPX",
  destination: "FRPNO",
  departsAt: departsAtMs / 1000,
  arrivesAt: departsAtMs / 1000 + 8400,
  durationMinutes: 140,
  status: "scheduled" as const,
  fares: [],
});
const page: SearchPage = { offers: [], total: 0, nextCursor: null };

describe("PageMemo", () => {
  it("keeps a page until the snapshot's next departure leaves, then forgets it", () => {
    const snapshot: RouteDaySnapshot = {
      asOf: NOW,
      departures: [departure("a", NOW - 60_000), departure("b", NOW + 30_000), departure("c", NOW + 90_000)],
    };
    const memo = new PageMemo();
    memo.set(snapshot, "v", page, NOW);
    expect(memo.get(snapshot, "v", NOW + 29_999)).toBe(page);
    expect(memo.get(snapshot, "v", NOW + 30_000)).toBeUndefined();
  });

  it("keys pages by snapshot object and variant", () => {
    const memo = new PageMemo();
    const one: RouteDaySnapshot = { asOf: NOW, departures: [] };
    const same: RouteDaySnapshot = { asOf: NOW, departures: [] };
    memo.set(one, "v", page, NOW);
    expect(memo.get(one, "v", NOW + 86_400_000)).toBe(page);
    expect(memo.get(one, "w", NOW)).toBeUndefined();
    expect(memo.get(same, "v", NOW)).toBeUndefined();
  });
});
