import type { EventCategory } from "../model";
import type { EventCursor } from "./cursor";
import type { CityDaySnapshot, SnapshotEvent, SnapshotTier } from "./snapshot";
import type { EventResult, EventSort, SalesStatus } from "./types";

export interface ResultFilter {
  categories?: readonly EventCategory[];
  /** Ids the text search matched; undefined when there is no text. */
  matching?: ReadonlySet<string>;
}

export function salesStatus(openAt: number, closeAt: number, nowSeconds: number): SalesStatus {
  if (nowSeconds < openAt) return "not_open";
  return nowSeconds < closeAt ? "open" : "closed";
}

function priceFrom(event: SnapshotEvent, nowSeconds: number): number {
  const closes = (t: SnapshotTier) => Math.min(t.salesCloseAt ?? event.salesCloseAt, event.salesCloseAt);
  const buyable = event.tiers.filter((t) => t.remaining > 0 && closes(t) > nowSeconds);
  const prices = (buyable.length > 0 ? buyable : event.tiers).map((t) => t.priceMinor);
  return Math.min(...prices);
}

function toResult(snapshot: CityDaySnapshot, e: SnapshotEvent, nowSeconds: number): EventResult {
  return {
    id: e.id,
    name: e.name,
    category: e.category,
    performers: e.performers,
    venue: e.venue,
    cityCode: snapshot.cityCode,
    localDate: snapshot.date,
    timezone: e.timezone,
    startsAt: e.startsAt,
    endsAt: e.endsAt,
    currency: e.currency,
    priceFromMinor: priceFrom(e, nowSeconds),
    remaining: e.tiers.reduce((n, t) => n + t.remaining, 0),
    sales: {
      openAt: e.salesOpenAt,
      closeAt: e.salesCloseAt,
      status: salesStatus(e.salesOpenAt, e.salesCloseAt, nowSeconds),
    },
    popularity: e.popularity,
  };
}

export function sortKey(result: EventResult, sort: EventSort): number {
  switch (sort) {
    case "date":
      return result.startsAt;
    case "price":
      return result.priceFromMinor;
    case "popularity":
      // Most popular first, in the same ascending order as the other keys.
      return -result.popularity;
  }
}

const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Every event of the snapshots that has not started and fits the filter, in the requested order. Pure. */
export function matchingEvents(
  snapshots: readonly CityDaySnapshot[],
  filter: ResultFilter,
  sort: EventSort,
  nowMs: number,
): EventResult[] {
  const nowSeconds = Math.floor(nowMs / 1000);
  const results: EventResult[] = [];
  for (const snapshot of snapshots) {
    for (const e of snapshot.events) {
      if (e.startsAt <= nowSeconds) continue;
      if (filter.categories && !filter.categories.includes(e.category)) continue;
      if (filter.matching && !filter.matching.has(e.id)) continue;
      results.push(toResult(snapshot, e, nowSeconds));
    }
  }
  return results.sort((a, b) => sortKey(a, sort) - sortKey(b, sort) || compareIds(a.id, b.id));
}

/** The page after `after` (exclusive) in the order of matchingEvents. */
export function pageAfter(
  results: readonly EventResult[],
  sort: EventSort,
  after: EventCursor | null,
  limit: number,
): { page: EventResult[]; hasMore: boolean } {
  const start = after
    ? results.findIndex((r) => {
        const k = sortKey(r, sort);
        return k > after.key || (k === after.key && compareIds(r.id, after.id) > 0);
      })
    : 0;
  if (start === -1) return { page: [], hasMore: false };
  return { page: results.slice(start, start + limit), hasMore: start + limit < results.length };
}
