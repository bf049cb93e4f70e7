import { type Freshness, freshnessOf } from "../../../cache/freshness";
import { OriginBatch } from "../../../cache/origin-batch";
import type { Popularity } from "../../../cache/popularity";
import type { CacheLookup, TieredCache } from "../../../cache/tiered-cache";
import { CACHE_POLICY } from "../../../config";
import { err, ok, type Result } from "../../../lib/result";
import type { City, ResolvedLocation } from "../../../places/catalog";
import { checkStay } from "./check";
import { decodeStayCursor, encodeStayCursor, stayQueryFingerprint } from "./cursor";
import { cityScope, listingKey, nightKey, nightMember } from "./keys";
import { pageAfter, sortKey, sortOffers, stayOffers } from "./offers";
import type { OriginRequest } from "./origin";
import type { StayPage, StayPageMemo } from "./page-memo";
import type { CityListing, CityNight, PropertyOffer, StaySearchInput } from "./types";

export interface StaySearchDeps {
  cache: TieredCache;
  versions: { get(scope: string): Promise<string> };
  popularity: Popularity;
  /** Pages already computed from the same entries in this isolate; absent: every search computes its page. */
  pages?: StayPageMemo;
  /** One D1 round trip for everything a search missed in the tiers. */
  load: (city: string, requests: readonly OriginRequest[]) => Promise<(CityListing | CityNight)[]>;
  now: () => number;
  waitUntil: (p: Promise<unknown>) => void;
  onOriginError?: (error: unknown) => void;
}

export interface StaySearchResult {
  offers: PropertyOffer[];
  total: number;
  nextCursor: string | null;
  location: ResolvedLocation;
  city: City;
  nights: string[];
  freshness: Freshness;
}

/**
 * A stay search reads one city listing and one city-night per night (31 cache reads at most, for
 * 30 nights), each through the tiers; whatever no tier holds is read from D1 in one batch. The
 * nights are combined per room type (rules/stay.ts), filtered, sorted and paged.
 */
export async function searchStays({
  deps,
  input,
}: {
  deps: StaySearchDeps;
  input: StaySearchInput;
}): Promise<Result<StaySearchResult>> {
  const checked = checkStay(input, deps.now());
  if (!checked.ok) return checked;
  const { city, nights, location } = checked.value;
  // Once per search: the cursor read, the cursor written and the page memo's id all use it.
  const query = stayQueryFingerprint(input);
  const after = input.cursor ? decodeStayCursor(query, input.cursor) : null;
  if (input.cursor && !after) {
    return err("INVALID_CURSOR", "The cursor is malformed or belongs to a different search; start again without it.");
  }

  const version = await deps.versions.get(cityScope(city.code));
  const counts = deps.popularity.recordAll(nights.map((n) => nightMember(city.code, n))).catch(() => new Map());
  deps.waitUntil(counts);
  const popular = async (night?: string) => {
    const seen = await counts;
    const count = night ? (seen.get(nightMember(city.code, night)) ?? 0) : Math.max(0, ...seen.values());
    return count >= CACHE_POLICY.popularThreshold;
  };

  const keys = [listingKey(city.code, version), ...nights.map((night) => nightKey(city.code, night, version))];
  const requests: OriginRequest[] = [
    { kind: "listing" },
    ...nights.map((night) => ({ kind: "night" as const, night })),
  ];
  const batch = new OriginBatch<CityListing | CityNight>(requests.length, (indexes) =>
    deps.load(
      city.code,
      indexes.map((i) => requests[i] as OriginRequest),
    ),
  );
  const lookup = <T extends CityListing | CityNight>(i: number, key: string, night?: string) =>
    batch.lookup<T>(deps.cache, i, key, () => popular(night));
  let listing: CacheLookup<CityListing>;
  let snapshots: CacheLookup<CityNight>[];
  try {
    [listing, ...snapshots] = (await Promise.all([
      lookup<CityListing>(0, keys[0] as string),
      ...nights.map((night, i) => lookup<CityNight>(i + 1, keys[i + 1] as string, night)),
    ])) as [CacheLookup<CityListing>, ...CacheLookup<CityNight>[]];
  } catch (error) {
    // Tiers never throw (a failing tier is a miss), so this is the origin: D1 is down or overloaded.
    deps.onOriginError?.(error);
    return err(
      "ORIGIN_UNAVAILABLE",
      "Stays cannot be read right now and no cached answer is fresh enough. Retry shortly.",
    );
  }

  const id = pageId(keys, [listing, ...snapshots], query, input);
  let page = deps.pages?.get(id);
  if (!page) {
    page = computePage(listing.value, snapshots, input, query, after);
    deps.pages?.set(id, page);
  }
  return ok({
    offers: page.offers,
    total: page.total,
    nextCursor: page.nextCursor,
    location,
    city,
    nights,
    freshness: freshnessOf([listing, ...snapshots], deps.now()),
  });
}

function computePage(
  listing: CityListing,
  snapshots: readonly CacheLookup<CityNight>[],
  input: StaySearchInput,
  query: string,
  after: { key: number[]; id: string } | null,
): StayPage {
  const sorted = sortOffers(
    stayOffers(
      listing,
      snapshots.map((s) => s.value),
      input,
    ),
    input.sort,
  );
  const { page, hasMore } = pageAfter(sorted, input.sort, after, input.limit);
  const last = page.at(-1);
  return {
    offers: page,
    total: sorted.length,
    nextCursor:
      hasMore && last ? encodeStayCursor(query, { key: sortKey(last, input.sort), id: last.property.id }) : null,
  };
}

/**
 * What decides a page: each entry's key (the city's version and the nights in it) and when it was
 * read from the origin, and the query (its cursor fingerprint) with the page asked for.
 */
function pageId(
  keys: readonly string[],
  entries: readonly CacheLookup<unknown>[],
  query: string,
  input: StaySearchInput,
): string {
  const variant = `${query}|${input.limit}|${input.cursor ?? ""}`;
  return `${keys.map((k, i) => `${k}@${entries[i]?.asOf}`).join(" ")} ${variant}`;
}
