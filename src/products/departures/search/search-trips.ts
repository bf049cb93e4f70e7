import { type Freshness, freshnessOf } from "../../../cache/freshness";
import type { Popularity } from "../../../cache/popularity";
import type { TieredCache } from "../../../cache/tiered-cache";
import { CACHE_POLICY } from "../../../config";
import { err, ok, type Result } from "../../../lib/result";
import type { ResolvedLocation } from "../../../places/catalog";
import { checkSearch } from "./check-search";
import { searchConnections } from "./connections/search-connections";
import { type CursorPosition, decodeCursor, encodeCursor, queryFingerprint } from "./cursor";
import { popularityMember } from "./keys";
import { matchingOffers, pageAfter, sortKey, sortOffers } from "./offers";
import type { PageMemo, SearchPage } from "./page-memo";
import { readRouteDay } from "./route-day";
import type { RouteDaySnapshot } from "./snapshot";
import type { Offer, SearchInput } from "./types";

export interface SearchDeps {
  cache: TieredCache;
  versions: { get(originCity: string, destinationCity: string): Promise<string> };
  popularity: Popularity;
  loadRouteDay: (q: { originCodes: string[]; destinationCodes: string[]; date: string }) => Promise<RouteDaySnapshot>;
  /** Hub cities joining an origin and a destination on a date (connections/hubs.ts). */
  loadHubs: (q: { origin: ResolvedLocation; destination: ResolvedLocation; date: string }) => Promise<string[]>;
  now: () => number;
  waitUntil: (p: Promise<unknown>) => void;
  onOriginError?: (error: unknown) => void;
  /** Isolate-wide memo of pages computed from snapshots (by route-day, as_of and variant). */
  pages?: PageMemo;
}

export interface SearchResult extends SearchPage {
  origin: ResolvedLocation;
  destination: ResolvedLocation;
  freshness: Freshness;
}

/**
 * Offers for a route-day: direct departures and, when asked (`maxConnections: 1`) or when nothing
 * direct fits (`maxConnections` absent), itineraries with one connection, in one sorted list.
 */
export async function searchTrips({
  deps,
  input,
}: {
  deps: SearchDeps;
  input: SearchInput;
}): Promise<Result<SearchResult>> {
  const checked = checkSearch(input, deps.now());
  if (!checked.ok) return checked;
  const { origin, destination } = checked.value;
  const after = input.cursor ? decodeCursor(input, input.cursor) : null;
  if (input.cursor && !after) {
    return err("INVALID_CURSOR", "The cursor is malformed or belongs to a different search; start again without it.");
  }

  const count = deps.popularity.record(popularityMember(origin.code, destination.code, input.date)).catch(() => 0);
  deps.waitUntil(count);
  const isPopular = async () => (await count) >= CACHE_POLICY.popularThreshold;
  const direct = await fromOrigin(deps, readRouteDay(deps, origin, destination, input.date, isPopular));
  if (!direct.ok) return direct;
  const { key, lookup } = direct.value;
  const snapshot = lookup.value;
  if (input.maxConnections !== 1) {
    const now = deps.now();
    const page = pageOf(key, snapshot, input, after, now, deps.pages, () => matchingOffers(snapshot, input, now));
    if (input.maxConnections === 0 || page.total > 0) {
      return ok({ ...page, origin, destination, freshness: freshnessOf([lookup], now) });
    }
  }

  const found = await fromOrigin(deps, searchConnections(deps, { origin, destination }, input, isPopular));
  if (!found.ok) return found;
  const connections = found.value;
  const now = deps.now();
  // A combined page depends on every entry it was built from, and changes when any first leg leaves.
  const sources = [`${key}@${snapshot.asOf}`, ...connections.sources].join("+");
  const combined = { asOf: snapshot.asOf, departures: [...snapshot.departures, ...connections.firstLegs] };
  const page = pageOf(sources, combined, input, after, now, deps.pages, () =>
    sortOffers([...matchingOffers(snapshot, input, now), ...connections.offers(input, now)], input.sort),
  );
  return ok({ ...page, origin, destination, freshness: freshnessOf([lookup, ...connections.reads], now) });
}

/** Cache tiers never throw (a failing tier is a miss), so a read that throws is the origin: D1 is down or overloaded. */
async function fromOrigin<T>(deps: Pick<SearchDeps, "onOriginError">, read: Promise<T>): Promise<Result<T>> {
  try {
    return ok(await read);
  } catch (error) {
    deps.onOriginError?.(error);
    return err(
      "ORIGIN_UNAVAILABLE",
      "Trips cannot be read right now and no cached answer is fresh enough. Retry shortly.",
    );
  }
}

function pageOf(
  routeDay: string,
  snapshot: RouteDaySnapshot,
  input: SearchInput,
  after: CursorPosition | null,
  now: number,
  memo: PageMemo | undefined,
  offersOf: () => Offer[],
): SearchPage {
  const variant = `${queryFingerprint(input)}|${input.limit}|${input.cursor ?? ""}`;
  const known = memo?.get(routeDay, snapshot, variant, now);
  if (known) return known;
  const offers = offersOf();
  const { page, hasMore } = pageAfter(offers, input.sort, after, input.limit);
  const last = page.at(-1);
  const result: SearchPage = {
    offers: page,
    total: offers.length,
    nextCursor:
      hasMore && last
        ? encodeCursor(input, { sort: input.sort, key: sortKey(last, input.sort), offerId: last.id })
        : null,
  };
  memo?.set(routeDay, snapshot, variant, result, now);
  return result;
}
