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
    memo.set("k", snapshot, "v", page, NOW);
    expect(memo.get("k", snapshot, "v", NOW + 29_999)).toBe(page);
    expect(memo.get("k", snapshot, "v", NOW + 30_000)).toBeUndefined();
  });

  it("keys pages by route-day, the snapshot's as_of and variant: the same data read again finds them", () => {
    const memo = new PageMemo();
    const one: RouteDaySnapshot = { asOf: NOW, departures: [] };
    const sameDataReadAgain: RouteDaySnapshot = { asOf: NOW, departures: [] };
    const newer: RouteDaySnapshot = { asOf: NOW + 30_000, departures: [] };
    memo.set("k", one, "v", page, NOW);
    expect(memo.get("k", one, "v", NOW + 86_400_000)).toBe(page);
    expect(memo.get("k", sameDataReadAgain, "v", NOW)).toBe(page);
    expect(memo.get("k", one, "w", NOW)).toBeUndefined();
    expect(memo.get("k2", one, "v", NOW)).toBeUndefined();
    expect(memo.get("k", newer, "v", NOW)).toBeUndefined();
  });

  it("forgets the least recently used page past its bound", () => {
    const memo = new PageMemo(2);
    const snapshot: RouteDaySnapshot = { asOf: NOW, departures: [] };
    memo.set("k", snapshot, "a", page, NOW);
    memo.set("k", snapshot, "b", page, NOW);
    memo.get("k", snapshot, "a", NOW);
    memo.set("k", snapshot, "c", page, NOW);
    expect(memo.get("k", snapshot, "b", NOW)).toBeUndefined();
    expect(memo.get("k", snapshot, "a", NOW)).toBe(page);
    expect(memo.get("k", snapshot, "c", NOW)).toBe(page);
  });
});
