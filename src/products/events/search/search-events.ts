import { type Freshness, freshnessOf } from "../../../cache/freshness";
import { OriginBatch } from "../../../cache/origin-batch";
import type { Popularity } from "../../../cache/popularity";
import type { CacheLookup, TieredCache } from "../../../cache/tiered-cache";
import { CACHE_POLICY } from "../../../config";
import { sha256, toBase64Url } from "../../../lib/encoding";
import { err, ok, type Result } from "../../../lib/result";
import { type CursorScope, decodeCursor, encodeCursor } from "./cursor";
import { cityDayKey, cityDayMember, cityVersionKey, textMatchKey } from "./keys";
import { matchExpression, parseTextQuery } from "./match";
import { type ResolvedSearch, resolveSearch } from "./meaning";
import { matchingEvents, pageAfter, sortKey } from "./results";
import type { CityDaySnapshot } from "./snapshot";
import type { EventResult, EventSearchInput } from "./types";

export interface EventSearchDeps {
  /** City-day snapshots: memory → KV → Redis → D1. */
  days: TieredCache;
  /** Text matches: this isolate's memory → D1 (see docs/events.md for why not the shared tiers). */
  texts: TieredCache;
  versions: { get(key: string): Promise<string> };
  /** Counts a search of these city-days; resolves to each one's count in the window. */
  popularity: Pick<Popularity, "recordAll">;
  /** The snapshots of these days, in the order asked: one D1 query however many days miss. */
  loadCityDays: (q: { cityCode: string; dates: readonly string[] }) => Promise<CityDaySnapshot[]>;
  loadTextMatches: (q: { match: string; from: string; to: string }) => Promise<string[]>;
  now: () => number;
  waitUntil: (p: Promise<unknown>) => void;
  onOriginError?: (error: unknown) => void;
}

type Served = CacheLookup<unknown>["servedBy"];

export interface EventSearchResult {
  search: ResolvedSearch;
  events: EventResult[];
  total: number;
  nextCursor: string | null;
  /** The oldest, slowest and stalest of the entries combined. */
  freshness: Freshness;
  /** How many of the entries read came from each tier. */
  servedCounts: Partial<Record<Served, number>>;
}

/**
 * Events in a city over a range of local dates: one cached snapshot per day (read concurrently,
 * the days no tier holds read from D1 together in one query), plus, with text, one cached set of
 * matching ids; both are combined and paged here.
 */
export async function searchEvents({
  deps,
  input,
}: {
  deps: EventSearchDeps;
  input: EventSearchInput;
}): Promise<Result<EventSearchResult>> {
  const resolved = resolveSearch(input, deps.now());
  if (!resolved.ok) return resolved;
  const search = resolved.value;
  const text = input.q === undefined ? null : parseTextQuery(input.q);
  const match = text ? matchExpression(search.city.code, text) : "";
  const scope: CursorScope = {
    ...search.range,
    cityCode: search.city.code,
    categories: input.categories ?? [],
    match,
    sort: input.sort,
  };
  const after = input.cursor ? decodeCursor(scope, input.cursor) : null;
  if (input.cursor && !after) {
    return err("INVALID_CURSOR", "The cursor is malformed or belongs to a different search; start again without it.");
  }

  const version = await deps.versions.get(cityVersionKey(search.city.code));
  const members = search.dates.map((date) => cityDayMember(search.city.code, date));
  const counts = deps.popularity.recordAll(members).catch(() => new Map<string, number>());
  deps.waitUntil(counts);
  const cityCode = search.city.code;
  const batch = new OriginBatch<CityDaySnapshot>(search.dates.length, (indexes) =>
    deps.loadCityDays({ cityCode, dates: indexes.map((i) => search.dates[i] as string) }),
  );
  const day = (date: string, i: number) =>
    batch.lookup(
      deps.days,
      i,
      cityDayKey(cityCode, date, version),
      async () => ((await counts).get(members[i] ?? "") ?? 0) >= CACHE_POLICY.popularThreshold,
    );
  let lookups: CacheLookup<CityDaySnapshot>[];
  let matching: CacheLookup<string[]> | null;
  try {
    [lookups, matching] = await Promise.all([
      Promise.all(search.dates.map(day)),
      match ? textLookup(deps, search, match, version) : null,
    ]);
  } catch (error) {
    // Cache tiers never throw (a failing tier is a miss), so this is the origin: D1 is down or overloaded.
    deps.onOriginError?.(error);
    return err(
      "ORIGIN_UNAVAILABLE",
      "Events cannot be read right now and no cached answer is fresh enough. Retry shortly.",
    );
  }

  const now = deps.now();
  const results = matchingEvents(
    lookups.map((l) => l.value),
    {
      ...(input.categories ? { categories: input.categories } : {}),
      ...(matching ? { matching: new Set(matching.value) } : {}),
    },
    input.sort,
    now,
  );
  const { page, hasMore } = pageAfter(results, input.sort, after, input.limit);
  const last = page.at(-1);
  const read = matching ? [...lookups, matching] : lookups;
  return ok({
    search,
    events: page,
    total: results.length,
    nextCursor: hasMore && last ? encodeCursor(scope, { key: sortKey(last, input.sort), id: last.id }) : null,
    freshness: freshnessOf(read, now),
    servedCounts: read.reduce<Partial<Record<Served, number>>>((acc, l) => {
      acc[l.servedBy] = (acc[l.servedBy] ?? 0) + 1;
      return acc;
    }, {}),
  });
}

async function textLookup(deps: EventSearchDeps, search: ResolvedSearch, match: string, version: string) {
  const { from, to } = search.range;
  const key = textMatchKey(search.city.code, from, to, toBase64Url((await sha256(match)).slice(0, 16)), version);
  return deps.texts.get(
    key,
    () => deps.loadTextMatches({ match, from, to }),
    async () => false,
  );
}
