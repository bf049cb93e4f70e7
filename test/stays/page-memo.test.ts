import { describe, expect, it } from "vitest";
import { MemoryTier } from "../../src/cache/memory-tier";
import { MemoryPopularity } from "../../src/cache/popularity";
import { TieredCache } from "../../src/cache/tiered-cache";
import { CACHE_POLICY } from "../../src/config";
import { addDays } from "../../src/lib/time";
import { StayPageMemo } from "../../src/products/stays/search/page-memo";
import { type StaySearchDeps, searchStays } from "../../src/products/stays/search/search-stays";
import type { CityListing, CityNight, StaySearchInput } from "../../src/products/stays/search/types";
import { inDays } from "../support/stays";

const quiet = { info() {}, warn() {}, error() {} };
const checkIn = inDays(9);

const listing: CityListing = {
  city: "OSL",
  properties: [
    {
      id: "prp_memo",
      name: "Memo",
      propertyType: "hotel",
      stars: 3,
      lat: 59.9,
      lon: 10.7,
      address: "Karl Johans gate 1",
      distanceM: 100,
      amenities: [],
      photo: null,
      currency: "NOK",
      timezone: "Europe/Oslo",
      roomTypes: [
        {
          id: "rt_memo",
          name: "Double",
          roomCount: 5,
          maxAdults: 2,
          maxChildren: 0,
          freeCancellationDays: null,
          cancellationPenaltyPct: 100,
        },
      ],
    },
  ],
};

/** An isolate's memory tier and page memo; `version` moves the city's cache keys like an operator change. */
function isolate() {
  const memory = new MemoryTier(100);
  const pages = new StayPageMemo();
  let loads = 0;
  let version = "v1";
  const deps = (): StaySearchDeps => ({
    cache: new TieredCache({
      tiers: [memory],
      policy: CACHE_POLICY,
      inflight: new Map(),
      now: Date.now,
      waitUntil: () => {},
      log: quiet,
    }),
    versions: { get: async () => version },
    popularity: new MemoryPopularity(CACHE_POLICY.popularityWindowSeconds, Date.now),
    pages,
    load: async (city, requests) => {
      loads++;
      return requests.map((r) =>
        r.kind === "listing" ? listing : ({ city, night: r.night, cells: { rt_memo: [5, 1000, 1, 0] } } as CityNight),
      );
    },
    now: Date.now,
    waitUntil: () => {},
  });
  return { deps, loads: () => loads, move: (v: string) => (version = v) };
}

const stay = (adults: number): StaySearchInput => ({
  place: "OSL",
  checkIn,
  checkOut: addDays(checkIn, 2),
  rooms: 1,
  adults,
  children: 0,
  pricePer: "night",
  sort: "price",
  limit: 20,
});

async function offersOf(deps: StaySearchDeps, input: StaySearchInput) {
  const result = await searchStays({ deps, input });
  if (!result.ok) throw new Error(result.error.code);
  return result.value.offers;
}

describe("stay search pages memoised per isolate", () => {
  it("serves the same page to the same query on the same entries, and computes it again for another party or new entries", async () => {
    const { deps, loads, move } = isolate();
    const first = await offersOf(deps(), stay(2));
    expect(first.map((o) => o.rooms[0]?.totalMinor)).toEqual([2000]);
    expect(await offersOf(deps(), stay(2))).toBe(first);
    expect(loads()).toBe(1);

    const single = await offersOf(deps(), stay(1));
    expect(single).not.toBe(first);
    expect(single).toEqual(first);

    move("v2");
    const afterChange = await offersOf(deps(), stay(2));
    expect(loads()).toBe(2);
    expect(afterChange).not.toBe(first);
    expect(afterChange).toEqual(first);
  });
});
