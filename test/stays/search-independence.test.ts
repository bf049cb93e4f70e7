import { describe, expect, it } from "vitest";
import { MemoryPopularity } from "../../src/cache/popularity";
import { TieredCache } from "../../src/cache/tiered-cache";
import { CACHE_POLICY } from "../../src/config";
import type { SharedWork } from "../../src/lib/shared-work";
import { addDays } from "../../src/lib/time";
import type { OriginRequest } from "../../src/products/stays/search/origin";
import { type StaySearchDeps, searchStays } from "../../src/products/stays/search/search-stays";
import type { CityListing, CityNight, StaySearchInput } from "../../src/products/stays/search/types";
import { inDays } from "../support/stays";

const quiet = { info() {}, warn() {}, error() {} };
const checkIn = inDays(12);

interface Load {
  requests: readonly OriginRequest[];
  answer: () => void;
}

/**
 * Two searches of one isolate (one in-flight map, as in a Worker), each with its own deps as two
 * requests have. Origin loads wait until the test answers them.
 */
function isolate() {
  const inflight = new Map<string, SharedWork<unknown>>();
  const loads: Load[] = [];
  const deps = (): StaySearchDeps => ({
    cache: new TieredCache({
      tiers: [],
      policy: CACHE_POLICY,
      inflight,
      now: Date.now,
      waitUntil: () => {},
      log: quiet,
    }),
    versions: { get: async () => "v1" },
    popularity: new MemoryPopularity(CACHE_POLICY.popularityWindowSeconds, Date.now),
    load: (city, requests) =>
      new Promise<(CityListing | CityNight)[]>((resolve) => {
        const answer = () =>
          resolve(
            requests.map((r) =>
              r.kind === "listing" ? { city, properties: [] } : { city, night: r.night, cells: {} },
            ),
          );
        loads.push({ requests, answer });
      }),
    now: Date.now,
    waitUntil: () => {},
  });
  return { deps, loads };
}

const stay = (nights: number): StaySearchInput => ({
  place: "OSL",
  checkIn,
  checkOut: addDays(checkIn, nights),
  rooms: 1,
  adults: 2,
  children: 0,
  pricePer: "night",
  sort: "price",
  limit: 20,
});

const turn = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("a stay search sharing entries with an earlier one", () => {
  // A search that waited for another request's lookups before reading its own entries started its
  // D1 read from that request's event (its I/O context): when that request ended first, the
  // runtime cancelled the read and answered the waiting search 500 ("code had hung").
  it("reads its own missing entries without waiting for the earlier search's lookups to finish", async () => {
    const { deps, loads } = isolate();
    const first = searchStays({ deps: deps(), input: stay(1) });
    await turn();
    const second = searchStays({ deps: deps(), input: stay(2) });
    await turn();
    expect(loads.map((l) => l.requests)).toEqual([
      [{ kind: "listing" }, { kind: "night", night: checkIn }],
      [{ kind: "night", night: addDays(checkIn, 1) }],
    ]);
    for (const load of loads) load.answer();
    const [a, b] = await Promise.all([first, second]);
    expect(a.ok && b.ok).toBe(true);
    expect(b.ok && b.value.freshness.servedBy).toBe("origin");
  });
});
