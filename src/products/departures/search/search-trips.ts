import { type Freshness, freshnessOf } from "../../../cache/freshness";
import type { Popularity } from "../../../cache/popularity";
import type { CacheLookup, TieredCache } from "../../../cache/tiered-cache";
import { CACHE_POLICY, SEARCH_LIMITS } from "../../../config";
import { err, ok, type Result } from "../../../lib/result";
import { daysBetween, localDate } from "../../../lib/time";
import { getPlace, type ResolvedLocation, resolveLocation } from "../../../places/catalog";
import { type CursorPosition, decodeCursor, encodeCursor, queryFingerprint } from "./cursor";
import { popularityMember, routeDayKey } from "./keys";
import { matchingOffers, pageAfter, sortKey } from "./offers";
import type { PageMemo, SearchPage } from "./page-memo";
import type { RouteDaySnapshot } from "./snapshot";
import type { SearchInput } from "./types";

export interface SearchDeps {
  cache: TieredCache;
  versions: { get(originCity: string, destinationCity: string): Promise<string> };
  popularity: Popularity;
  loadRouteDay: (q: { originCodes: string[]; destinationCodes: string[]; date: string }) => Promise<RouteDaySnapshot>;
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

export async function searchTrips({
  deps,
  input,
}: {
  deps: SearchDeps;
  input: SearchInput;
}): Promise<Result<SearchResult>> {
  const checked = checkMeaning(input, deps.now());
  if (!checked.ok) return checked;
  const { origin, destination } = checked.value;
  const after = input.cursor ? decodeCursor(input, input.cursor) : null;
  if (input.cursor && !after) {
    return err("INVALID_CURSOR", "The cursor is malformed or belongs to a different search; start again without it.");
  }

  const version = await deps.versions.get(origin.cityCode, destination.cityCode);
  const key = routeDayKey(origin.code, destination.code, input.date, version);
  const count = deps.popularity.record(popularityMember(origin.code, destination.code, input.date)).catch(() => 0);
  deps.waitUntil(count);
  let lookup: CacheLookup<RouteDaySnapshot>;
  try {
    lookup = await deps.cache.get(
      key,
      () =>
        deps.loadRouteDay({
          originCodes: origin.placeCodes,
          destinationCodes: destination.placeCodes,
          date: input.date,
        }),
      async () => (await count) >= CACHE_POLICY.popularThreshold,
    );
  } catch (error) {
    // Cache tiers never throw (a failing tier is a miss), so this is the origin: D1 is down or overloaded.
    deps.onOriginError?.(error);
    return err(
      "ORIGIN_UNAVAILABLE",
      "Trips cannot be read right now and no cached answer is fresh enough. Retry shortly.",
    );
  }

  const now = deps.now();
  const page = pageOf(key, lookup.value, input, after, now, deps.pages);
  return ok({
    ...page,
    origin,
    destination,
    freshness: freshnessOf([lookup], now),
  });
}

function pageOf(
  routeDay: string,
  snapshot: RouteDaySnapshot,
  input: SearchInput,
  after: CursorPosition | null,
  now: number,
  memo: PageMemo | undefined,
): SearchPage {
  const variant = `${queryFingerprint(input)}|${input.limit}|${input.cursor ?? ""}`;
  const known = memo?.get(routeDay, snapshot, variant, now);
  if (known) return known;
  const offers = matchingOffers(snapshot, input, now);
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

function checkMeaning(
  input: SearchInput,
  nowMs: number,
): Result<{ origin: ResolvedLocation; destination: ResolvedLocation }> {
  const origin = resolveLocation(input.origin);
  if (!origin) return err("UNKNOWN_PLACE", `No place or city has the code '${input.origin}'.`, { field: "origin" });
  const destination = resolveLocation(input.destination);
  if (!destination) {
    return err("UNKNOWN_PLACE", `No place or city has the code '${input.destination}'.`, { field: "destination" });
  }
  if (origin.cityCode === destination.cityCode) {
    return err("SAME_ORIGIN_DESTINATION", `${origin.code} and ${destination.code} are in the same city.`);
  }
  // "Today" is the origin's local date: a traveller in Tokyo may already search tomorrow's UTC date.
  const timezone = getPlace(origin.placeCodes[0] ?? "")?.timezone ?? "UTC";
  const today = localDate(nowMs, timezone);
  const ahead = daysBetween(today, input.date);
  if (ahead < 0) return err("DATE_IN_PAST", `${input.date} is before today (${today}) at ${origin.code}.`);
  if (ahead > SEARCH_LIMITS.maxDaysAhead) {
    return err(
      "DATE_TOO_FAR",
      `Searches reach at most ${SEARCH_LIMITS.maxDaysAhead} days ahead; ${input.date} is ${ahead}.`,
    );
  }
  return ok({ origin, destination });
}
